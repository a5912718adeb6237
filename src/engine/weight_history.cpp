// Snapshot spacing and thinning (see weight_history.h).
#include "engine/weight_history.h"

#include <cmath>

#include "engine/check.h"

namespace dl {

bool WeightHistory::due(long long step) const {
  if (snapshots_.empty()) return true;
  const long long last = snapshots_.back().step;
  return step - last >= std::max(1LL, last / 8);
}

size_t WeightHistory::bytes() const {
  size_t total = 0;
  for (const WeightSnapshot& s : snapshots_) total += s.weights->size() * sizeof(float);
  return total;
}

void WeightHistory::add(long long step, double epochs_done, std::shared_ptr<const std::vector<float>> weights) {
  DL_CHECK(weights != nullptr);
  if (!snapshots_.empty() && snapshots_.back().step == step) snapshots_.pop_back();
  DL_CHECK(snapshots_.empty() || snapshots_.back().step < step);
  snapshots_.push_back({step, epochs_done, std::move(weights)});
  // Thin: drop the interior snapshot that leaves the smallest gap on a log scale of steps.
  auto at = [&](size_t i) { return std::log(static_cast<double>(snapshots_[i].step) + 1.0); };
  while (bytes() > budget_ && snapshots_.size() > 2) {
    size_t drop = 1;
    double narrowest = at(2) - at(0);
    for (size_t i = 2; i + 1 < snapshots_.size(); ++i) {
      const double gap = at(i + 1) - at(i - 1);
      if (gap < narrowest) {
        narrowest = gap;
        drop = i;
      }
    }
    snapshots_.erase(snapshots_.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  // A budget below two snapshots keeps the latest only.
  while (bytes() > budget_ && snapshots_.size() > 1) snapshots_.erase(snapshots_.begin());
}

}  // namespace dl
