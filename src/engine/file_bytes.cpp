// read_file_bytes: stdio, so it behaves the same natively and in Emscripten's file system.
#include "engine/file_bytes.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dl {

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path, size_t max_bytes) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return Status::error("cannot open " + path + ": " + std::strerror(errno));
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{file};

  if (std::fseek(file, 0, SEEK_END) != 0) return Status::error("cannot seek in " + path);
  long end = std::ftell(file);
  if (end < 0) return Status::error("cannot get the size of " + path + " (is it over 2 GB?)");
  if (static_cast<unsigned long>(end) > max_bytes) {
    return Status::error(path + " is too large: " + std::to_string(end) + " bytes, the limit is " +
                         std::to_string(max_bytes));
  }
  std::rewind(file);
  std::vector<uint8_t> bytes(static_cast<size_t>(end));
  size_t got = std::fread(bytes.data(), 1, bytes.size(), file);
  if (got != bytes.size()) {
    return Status::error("cannot read " + path + ": got " + std::to_string(got) + " of " +
                         std::to_string(bytes.size()) + " bytes");
  }
  return bytes;
}

}  // namespace dl
