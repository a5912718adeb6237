// Where dataset files downloaded by web/data.js arrive (digitlab_set_dataset_file) until the app
// takes them, once per frame, into its own state; the engine's IDX reader parses them from there.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace dataset_inbox {

// Bytes malloc'ed by JS in the WASM heap; ownership passes to C++ (no 47 MB copy).
struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

struct File {
  std::string name;  // e.g. "train-images-idx3-ubyte" (the raw IDX file, already inflated)
  std::unique_ptr<uint8_t, FreeDeleter> bytes;
  size_t size = 0;
};

// Files received since the last call, in arrival order. Browser main thread only.
std::vector<File> take();

}  // namespace dataset_inbox
