// The JS → C++ hand-off for dataset files: one coarse call per file from web/data.js.
#include "app/dataset_inbox.h"

#include <utility>

#include <emscripten.h>

namespace dataset_inbox {
namespace {

// Boundary state: reachable from JS only through the exported function below.
std::vector<File>& pending() {
  static std::vector<File> files;
  return files;
}

}  // namespace

std::vector<File> take() { return std::exchange(pending(), {}); }

}  // namespace dataset_inbox

// Takes ownership of `bytes` (allocated with malloc by JS, freed by C++). `name` is copied.
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_set_dataset_file(const char* name, uint8_t* bytes, size_t len) {
  dataset_inbox::File f;
  f.name = name;
  f.bytes.reset(bytes);
  f.size = len;
  dataset_inbox::pending().push_back(std::move(f));
}
