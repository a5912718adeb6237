// The perceptron lesson: the neuron's output, the learning rule converging on separable points
// (and AND), and never on XOR.
#include "lessons/perceptron.h"

#include <doctest/doctest.h>

#include "engine/activation.h"

using namespace dl;
using namespace dl::lessons;

namespace {
bool line_separates(const PerceptronLine& line, const std::vector<LabeledPoint>& points) {
  for (const LabeledPoint& p : points) {
    const float x[2] = {p.x0, p.x1};
    if (perceptron_output(x, line.weights, line.threshold).output != p.label) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("perceptron: f(x) = 1 if w.x >= θ else -1, the weighted sum a dot product") {
  const float x[] = {1, 2, 3}, w[] = {2, 4, 6};
  PerceptronOutput out = perceptron_output(x, w, 28.0f);
  CHECK(out.products == std::vector<float>{2, 8, 18});
  CHECK(out.weighted_sum == 28.0f);
  CHECK(out.output == 1.0f);  // 28 >= 28
  CHECK(perceptron_output(x, w, 28.5f).output == -1.0f);

  PerceptronLesson lesson;
  const PerceptronNeuron& n = lesson.neuron();
  CHECK(lesson.neuron_output().output == unit_step(lesson.neuron_output().weighted_sum, n.threshold));
  lesson.set_neuron_threshold(lesson.neuron_output().weighted_sum + 1.0f);
  CHECK(lesson.neuron_output().output == -1.0f);
  lesson.set_neuron_threshold(lesson.neuron_output().weighted_sum - 1.0f);
  CHECK(lesson.neuron_output().output == 1.0f);
  lesson.set_neuron_input(0, 0.0f);
  lesson.set_neuron_weight(1, 0.0f);
  CHECK(lesson.neuron_output().products[0] == 0.0f);
  CHECK(lesson.neuron_output().products[1] == 0.0f);
}

TEST_CASE("perceptron: the learning rule converges on a seeded separable point set") {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    INFO("seed " << seed);
    PerceptronSettings settings;
    settings.seed = seed;
    PerceptronLesson lesson(settings);
    REQUIRE(lesson.outcome() == TrainingOutcome::converged);
    CHECK(lesson.errors_per_epoch().back() == 0);
    CHECK(lesson.step_count() == static_cast<int>(lesson.errors_per_epoch().size() * lesson.points().size()));
    lesson.set_step(lesson.step_count() - 1);
    CHECK(line_separates(lesson.current().after, lesson.points()));
    CHECK(lesson.verdict().find("converged") == 0);
  }
}

TEST_CASE("perceptron: each step applies the rule to the line it was given") {
  PerceptronLesson lesson;
  REQUIRE(lesson.step_count() > 1);
  CHECK(lesson.current().before.weights == lesson.initial_line().weights);
  const float lr = lesson.settings().learning_rate;
  int mistakes = 0;
  for (int t = 0; t < lesson.step_count(); ++t) {
    lesson.set_step(t);
    const PerceptronStep& s = lesson.current();
    if (t > 0) {
      lesson.set_step(t - 1);
      const PerceptronLine previous_after = lesson.current().after;
      lesson.set_step(t);
      CHECK(s.before.weights == previous_after.weights);
      CHECK(s.before.threshold == previous_after.threshold);
    }
    CHECK(s.mistake == (s.output.output != s.point.label));
    if (s.mistake) {
      ++mistakes;
      CHECK(s.update == lr * 2.0f * s.point.label);
      CHECK(s.after.weights[0] == s.before.weights[0] + s.update * s.point.x0);
      CHECK(s.after.threshold == s.before.threshold - s.update);
    } else {
      CHECK(s.update == 0.0f);
      CHECK(s.after.weights == s.before.weights);
    }
  }
  CHECK(mistakes > 0);
}

TEST_CASE("perceptron: AND converges, XOR never does") {
  PerceptronLesson lesson;
  lesson.set_point_set(PointSet::and_gate);
  CHECK(lesson.points().size() == 4);
  CHECK(lesson.outcome() == TrainingOutcome::converged);

  lesson.set_point_set(PointSet::xor_gate);
  lesson.set_max_epochs(100);
  CHECK(lesson.outcome() == TrainingOutcome::no_separating_line);
  CHECK(lesson.errors_per_epoch().size() == 100);
  for (int errors : lesson.errors_per_epoch()) CHECK(errors > 0);
  CHECK(lesson.verdict().find("no line separates these") == 0);
  lesson.set_step(lesson.step_count() - 1);
  CHECK_FALSE(line_separates(lesson.current().after, lesson.points()));
  CHECK(lesson.values_json().find(R"("point_set":"xor")") != std::string::npos);
  CHECK(lesson.values_json().find(R"("converged":false)") != std::string::npos);
}
