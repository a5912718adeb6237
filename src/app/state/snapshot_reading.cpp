// The time machine's model at the selected snapshot.
#include "app/state/snapshot_reading.h"

#include <algorithm>
#include <chrono>

namespace {

constexpr double kMeasureBudgetMs = 10;  // main-thread time per frame for measuring accuracy

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void advance_accuracy(SnapshotReading& r, const Datasets& data) {
  if (!data.test || !r.shown || r.accuracy.count(r.shown)) return;
  if (r.measuring != r.shown) {
    r.measuring = r.shown;
    r.measured = r.measured_right = 0;
    r.measure_started = now_ms();
  }
  const dl::Dataset& test = *data.test;
  const int total = std::min(quick_set_size(), test.count);
  const double start = now_ms();
  constexpr int kBatch = 25;
  std::vector<float> x(static_cast<size_t>(kBatch) * 784), p(static_cast<size_t>(kBatch) * dl::kClassCount);
  while (r.measured < total && now_ms() - start < kMeasureBudgetMs) {
    const int n = std::min(kBatch, total - r.measured);
    for (int i = 0; i < n; ++i) dl::image_to_input(test.image(r.measured + i), 784, &x[static_cast<size_t>(i) * 784]);
    r.model.model->predict(x.data(), n, p.data());
    for (int i = 0; i < n; ++i)
      r.measured_right += dl::argmax(&p[static_cast<size_t>(i) * dl::kClassCount], dl::kClassCount) ==
                          test.labels[static_cast<size_t>(r.measured + i)];
    r.measured += n;
  }
  if (r.measured == total) {
    r.accuracy[r.shown] = static_cast<double>(r.measured_right) / total;
    r.last_measure_seconds = (now_ms() - r.measure_started) / 1000.0;
    r.measuring = nullptr;
  }
}

}  // namespace

int quick_set_size() { return dl::TrainerConfig{}.quick_validation_size; }

void update_snapshot_reading(SnapshotReading& r, const std::vector<dl::WeightSnapshot>& h, int selected_index,
                             dl::ModelKind kind, const dl::PreprocessedDigit& drawing, const Datasets& data) {
  // Accuracies of snapshots the history has let go (their memory may be reused).
  for (auto it = r.accuracy.begin(); it != r.accuracy.end();)
    it = std::any_of(h.begin(), h.end(), [&](const dl::WeightSnapshot& w) { return w.weights.get() == it->first; })
             ? std::next(it)
             : r.accuracy.erase(it);
  if (h.empty()) {
    r.model = LiveModel{};
    r.shown = nullptr;
    return;
  }
  const int selected = std::clamp(selected_index, 0, static_cast<int>(h.size()) - 1);
  const dl::WeightSnapshot& snap = h[static_cast<size_t>(selected)];
  const double start = now_ms();
  const bool new_snapshot = r.shown != snap.weights.get();
  if (new_snapshot) {
    if (!r.model.set_weights(kind, *snap.weights, ModelOrigin::training)) return;
    r.shown = snap.weights.get();
    ++r.version;
    r.has_prediction = false;
  }
  const bool new_drawing = !std::equal(drawing.pixels.begin(), drawing.pixels.end(), r.predicted_input.begin());
  if (!drawing.empty && (!r.has_prediction || new_drawing)) {
    r.probabilities = r.model.predict(drawing.pixels.data());
    r.predicted_input = drawing.pixels;
    r.has_prediction = true;
  }
  if (drawing.empty) r.has_prediction = false;
  if (new_snapshot) r.show_ms = now_ms() - start;
  advance_accuracy(r, data);
}
