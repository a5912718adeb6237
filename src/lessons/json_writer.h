// A minimal JSON writer for the lessons' values_json(): compact objects of numbers, strings and
// arrays. Floats are written in their shortest form that reads back to the same float, so the
// text is small and identical natively and in WebAssembly; NaN and infinities become null.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tensor.h"

namespace dl::lessons {

std::string format_float(float value);  // "0.6931472", "28", "null" for non-finite

class JsonWriter {
 public:
  JsonWriter() { begin_scope('{'); }  // the writer is always one top-level object

  JsonWriter& number(std::string_view key, float value);
  JsonWriter& integer(std::string_view key, long long value);
  JsonWriter& boolean(std::string_view key, bool value);
  JsonWriter& string(std::string_view key, std::string_view value);
  JsonWriter& numbers(std::string_view key, std::span<const float> values);
  JsonWriter& integers(std::string_view key, std::span<const int> values);
  JsonWriter& matrix(std::string_view key, const Tensor& rows_by_cols);  // [[...],[...]]

  JsonWriter& begin_object(std::string_view key);
  JsonWriter& end_object();

  // Closes every open scope and returns the text; the writer is spent afterwards.
  std::string finish();

 private:
  void begin_scope(char open);
  void write_key(std::string_view key);
  void write_string(std::string_view text);

  std::string out_;
  std::vector<bool> scope_is_empty_;  // one entry per open object, innermost last
};

}  // namespace dl::lessons
