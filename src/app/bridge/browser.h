// The one bridge between the app and the page's JavaScript: everything that crosses the JS/WASM
// boundary goes through here (files that arrive, downloads, the file picker, the URL hash, the
// window.digitlab object). Panels call this small typed API; only browser.cpp talks to JS.
// Browser main thread only; JS hands things over between frames and the app takes them per frame.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lessons/json_writer.h"

namespace browser {

// Bytes malloc'ed by JS in the WASM heap; ownership passes to C++ (no second copy).
struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};
using HeapBytes = std::unique_ptr<uint8_t, FreeDeleter>;

struct ReceivedFile {
  std::string name;  // "train-images-idx3-ubyte", "digitlab-mlp.safetensors", ...
  HeapBytes bytes;
  size_t size = 0;
  std::string error;  // why the browser could not hand the bytes over (then bytes is empty)
};

// Dataset files inflated by web/data.js, in arrival order, since the last call: MNIST's by their
// own names ("train-images-idx3-ubyte"), another dataset's as "<slug>/<file>"; a download that
// failed arrives as a file with only `error` ("fashion-mnist: ...").
std::vector<ReceivedFile> take_dataset_files();
// Downloads another dataset in MNIST's format (data/<slug>/*.gz), handed over as above.
void request_dataset(const std::string& slug);
// Model files the student picked or dropped on the page, since the last call.
std::vector<ReceivedFile> take_model_files();
// The URL hash the page opened with or changed to (hashchange, window.digitlab.openLesson) since
// the last call; the newest wins.
std::optional<std::string> take_link();

// Rewrites the URL's hash without adding a history entry ("#conv/step=17").
void replace_link(const std::string& hash);
// Copies the page's address (with its hash) to the clipboard, when the browser lets it.
void copy_link_to_clipboard();
// The page is a frame inside another page (a course page's <iframe>): it cannot be cross-origin
// isolated there, whatever its server sends, so it has no threads; a top-level tab can have them.
bool in_frame();
// Opens this page's address with `hash` in a new top-level tab (the embedding page stays as it is).
void open_page(const std::string& hash);
// The page's address without its hash ("https://example.org/digitlab/").
std::string page_address();
// Copies `text` to the clipboard, when the browser lets it.
void copy_text(const std::string& text);
// Offers `bytes` as a download named `file_name` (the browser saves it or asks where).
void offer_download(const std::string& file_name, const std::vector<uint8_t>& bytes);

// Where a button that opens the file picker is this frame, in ImGui display coordinates
// (display_w/h: ImGui's display size). Browsers open a picker only inside a user gesture, but
// ImGui sees a click one animation frame later, so JS opens the picker itself when a click lands
// on such a rectangle. Call each frame the button is drawn; `clickable` false when covered. A
// button not reported in a frame (its view is not shown) stops being one at publish time.
enum class PickerButton { load_model, import_digits, count };
void set_picker_button(PickerButton which, float x, float y, float w, float h, float display_w, float display_h,
                       bool clickable);
void publish_picker_buttons();  // at the end of each frame
// For a click ImGui saw but JS did not turn into a picker (JS ignores one it just opened).
void open_picker();

// The accessible layer (app/access/access.h): its document for web/access.js, what the live region says
// (an alert for errors), and the commands the page's controls sent since the last call.
void publish_access(const std::string& json);
void announce(const std::string& text, bool alert);
std::vector<std::string> take_commands();
// The keyboard's focus ring (app/access/focus_ring.h) as JSON, when it changed: the page puts the DOM focus
// on the ring item's accessible element, so a screen reader announces it.
void publish_ring(const std::string& json);
// What the page's DOM focus asked of the ring since the last call: its item (the element of that
// label got the focus; `page_edits`: the element edits the value itself), or the ring shown again
// (the canvas got the focus by keyboard; from_end +1 / -1: the first / last stop if it was nowhere), or
// hidden (the focus left the app).
struct FocusRequest {
  enum class Kind { item, show, hide } kind = Kind::item;
  std::string label;
  bool page_edits = false;
  int from_end = 0;
};
std::vector<FocusRequest> take_focus_requests();

// A setting remembered across visits (localStorage), e.g. "textSize"; nullopt when never saved or
// when the browser keeps no storage for the page.
std::optional<std::string> load_preference(const char* key);
void save_preference(const char* key, const std::string& value);
// Whether the device's main pointer is coarse (a finger): CSS (pointer: coarse).
bool coarse_pointer();
// Whether the system asks pages for light colours: CSS (prefers-color-scheme: light).
bool prefers_light();

// The page's WebGL context. The browser may take it away (a GPU reset, too many contexts, a test's
// WEBGL_lose_context) and give it back later with every GL object gone; install() allows it to
// come back. Whether it is gone right now (one cheap call: the platform asks every frame):
bool gl_context_lost();
// After a restore, Emscripten's GL layer still maps the app's GL names to objects of the lost
// context: forgets them all (so deleting an old name does nothing) and enables its extensions
// again, before the app makes its GL objects anew.
void forget_lost_gl_objects();
// The page's card over the blank canvas while the graphics are gone, saying so and offering Save
// model (`can_save`: there is a live model) and a reload; hidden again when `lost` is false.
void show_graphics_lost(bool lost, bool can_save);

// What window.digitlab offers besides the automation registry (app/bridge/automation.h).
struct Api {
  std::function<void(dl::lessons::JsonWriter&)> write_status;  // status()
  std::function<void()> repaint_all;                           // repaintAll()
};
// Defines window.digitlab (items, itemRect, status, repaintAll, openLesson), starts listening for
// hash changes and lets a lost WebGL context be restored. Call once, on the browser main thread,
// before the first frame.
void install(Api api);

}  // namespace browser
