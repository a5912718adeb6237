// Files in the browser (the C++ side of web/model_files.js): bytes offered as a download, and
// files the user picks or drops arriving in one call each. Browser main thread only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace browser_files {

// Bytes malloc'ed by JS in the WASM heap; ownership passes to C++ (no second copy).
struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

struct ReceivedFile {
  std::string name;  // as the user's file system names it, e.g. "digitlab-mlp.safetensors"
  std::unique_ptr<uint8_t, FreeDeleter> bytes;
  size_t size = 0;
  std::string error;  // why the browser could not hand the bytes over (then bytes is empty)
};

// Files chosen in the picker or dropped on the page since the last call, in arrival order.
std::vector<ReceivedFile> take_received();

// Offers `bytes` as a download named `file_name` (the browser saves it or asks where).
void offer_download(const std::string& file_name, const std::vector<uint8_t>& bytes);

// Where the button that opens the file picker is this frame, in ImGui display coordinates
// (display_w/h: ImGui's display size). Browsers open a picker only inside a user gesture, but
// ImGui sees a click one animation frame later, so JS opens the picker itself when a click
// lands on this rectangle. Call every frame; `clickable` false when hidden or covered.
void set_picker_button(float x, float y, float w, float h, float display_w, float display_h, bool clickable);

// For a click ImGui saw but JS did not turn into a picker (it ignores one it just opened).
void open_picker();

}  // namespace browser_files
