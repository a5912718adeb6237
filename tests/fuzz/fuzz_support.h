// Shared by the libFuzzer targets: a check that says what broke before aborting, and a float
// picker that reaches the edge cases (NaN, infinities, 1e38, denormals) far more often than raw bits.
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

// A broken property: prints the condition and a printf-style explanation, then aborts, which
// libFuzzer reports as a crash and saves the input.
#define FUZZ_CHECK(cond, ...)                                                             \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                  \
      std::fputc('\n', stderr);                                                           \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace fuzz {

// Any float: a quarter of the time one of the values that break arithmetic, a quarter an
// ordinary value, half the time raw bits (every NaN payload and denormal included).
inline float any_float(FuzzedDataProvider& in) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  static constexpr float kSpecial[] = {
      std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(), kInf, -kInf, 0.0f, -0.0f,
      1.0f, -1.0f, 0.5f, 255.0f, 1e38f, -1e38f, std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
      std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(),
      -std::numeric_limits<float>::denorm_min(), 1e-30f, 3e38f, 1e19f, -1e19f, 16777217.0f};
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return kSpecial[in.ConsumeIntegralInRange<size_t>(0, std::size(kSpecial) - 1)];
    case 1: return in.ConsumeFloatingPointInRange<float>(-10.0f, 10.0f);
    default: return std::bit_cast<float>(in.ConsumeIntegral<uint32_t>());
  }
}

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
inline bool is_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
    if (extra == 9 || text.size() - i <= extra) return false;
    uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cont & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// A message fit to show: not empty, one line of printable UTF-8 (hostile names are escaped
// before they are quoted) and of a readable length.
inline bool is_displayable_message(std::string_view message, size_t max_length = 1200) {
  if (message.empty() || message.size() > max_length || !is_utf8(message)) return false;
  for (size_t i = 0; i < message.size(); ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    const bool c1 = c == 0xC2 && i + 1 < message.size() && static_cast<unsigned char>(message[i + 1]) < 0xA0;
    if (c < 0x20 || c == 0x7F || c1) return false;
  }
  return true;
}

inline bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace fuzz
