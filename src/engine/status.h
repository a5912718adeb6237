// Status and Result<T>: how expected failures (a corrupt file, bad user input) are reported.
// They carry a human-readable message the CLI prints and the UI shows; no exceptions cross
// the JS/WASM boundary.
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dl {

// Untrusted text (a name from a file) made safe to quote in a message: control characters
// (C0, DEL and C1, which a terminal may act on) become \xNN, and text over `max_bytes` is cut
// at a character boundary and ends in "...". Assumes UTF-8; other bytes pass through.
inline std::string printable(std::string_view text, size_t max_bytes = 80) {
  std::string out;
  size_t i = 0;
  for (; i < text.size() && out.size() < max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0 &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80;  // U+0080..U+009F
    if (c < 0x20 || c == 0x7F || c1) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", c1 ? static_cast<unsigned char>(text[++i]) : c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  // A cut inside a character finishes the character.
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) out += text[i++];
  if (i < text.size()) out += "...";
  return out;
}

class Status {
 public:
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }

  bool is_ok() const { return !message_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const std::string& message() const {
    static const std::string empty;
    return message_ ? *message_ : empty;
  }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)), status_(Status::ok()) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}                 // NOLINT
  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }
  const std::string& message() const { return status_.message(); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace dl
