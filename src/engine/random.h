// Seeded, platform-independent random numbers: the same seed gives the same weights, shuffles
// and dropout masks natively and in WebAssembly (std:: distributions differ between
// libstdc++ and libc++, so none are used).
#pragma once
#include <cstdint>
#include <vector>

namespace dl {

// SplitMix64 finaliser: a good 64-bit mix, used both as a stream and as a counter-based hash.
inline uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return mix64(state_++ * 0x2545F4914F6CDD1Dull + 0x632BE59BD9B4E019ull); }
  float uniform01() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }  // [0, 1)
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(); }
  // Unbiased integer in [0, n) by rejection.
  uint32_t below(uint32_t n) {
    const uint64_t limit = (uint64_t{1} << 32) - ((uint64_t{1} << 32) % n);
    for (;;) {
      const uint64_t r = next() >> 32;
      if (r < limit) return static_cast<uint32_t>(r % n);
    }
  }

 private:
  uint64_t state_;
};

// Fisher-Yates shuffle of 0..n-1.
std::vector<int> shuffled_indices(int n, Rng& rng);

// A uniform [0,1) number that depends only on its key, so dropout masks do not depend on how a
// batch is split across threads.
inline float hashed_uniform01(uint64_t a, uint64_t b, uint64_t c) {
  const uint64_t h = mix64(mix64(mix64(a) ^ b) ^ c);
  return static_cast<float>(h >> 40) * (1.0f / 16777216.0f);
}

}  // namespace dl
