// A training run's history of weight snapshots within a memory budget (the page's time machine).
// A snapshot is taken when the run has gone about 1/8 further than the last one (so densely at
// the start, where most of the change happens, and sparsely later); when the budget is full, the
// snapshot whose neighbours are closest on a log scale of steps goes, keeping the first and the
// latest. Not thread-safe: the trainer guards it.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace dl {

struct WeightSnapshot {
  long long step = 0;       // optimizer steps taken when it was taken
  double epochs_done = 0;   // fractional epochs, the curves' x
  std::shared_ptr<const std::vector<float>> weights;
};

class WeightHistory {
 public:
  static constexpr size_t kDefaultBudgetBytes = size_t{64} << 20;
  explicit WeightHistory(size_t budget_bytes = kDefaultBudgetBytes) : budget_(budget_bytes) {}

  // Whether a snapshot at `step` is due (the first, or ~1/8 beyond the latest).
  bool due(long long step) const;
  // Adds one (a later step than the latest; the same step replaces it), then thins to the budget.
  void add(long long step, double epochs_done, std::shared_ptr<const std::vector<float>> weights);
  void clear() { snapshots_.clear(); }

  const std::vector<WeightSnapshot>& snapshots() const { return snapshots_; }
  size_t bytes() const;  // the weights the history holds
  size_t budget() const { return budget_; }

 private:
  size_t budget_;
  std::vector<WeightSnapshot> snapshots_;
};

}  // namespace dl
