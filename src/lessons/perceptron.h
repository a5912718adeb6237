// Lesson 3 (the perceptron): a weighted sum and the unit step f(x) = 1 if w.x >= θ else -1,
// then the perceptron learning rule moving the line w.x = θ one sample at a time until every
// point is on its side — or, for XOR, never.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lessons/step_model.h"

namespace dl::lessons {

struct PerceptronOutput {
  std::vector<float> products;  // x_i * w_i
  float weighted_sum = 0.0f;    // w . x, through dl::matmul_cell
  float threshold = 0.0f;       // θ
  float output = 0.0f;          // dl::unit_step(w . x, θ): 1 or -1
};
PerceptronOutput perceptron_output(std::span<const float> inputs, std::span<const float> weights, float threshold);

// The single neuron the lesson opens with; the student edits all of it.
struct PerceptronNeuron {
  std::vector<float> inputs{1.0f, 0.5f, -1.0f};
  std::vector<float> weights{0.8f, -0.4f, 0.3f};
  float threshold = 0.2f;
};

struct LabeledPoint {
  float x0 = 0.0f, x1 = 0.0f;
  float label = 1.0f;  // the class: 1 or -1, the perceptron's two outputs
};

enum class PointSet {
  separable,  // a seeded cloud split by a hidden line, with a margin around it
  and_gate,   // (0,0) (0,1) (1,0) -> -1, (1,1) -> 1: one line separates them
  xor_gate,   // (0,1) (1,0) -> 1, (0,0) (1,1) -> -1: no line separates them
};
const char* point_set_name(PointSet set);  // "separable", "and", "xor"
std::vector<LabeledPoint> make_point_set(PointSet set, int count, uint64_t seed);

// The decision line w0 x0 + w1 x1 = θ; points with w.x >= θ are classified 1.
struct PerceptronLine {
  std::array<float, 2> weights{};
  float threshold = 0.0f;
};

struct PerceptronStep {
  int epoch = 1;   // 1-based pass over the points
  int sample = 0;  // index into points()
  LabeledPoint point;
  PerceptronOutput output;  // the prediction with the line as it was before this step
  bool mistake = false;     // output != label
  float update = 0.0f;      // ℓ (label - output): 0 when right, ±2ℓ when wrong
  PerceptronLine before, after;
  int errors_in_epoch = 0;  // mistakes so far in this epoch, this step included
};

enum class TrainingOutcome { converged, no_separating_line };

struct PerceptronSettings {
  PointSet point_set = PointSet::separable;
  int points = 20;  // size of the separable cloud (4..200); the gates always have 4
  uint64_t seed = 1;
  float learning_rate = 0.1f;
  int max_epochs = 50;  // 1..500; a run that still errs after this many gives up
};

class PerceptronLesson final : public StepModel {
 public:
  explicit PerceptronLesson(PerceptronSettings settings = {});

  static constexpr LessonId kId = LessonId::perceptron;
  LessonId id() const override { return kId; }
  int step_count() const override { return static_cast<int>(history_.size()); }  // one per sample seen
  // {lesson, step, steps, point_set, epoch, sample, weighted_sum, output, label, mistake,
  //  weights_after, threshold_after, errors_in_epoch, errors_per_epoch, converged,
  //  neuron: {weighted_sum, threshold, output}}
  std::string values_json() const override;
  std::string describe() const override;

  // The single neuron (not stepped): its output is recomputed on every edit.
  void set_neuron_input(int i, float value);
  void set_neuron_weight(int i, float value);
  void set_neuron_threshold(float threshold);
  const PerceptronNeuron& neuron() const { return neuron_; }
  const PerceptronOutput& neuron_output() const { return neuron_output_; }

  // Training inputs: each reruns the whole (small) training and keeps the step if still in range.
  void set_point_set(PointSet set);
  void set_point_count(int count);
  void set_seed(uint64_t seed);
  void set_learning_rate(float learning_rate);
  void set_max_epochs(int epochs);
  const PerceptronSettings& settings() const { return settings_; }

  const std::vector<LabeledPoint>& points() const { return points_; }
  const PerceptronLine& initial_line() const { return initial_line_; }  // small random values, "step 0"
  const PerceptronStep& current() const { return history_[static_cast<size_t>(step())]; }
  const std::vector<int>& errors_per_epoch() const { return errors_per_epoch_; }  // the whole run
  TrainingOutcome outcome() const { return outcome_; }
  std::string verdict() const;  // one sentence for the page

 private:
  void update_current_step() override {}  // current() reads the recorded history
  void train();

  PerceptronNeuron neuron_;
  PerceptronOutput neuron_output_;
  PerceptronSettings settings_;
  std::vector<LabeledPoint> points_;
  PerceptronLine initial_line_;
  std::vector<PerceptronStep> history_;
  std::vector<int> errors_per_epoch_;
  TrainingOutcome outcome_ = TrainingOutcome::no_separating_line;
};

}  // namespace dl::lessons
