// Files in the browser: one exported entry point for files arriving from web/model_files.js and
// small EM_JS calls into window.digitlabFiles for downloads and the picker button.
#include "app/browser_files.h"

#include <array>
#include <utility>

#include <emscripten.h>

namespace browser_files {
namespace {

// Boundary state: reachable from JS only through the exported function below.
std::vector<ReceivedFile>& inbox() {
  static std::vector<ReceivedFile> files;
  return files;
}

}  // namespace

std::vector<ReceivedFile> take_received() { return std::exchange(inbox(), {}); }

}  // namespace browser_files

// Takes ownership of `bytes` (malloc'ed by JS, may be null when size is 0 or on error); `name` and
// `error` are copied. A non-empty `error` says why the browser could not read the file.
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_receive_model_file(const char* name, uint8_t* bytes, size_t size,
                                                                  const char* error) {
  browser_files::ReceivedFile f;
  f.name = name ? name : "";
  f.bytes.reset(bytes);
  f.size = bytes ? size : 0;
  f.error = error ? error : "";
  browser_files::inbox().push_back(std::move(f));
}

// (EM_JS bodies are one stringified line: comments inside must be block comments.)
// HEAPU8.slice copies out of the shared WASM memory: Blob refuses views on a SharedArrayBuffer.
EM_JS(void, digitlab_js_offer_download, (const char* name, const uint8_t* bytes, size_t size), {
  window.digitlabFiles.download(UTF8ToString(name), HEAPU8.slice(bytes, bytes + size));
});

EM_JS(void, digitlab_js_set_picker_button, (float x, float y, float w, float h, float dw, float dh, int clickable), {
  window.digitlabFiles.setPickerButton(clickable ? {x: x, y: y, w: w, h: h, displayW: dw, displayH: dh} : null);
});

EM_JS(void, digitlab_js_open_picker, (), { window.digitlabFiles.openPickerFromFrame(); });

namespace browser_files {

void offer_download(const std::string& file_name, const std::vector<uint8_t>& bytes) {
  digitlab_js_offer_download(file_name.c_str(), bytes.data(), bytes.size());
}

void set_picker_button(float x, float y, float w, float h, float display_w, float display_h, bool clickable) {
  // Cross into JS only when something changed (the button rarely moves).
  static std::array<float, 7> last{};  // boundary state, like the inbox
  const std::array<float, 7> now{x, y, w, h, display_w, display_h, clickable ? 1.0f : 0.0f};
  if (now == last) return;
  last = now;
  digitlab_js_set_picker_button(x, y, w, h, display_w, display_h, clickable ? 1 : 0);
}

void open_picker() { digitlab_js_open_picker(); }

}  // namespace browser_files
