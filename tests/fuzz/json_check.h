// A strict JSON (RFC 8259) validity check for the fuzz targets: one value, nothing after it,
// numbers finite when read as doubles. Returns an empty string when valid, else what is wrong.
#pragma once
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

class JsonCheck {
 public:
  explicit JsonCheck(std::string_view text) : text_(text) {}

  std::string run() {
    skip_space();
    if (!value(0)) return error_;
    skip_space();
    if (pos_ != text_.size()) return fail("text after the value");
    return {};
  }

 private:
  static constexpr int kMaxDepth = 64;

  std::string fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(pos_);
    return error_;
  }
  bool failed(const std::string& what) { return fail(what), false; }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return failed("bad literal");
    pos_ += word.size();
    return true;
  }

  bool value(int depth) {
    if (depth > kMaxDepth) return failed("nested too deeply");
    switch (peek()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

  bool object(int depth) {
    ++pos_;
    skip_space();
    if (peek() == '}') return ++pos_, true;
    for (;;) {
      skip_space();
      if (peek() != '"') return failed("expected a key");
      if (!string()) return false;
      skip_space();
      if (peek() != ':') return failed("expected ':'");
      ++pos_;
      skip_space();
      if (!value(depth + 1)) return false;
      skip_space();
      if (peek() == ',') { ++pos_; continue; }
      if (peek() == '}') return ++pos_, true;
      return failed("expected ',' or '}'");
    }
  }

  bool array(int depth) {
    ++pos_;
    skip_space();
    if (peek() == ']') return ++pos_, true;
    for (;;) {
      skip_space();
      if (!value(depth + 1)) return false;
      skip_space();
      if (peek() == ',') { ++pos_; continue; }
      if (peek() == ']') return ++pos_, true;
      return failed("expected ',' or ']'");
    }
  }

  bool string() {
    ++pos_;  // the opening quote
    while (pos_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return failed("raw control character in a string");
      if (c != '\\') continue;
      const char e = peek();
      ++pos_;
      if (e == 'u') {
        for (int i = 0; i < 4; ++i, ++pos_)
          if (!std::isxdigit(static_cast<unsigned char>(peek()))) return failed("bad \\u escape");
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0') {
        return failed("bad escape");
      }
    }
    return failed("unterminated string");
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, and finite as a double.
  bool number() {
    const size_t start = pos_;
    const auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return failed("expected a value");
    }
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return failed("no digits after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return failed("no digits in the exponent");
    }
    const std::string number(text_.substr(start, pos_ - start));
    if (!std::isfinite(std::strtod(number.c_str(), nullptr))) return failed("number out of range: " + number);
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

// "" when `text` is one valid JSON value, else what is wrong and where.
inline std::string json_error(std::string_view text) { return JsonCheck(text).run(); }

}  // namespace fuzz
