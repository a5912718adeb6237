// Reading a whole file into memory with a size limit, for the loaders of untrusted files (MNIST's
// IDX files, safetensors models): an oversized file is refused before anything is allocated.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/status.h"

namespace dl {

// The bytes of the file at `path`; an error naming the file if it cannot be opened or read, or
// if it is larger than max_bytes.
Result<std::vector<uint8_t>> read_file_bytes(const std::string& path, size_t max_bytes);

}  // namespace dl
