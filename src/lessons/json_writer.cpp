// JsonWriter: shortest round-trip floats (libc++ 13 in Emscripten lacks float to_chars, so
// the shortest %g precision that reads back exactly is searched instead).
#include "lessons/json_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/check.h"

namespace dl::lessons {

std::string format_float(float value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0.0f) return "0";  // also -0 (from -1 * 0), which would read as a stray sign
  char buffer[32];
  int precision = 1;
  for (; precision <= 9; ++precision) {  // 9 significant digits always round-trip a float
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(value));
    if (std::strtof(buffer, nullptr) == value) break;
  }
  // %g switches to an exponent when the precision is below the integer digits ("2e+01" for
  // 20); within ordinary magnitudes more digits give the plainer "20" instead.
  const float magnitude = std::fabs(value);
  while (std::strchr(buffer, 'e') && magnitude >= 1e-4f && magnitude < 1e9f && precision < 9) {
    ++precision;
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(value));
  }
  return buffer;
}

void JsonWriter::begin_scope(char open) {
  out_ += open;
  scopes_.push_back({open == '{' ? '}' : ']', true});
}

void JsonWriter::end_scope(char close) {
  DL_CHECK(scopes_.size() > 1 && scopes_.back().close == close && "end_object/end_array without its begin");
  out_ += close;
  scopes_.pop_back();
}

void JsonWriter::separate(char scope_close) {
  DL_CHECK(!scopes_.empty() && "the writer was already finished");
  DL_CHECK(scopes_.back().close == scope_close && "a keyed field in an array, or a bare value in an object");
  if (!scopes_.back().empty) out_ += ',';
  scopes_.back().empty = false;
}

void JsonWriter::write_double(double value) {
  if (!std::isfinite(value)) {
    out_ += "null";
    return;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  out_ += buffer;
}

void JsonWriter::write_string(std::string_view text) {
  out_ += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out_ += escaped;
    } else {
      out_ += c;
    }
  }
  out_ += '"';
}

void JsonWriter::write_key(std::string_view key) {
  separate('}');
  write_string(key);
  out_ += ':';
}

JsonWriter& JsonWriter::number(std::string_view key, float value) {
  write_key(key);
  out_ += format_float(value);
  return *this;
}

JsonWriter& JsonWriter::integer(std::string_view key, long long value) {
  write_key(key);
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view key, bool value) {
  write_key(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view key, std::string_view value) {
  write_key(key);
  write_string(value);
  return *this;
}

JsonWriter& JsonWriter::numbers(std::string_view key, std::span<const float> values) {
  write_key(key);
  out_ += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out_ += ',';
    out_ += format_float(values[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::integers(std::string_view key, std::span<const int> values) {
  write_key(key);
  out_ += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out_ += ',';
    out_ += std::to_string(values[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::matrix(std::string_view key, const Tensor& rows_by_cols) {
  DL_CHECK(rows_by_cols.rank() == 2);
  const int rows = rows_by_cols.dim(0), cols = rows_by_cols.dim(1);
  write_key(key);
  out_ += '[';
  for (int r = 0; r < rows; ++r) {
    if (r) out_ += ',';
    out_ += '[';
    for (int c = 0; c < cols; ++c) {
      if (c) out_ += ',';
      out_ += format_float(rows_by_cols[static_cast<size_t>(r) * cols + c]);
    }
    out_ += ']';
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
  write_key(key);
  begin_scope('{');
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  end_scope('}');
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, double value) {
  write_key(key);
  write_double(value);
  return *this;
}

JsonWriter& JsonWriter::raw_field(std::string_view key, std::string_view json) {
  write_key(key);
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
  write_key(key);
  begin_scope('[');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  end_scope(']');
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view element) {
  separate(']');
  write_string(element);
  return *this;
}

JsonWriter& JsonWriter::begin_element() {
  separate(']');
  begin_scope('{');
  return *this;
}

JsonWriter& JsonWriter::value(double element) {
  separate(']');
  write_double(element);
  return *this;
}

std::string JsonWriter::finish() {
  while (!scopes_.empty()) {
    out_ += scopes_.back().close;
    scopes_.pop_back();
  }
  return std::move(out_);
}

}  // namespace dl::lessons
