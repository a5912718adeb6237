// PerceptronLesson: the neuron's output and a recorded run of the perceptron learning rule.
#include "lessons/perceptron.h"

#include <algorithm>
#include <cmath>

#include "engine/activation.h"
#include "engine/check.h"
#include "engine/gemm.h"
#include "engine/random.h"

namespace dl::lessons {

PerceptronOutput perceptron_output(std::span<const float> inputs, std::span<const float> weights, float threshold) {
  DL_CHECK(inputs.size() == weights.size() && !inputs.empty());
  const int n = static_cast<int>(inputs.size());
  PerceptronOutput out;
  for (int i = 0; i < n; ++i) out.products.push_back(inputs[static_cast<size_t>(i)] * weights[static_cast<size_t>(i)]);
  // The weighted sum is the 1 x n by n x 1 matrix product of the inputs and the weights.
  const GemmArgs dot{.m = 1, .n = 1, .k = n, .a = inputs.data(), .lda = n, .b = weights.data(), .ldb = 1};
  out.weighted_sum = matmul_cell(dot, 0, 0);
  out.threshold = threshold;
  out.output = unit_step(out.weighted_sum, threshold);
  return out;
}

const char* point_set_name(PointSet set) {
  switch (set) {
    case PointSet::separable: return "separable";
    case PointSet::and_gate: return "and";
    case PointSet::xor_gate: return "xor";
  }
  return "?";
}

std::vector<LabeledPoint> make_point_set(PointSet set, int count, uint64_t seed) {
  switch (set) {
    case PointSet::and_gate: return {{0, 0, -1}, {0, 1, -1}, {1, 0, -1}, {1, 1, 1}};
    case PointSet::xor_gate: return {{0, 0, -1}, {0, 1, 1}, {1, 0, 1}, {1, 1, -1}};
    case PointSet::separable: break;
  }
  // A hidden line n.p = c through the middle of [-1, 1]^2. Points closer to it than the margin
  // are redrawn: the margin bounds how many mistakes the rule can make (Novikoff), so the run
  // converges quickly. Each class gets half the points, so both are always present.
  constexpr float kMargin = 0.15f;
  Rng rng(seed);
  const float angle = rng.uniform(0.0f, 6.2831853f);
  const float nx = std::cos(angle), ny = std::sin(angle), c = rng.uniform(-0.3f, 0.3f);
  std::vector<LabeledPoint> points;
  int positives = 0, negatives = 0;
  const int wanted_positives = count / 2, wanted_negatives = count - count / 2;
  while (static_cast<int>(points.size()) < count) {
    const float x0 = rng.uniform(-1.0f, 1.0f), x1 = rng.uniform(-1.0f, 1.0f);
    const float distance = nx * x0 + ny * x1 - c;
    if (std::fabs(distance) < kMargin) continue;
    if (distance > 0 && positives < wanted_positives) {
      points.push_back({x0, x1, 1.0f});
      ++positives;
    } else if (distance < 0 && negatives < wanted_negatives) {
      points.push_back({x0, x1, -1.0f});
      ++negatives;
    }
  }
  return points;
}

PerceptronLesson::PerceptronLesson(PerceptronSettings settings) : settings_(settings) {
  neuron_output_ = perceptron_output(neuron_.inputs, neuron_.weights, neuron_.threshold);
  train();
  refresh();
}

void PerceptronLesson::set_neuron_input(int i, float value) {
  DL_CHECK(i >= 0 && i < static_cast<int>(neuron_.inputs.size()));
  neuron_.inputs[static_cast<size_t>(i)] = value;
  neuron_output_ = perceptron_output(neuron_.inputs, neuron_.weights, neuron_.threshold);
}

void PerceptronLesson::set_neuron_weight(int i, float value) {
  DL_CHECK(i >= 0 && i < static_cast<int>(neuron_.weights.size()));
  neuron_.weights[static_cast<size_t>(i)] = value;
  neuron_output_ = perceptron_output(neuron_.inputs, neuron_.weights, neuron_.threshold);
}

void PerceptronLesson::set_neuron_threshold(float threshold) {
  neuron_.threshold = threshold;
  neuron_output_ = perceptron_output(neuron_.inputs, neuron_.weights, neuron_.threshold);
}

void PerceptronLesson::set_point_set(PointSet set) {
  settings_.point_set = set;
  train();
  refresh();
}

void PerceptronLesson::set_point_count(int count) {
  settings_.points = count;
  train();
  refresh();
}

void PerceptronLesson::set_seed(uint64_t seed) {
  settings_.seed = seed;
  train();
  refresh();
}

void PerceptronLesson::set_learning_rate(float learning_rate) {
  if (!std::isfinite(learning_rate)) return;
  settings_.learning_rate = learning_rate;
  train();
  refresh();
}

void PerceptronLesson::set_max_epochs(int epochs) {
  settings_.max_epochs = epochs;
  train();
  refresh();
}

void PerceptronLesson::train() {
  settings_.points = std::clamp(settings_.points, 4, 200);
  settings_.max_epochs = std::clamp(settings_.max_epochs, 1, 500);
  points_ = make_point_set(settings_.point_set, settings_.points, settings_.seed);

  // Step 0 of the workshop's recipe: small random weights (a stream apart from the points').
  Rng rng(mix64(settings_.seed) ^ 0x5045524Cull);
  initial_line_ = {{rng.uniform(-0.5f, 0.5f), rng.uniform(-0.5f, 0.5f)}, rng.uniform(-0.5f, 0.5f)};

  history_.clear();
  errors_per_epoch_.clear();
  outcome_ = TrainingOutcome::no_separating_line;
  PerceptronLine line = initial_line_;
  for (int epoch = 1; epoch <= settings_.max_epochs; ++epoch) {
    int errors = 0;
    for (size_t i = 0; i < points_.size(); ++i) {
      PerceptronStep s;
      s.epoch = epoch;
      s.sample = static_cast<int>(i);
      s.point = points_[i];
      s.before = line;
      const float x[2] = {s.point.x0, s.point.x1};
      s.output = perceptron_output(x, line.weights, line.threshold);
      s.mistake = s.output.output != s.point.label;
      // The perceptron rule (Raschka, Python Machine Learning): w_i += ℓ (y - ŷ) x_i. The
      // threshold is a weight on a constant input of -1, so it moves the other way.
      s.update = settings_.learning_rate * (s.point.label - s.output.output);
      line.weights[0] += s.update * x[0];
      line.weights[1] += s.update * x[1];
      line.threshold -= s.update;
      s.after = line;
      errors += s.mistake ? 1 : 0;
      s.errors_in_epoch = errors;
      history_.push_back(std::move(s));
    }
    errors_per_epoch_.push_back(errors);
    if (errors == 0) {
      outcome_ = TrainingOutcome::converged;
      break;
    }
  }
}

std::string PerceptronLesson::verdict() const {
  const int epochs = static_cast<int>(errors_per_epoch_.size());
  if (outcome_ == TrainingOutcome::converged)
    return "converged in epoch " + std::to_string(epochs) + ": a whole pass with no mistakes";
  return "no line separates these: still " + std::to_string(errors_per_epoch_.back()) + " mistakes after " +
         std::to_string(epochs) + " epochs";
}

std::string PerceptronLesson::values_json() const {
  const PerceptronStep& s = current();
  JsonWriter json = json_header();
  json.string("point_set", point_set_name(settings_.point_set))
      .integer("epoch", s.epoch)
      .integer("sample", s.sample)
      .number("weighted_sum", s.output.weighted_sum)
      .number("output", s.output.output)
      .number("label", s.point.label)
      .boolean("mistake", s.mistake)
      .numbers("weights_after", s.after.weights)
      .number("threshold_after", s.after.threshold)
      .integer("errors_in_epoch", s.errors_in_epoch)
      .integers("errors_per_epoch", errors_per_epoch_)
      .boolean("converged", outcome_ == TrainingOutcome::converged)
      .begin_object("neuron")
      .number("weighted_sum", neuron_output_.weighted_sum)
      .number("threshold", neuron_output_.threshold)
      .number("output", neuron_output_.output)
      .end_object();
  return json.finish();
}

std::string PerceptronLesson::describe() const {
  const PerceptronStep& s = current();
  const std::vector<float> w(s.before.weights.begin(), s.before.weights.end());
  const std::vector<float> x{s.point.x0, s.point.x1};
  std::string text = "Epoch " + std::to_string(s.epoch) + ", point " + std::to_string(s.sample) + " of class " +
                     number_text(s.point.label) + ": w.x = " + products_text(w, x, 2) + " = " +
                     number_text(s.output.weighted_sum) + (s.output.output > 0 ? " >= " : " < ") + "threshold " +
                     number_text(s.before.threshold) + ", so the output is " + number_text(s.output.output);
  if (!s.mistake) return text + ": right, the line stays.";
  return text + ": a mistake, so the weights move by " + number_text(s.update) + " × x to (" +
         number_text(s.after.weights[0]) + ", " + number_text(s.after.weights[1]) + ").";
}

}  // namespace dl::lessons
