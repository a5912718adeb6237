// Seeded shuffling.
#include "engine/random.h"

#include <cstddef>
#include <numeric>
#include <utility>

namespace dl {

std::vector<int> shuffled_indices(int n, Rng& rng) {
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  for (int i = n - 1; i > 0; --i) std::swap(order[static_cast<size_t>(i)], order[rng.below(static_cast<uint32_t>(i + 1))]);
  return order;
}

}  // namespace dl
