// CrossEntropyLesson: one-hot vectors and the loss, both from the engine.
#include "lessons/crossentropy.h"

#include <algorithm>
#include <cmath>

#include "engine/dataset.h"
#include "engine/loss.h"

namespace dl::lessons {

CrossEntropyLesson::CrossEntropyLesson() {
  set_digit(0);
  set_probability(0.5f);
}

void CrossEntropyLesson::set_digit(int digit) {
  digit_ = std::clamp(digit, 0, Dataset::kClasses - 1);
  one_hot_ = to_categorical(digit_);
}

void CrossEntropyLesson::set_probability(float p) {
  if (std::isnan(p)) return;  // not a position on the slider
  p = std::clamp(p, 0.0f, 1.0f);
  set_step(static_cast<int>(std::lround(p * kSliderSteps)));  // sets the grid value of p...
  probability_ = p;                                           // ...which the exact slider value replaces
  recompute();
}

void CrossEntropyLesson::update_current_step() {
  probability_ = static_cast<float>(step()) / kSliderSteps;
  recompute();
}

void CrossEntropyLesson::recompute() {
  y_pred_ = {probability_, 1.0f - probability_};
  loss_ = categorical_crossentropy(y_true_.data(), y_pred_.data(), 2);
  for (size_t c = 0; c < 2; ++c)
    terms_[c] = {y_true_[c], y_pred_[c], categorical_crossentropy(&y_true_[c], &y_pred_[c], 1)};
}

std::vector<CurvePoint> CrossEntropyLesson::loss_curve(int samples) const {
  samples = std::max(samples, 2);
  std::vector<CurvePoint> curve;
  for (int i = 0; i < samples; ++i) {
    const float p = static_cast<float>(i) / static_cast<float>(samples - 1);
    const float prediction[2] = {p, 1.0f - p};
    curve.push_back({p, categorical_crossentropy(y_true_.data(), prediction, 2)});
  }
  return curve;
}

std::string CrossEntropyLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("digit", digit_)
      .numbers("one_hot", one_hot_)
      .number("p", probability_)
      .numbers("y_true", y_true_)
      .numbers("y_pred", y_pred_)
      .numbers("terms", std::array<float, 2>{terms_[0].term, terms_[1].term})
      .number("loss", loss_);
  return json.finish();
}

std::string CrossEntropyLesson::describe() const {
  return "The label " + std::to_string(digit_) + " one-hot is a 1 at position " + std::to_string(digit_) +
         " and 0 elsewhere. Predicting " + number_text(probability_) + " for the right class costs -(1 × log " +
         number_text(probability_) + ") = " + number_text(loss_) + ".";
}

}  // namespace dl::lessons
