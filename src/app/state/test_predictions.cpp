// Test-set and personal predictions, budgeted per frame.
#include "app/state/test_predictions.h"

#include <algorithm>
#include <chrono>

#include "app/state/data.h"

namespace {

constexpr double kPredictBudgetMs = 8.0;  // main-thread time per frame for live predictions
// While training, the weights change several times a second: the images on screen are predicted
// again at most this often, so their marks do not flicker and the frames keep their time.
constexpr double kTrainingPageRefreshSeconds = 3.0;
constexpr size_t kBatch = 6;

using Clock = std::chrono::steady_clock;
using Source = TestPredictions::Source;

void start_over(TestPredictions& p, Source source, int count) {
  p.source = source;
  p.report.reset();
  p.predicted.assign(static_cast<size_t>(count), -1);
  p.fresh.assign(static_cast<size_t>(count), 0);
  p.fresh_count = 0;
  p.sweep_next = 0;
  p.has_confusion = false;
  p.confusion_stale = false;
  p.confusion = {};
  ++p.version;
  ++p.resets;
}

// The trainer's validation describes the weights the trainer produced; a model loaded from a
// file (or a finished run after Reset) is predicted here instead.
void sync_source(TestPredictions& p, const Datasets& data, const LiveModel& live,
                 const std::shared_ptr<const dl::ValidationReport>& report) {
  const int count = data.test->count;
  const bool use_report = report && live.ready() && live.origin == ModelOrigin::training &&
                          report->predictions.size() == static_cast<size_t>(count);
  if (use_report) {
    if (report == p.report) return;
    if (p.source != Source::validation) start_over(p, Source::validation, count);
    p.report = report;
    for (int i = 0; i < count; ++i) p.predicted[static_cast<size_t>(i)] = static_cast<int8_t>(report->predictions[static_cast<size_t>(i)]);
    std::fill(p.fresh.begin(), p.fresh.end(), 1);
    p.fresh_count = count;
    p.confusion = report->confusion;
    p.has_confusion = true;
    p.confusion_stale = false;
    ++p.version;  // the same filter, recounted for the new epoch
    return;
  }
  if (!live.ready()) {
    if (p.source != Source::none) start_over(p, Source::none, count);
    return;
  }
  if (p.source != Source::live || p.live_origin != live.origin || p.live_file != live.file_name) {
    start_over(p, Source::live, count);
    p.live_origin = live.origin;
    p.live_file = live.file_name;
    p.generation = live.generation;
    return;
  }
  if (p.generation != live.generation) {
    // New weights: keep showing the old predictions until each is redone, and say so.
    p.generation = live.generation;
    std::fill(p.fresh.begin(), p.fresh.end(), 0);
    p.fresh_count = 0;
    p.sweep_next = 0;
    p.confusion_stale = p.has_confusion;
  }
}

void predict(TestPredictions& p, const dl::Dataset& test, const LiveModel& live, const std::vector<int>& indices) {
  if (indices.empty()) return;
  const size_t pixels = test.pixels_per_image();
  std::vector<float> x(indices.size() * pixels), probabilities(indices.size() * dl::kClassCount);
  for (size_t k = 0; k < indices.size(); ++k) dl::image_to_input(test.image(indices[k]), pixels, &x[k * pixels]);
  live.model->predict(x.data(), static_cast<int>(indices.size()), probabilities.data());
  for (size_t k = 0; k < indices.size(); ++k) {
    const size_t i = static_cast<size_t>(indices[k]);
    p.predicted[i] = static_cast<int8_t>(dl::argmax(&probabilities[k * dl::kClassCount], dl::kClassCount));
    if (!p.fresh[i]) {
      p.fresh[i] = 1;
      ++p.fresh_count;
    }
  }
}

// Live predictions, a batch at a time within the frame's budget: the images on screen first, then
// (only while the weights hold still: training replaces them several times a second) the rest of
// the test set, after which the confusion matrix is counted.
void advance(TestPredictions& p, const dl::Dataset& test, const LiveModel& live, bool trainer_busy,
             std::span<const int> shown_first) {
  if (p.source != Source::live || !live.ready()) return;
  const auto start = Clock::now();
  auto within_budget = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count() < kPredictBudgetMs;
  };
  const double now = std::chrono::duration<double>(start.time_since_epoch()).count();
  // Never-predicted images always get a prediction; merely stale ones wait while training.
  const bool refresh_stale = !trainer_busy || now - p.page_predicted_at >= kTrainingPageRefreshSeconds;
  std::vector<int> batch;
  for (int i : shown_first) {
    if (i < 0 || i >= test.count) continue;
    const bool needed = p.predicted[static_cast<size_t>(i)] < 0 || (refresh_stale && !p.fresh[static_cast<size_t>(i)]);
    if (needed) batch.push_back(i);
    if (batch.size() == kBatch) {
      if (!within_budget()) return;
      predict(p, test, live, batch);
      batch.clear();
    }
  }
  if (!batch.empty()) {
    if (!within_budget()) return;
    predict(p, test, live, batch);
    batch.clear();
  }
  // The shown images are up to date: the next refresh while training waits from here.
  if (std::all_of(shown_first.begin(), shown_first.end(),
                  [&](int i) { return i < 0 || i >= test.count || p.fresh[static_cast<size_t>(i)] != 0; }))
    p.page_predicted_at = now;
  if (trainer_busy) return;
  while (p.sweep_next < test.count && within_budget()) {
    for (; p.sweep_next < test.count && batch.size() < kBatch; ++p.sweep_next)
      if (!p.fresh[static_cast<size_t>(p.sweep_next)]) batch.push_back(p.sweep_next);
    predict(p, test, live, batch);
    batch.clear();
  }
  if (p.fresh_count == test.count && (!p.has_confusion || p.confusion_stale)) {
    // Every image has a prediction by now (none is -1), so the int8 classes read as uint8.
    p.confusion = dl::confusion_matrix(test.labels.data(), reinterpret_cast<const uint8_t*>(p.predicted.data()), test.count);
    p.has_confusion = true;
    p.confusion_stale = false;
    ++p.version;
  }
}

}  // namespace

void update_test_predictions(TestPredictions& p, const Datasets& data, const LiveModel& live,
                             const std::shared_ptr<const dl::ValidationReport>& report, bool trainer_busy,
                             std::span<const int> shown_first, bool sweep) {
  if (p.test_set != data.test.get()) {  // another dataset chosen (or the first to arrive)
    p.test_set = data.test.get();
    if (data.test) start_over(p, Source::none, data.test->count);
  }
  if (!data.ready()) return;
  sync_source(p, data, live, report);
  if (sweep) advance(p, *data.test, live, trainer_busy, shown_first);
}

void update_personal_predictions(TestPredictions& p, const PersonalDigits& personal, const LiveModel& live) {
  const dl::Dataset& set = personal.set;
  if (p.personal_version != personal.version || p.personal_generation != live.generation) {
    p.personal.assign(static_cast<size_t>(set.count), -1);
    p.personal_version = personal.version;
    p.personal_generation = live.generation;
    p.personal_next = 0;
  }
  if (!live.ready()) return;
  const auto start = Clock::now();
  constexpr int kPersonalBatch = 8;
  const size_t pixels = 28 * 28;
  std::vector<float> x(kPersonalBatch * pixels), out(static_cast<size_t>(kPersonalBatch) * dl::kClassCount);
  while (p.personal_next < set.count &&
         std::chrono::duration<double, std::milli>(Clock::now() - start).count() < kPredictBudgetMs) {
    const int n = std::min(kPersonalBatch, set.count - p.personal_next);
    for (int k = 0; k < n; ++k) dl::image_to_input(set.image(p.personal_next + k), pixels, &x[static_cast<size_t>(k) * pixels]);
    live.model->predict(x.data(), n, out.data());
    for (int k = 0; k < n; ++k)
      p.personal[static_cast<size_t>(p.personal_next + k)] =
          static_cast<int8_t>(dl::argmax(&out[static_cast<size_t>(k) * dl::kClassCount], dl::kClassCount));
    p.personal_next += n;
  }
}
