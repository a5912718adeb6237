// safetensors model files: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the raw little-endian float32 data. Readable by numpy in a few lines and by the
// `safetensors` library.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "engine/tensor.h"

namespace dl {

struct NamedTensor {
  std::string name;
  Shape shape;
  std::vector<float> values;
};

struct SafetensorsFile {
  std::vector<NamedTensor> tensors;  // in file order
  std::map<std::string, std::string> metadata;
  const NamedTensor* find(const std::string& name) const;
};

std::vector<uint8_t> encode_safetensors(const SafetensorsFile& file);
// Validates everything (header length, JSON syntax, dtype F32 only, shapes vs offsets, offsets
// inside the buffer and non-overlapping) before returning; never allocates more than the input
// size implies. With a `source` (a path or a file name), every message starts with it.
Result<SafetensorsFile> decode_safetensors(const uint8_t* bytes, size_t size);
Result<SafetensorsFile> decode_safetensors(std::string_view source, const uint8_t* bytes, size_t size);

Status write_safetensors_file(const std::string& path, const SafetensorsFile& file);
Result<SafetensorsFile> read_safetensors_file(const std::string& path);

}  // namespace dl
