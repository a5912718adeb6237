// A minimal JSON writer for the lessons' values_json() and the app's status(): compact objects of
// numbers, strings and arrays. Floats are written in their shortest form that reads back to the
// same float, so the text is small and identical natively and in WebAssembly; doubles with nine
// significant digits; NaN and infinities become null.
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

  // The same by the value's type, as the app's status writers use them; a double as "%.9g".
  JsonWriter& field(std::string_view key, std::string_view value) { return string(key, value); }
  JsonWriter& field(std::string_view key, const char* value) { return string(key, value); }
  JsonWriter& field(std::string_view key, bool value) { return boolean(key, value); }
  JsonWriter& field(std::string_view key, int64_t value) { return integer(key, value); }
  JsonWriter& field(std::string_view key, int value) { return integer(key, value); }
  JsonWriter& field(std::string_view key, double value);
  // A field whose value is already JSON text (e.g. a lesson's values_json()), copied verbatim.
  JsonWriter& raw_field(std::string_view key, std::string_view json);
  // A nested array field, filled with value() and closed with end_array().
  JsonWriter& begin_array(std::string_view key);
  JsonWriter& end_array();
  JsonWriter& value(std::string_view element);
  JsonWriter& value(double element);  // "%.9g"
  // An object as an array's element, closed with end_object().
  JsonWriter& begin_element();

  // Closes every open scope and returns the text; the writer is spent afterwards.
  std::string finish();

 private:
  struct Scope {
    char close;  // '}' or ']'
    bool empty;  // nothing written in it yet (no comma before the next entry)
  };
  void begin_scope(char open);
  void end_scope(char close);
  void separate(char scope_close);  // a comma unless first in the innermost scope, which must be this kind
  void write_key(std::string_view key);
  void write_string(std::string_view text);
  void write_double(double value);

  std::string out_;
  std::vector<Scope> scopes_;  // the open objects and arrays, innermost last
};

}  // namespace dl::lessons
