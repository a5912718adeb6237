// Lesson 5 (one-hot labels and categorical cross-entropy): to_categorical for a chosen digit,
// crossentropy([1,0], [0.5,0.5]) = 0.6931, and a slider p moving the prediction [p, 1-p] with the
// loss following it along its curve.
#pragma once
#include <array>
#include <vector>

#include "lessons/curve.h"
#include "lessons/step_model.h"

namespace dl::lessons {

// One class's share of the loss: -y log ŷ, computed by the engine's loss on that class alone.
struct CrossEntropyTerm {
  float y_true = 0.0f, y_pred = 0.0f;
  float term = 0.0f;
};

class CrossEntropyLesson final : public StepModel {
 public:
  static constexpr int kSliderSteps = 100;  // step i sets p = i / 100

  CrossEntropyLesson();  // digit 0 and p = 0.5, the workshop's examples

  static constexpr LessonId kId = LessonId::crossentropy;
  LessonId id() const override { return kId; }
  int step_count() const override { return kSliderSteps + 1; }
  // {lesson, step, steps, digit, one_hot, p, y_true, y_pred, terms, loss}
  std::string values_json() const override;
  std::string describe() const override;

  // One-hot part: Keras' to_categorical of a digit.
  void set_digit(int digit);  // clamped to 0..9
  int digit() const { return digit_; }
  const std::vector<float>& one_hot() const { return one_hot_; }

  // Loss part: y = [1, 0] and the prediction ŷ = [p, 1 - p].
  void set_probability(float p);  // a continuous slider; the step follows to the nearest 1/100
  float probability() const { return probability_; }
  const std::array<float, 2>& y_true() const { return y_true_; }
  const std::array<float, 2>& y_pred() const { return y_pred_; }
  const std::array<CrossEntropyTerm, 2>& terms() const { return terms_; }
  float loss() const { return loss_; }  // dl::categorical_crossentropy(y, ŷ)

  // The loss against p sampled at `samples` evenly spaced points of [0, 1], for plotting.
  std::vector<CurvePoint> loss_curve(int samples = kSliderSteps + 1) const;

 private:
  void update_current_step() override;
  void recompute();

  int digit_ = 0;
  std::vector<float> one_hot_;
  float probability_ = 0.5f;
  std::array<float, 2> y_true_{1.0f, 0.0f};
  std::array<float, 2> y_pred_{};
  std::array<CrossEntropyTerm, 2> terms_{};
  float loss_ = 0.0f;
};

}  // namespace dl::lessons
