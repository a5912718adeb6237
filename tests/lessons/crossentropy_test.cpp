// The cross-entropy lesson: to_categorical, crossentropy([1,0],[0.5,0.5]) = 0.6931, the slider.
#include "lessons/crossentropy.h"

#include <doctest/doctest.h>

#include <cmath>

#include "engine/loss.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("crossentropy lesson: one-hot of a digit is Keras' to_categorical") {
  CrossEntropyLesson lesson;
  CHECK(lesson.one_hot() == std::vector<float>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0});  // y_train[1] = 0
  lesson.set_digit(7);
  CHECK(lesson.one_hot() == std::vector<float>{0, 0, 0, 0, 0, 0, 0, 1, 0, 0});
  lesson.set_digit(42);
  CHECK(lesson.digit() == 9);
}

TEST_CASE("crossentropy lesson: crossentropy([1,0], [0.5,0.5]) = 0.6931 at the middle of the slider") {
  CrossEntropyLesson lesson;
  CHECK(lesson.step_count() == 101);
  CHECK(lesson.step() == 50);
  CHECK(lesson.probability() == 0.5f);
  CHECK(lesson.loss() == doctest::Approx(0.6931).epsilon(1e-4));
  CHECK(lesson.terms()[0].term == lesson.loss());  // y = 0 contributes nothing
  CHECK(lesson.terms()[1].term == 0.0f);
  CHECK(lesson.values_json().find(R"("p":0.5,"y_true":[1,0],"y_pred":[0.5,0.5])") != std::string::npos);
}

TEST_CASE("crossentropy lesson: the loss follows p, falling to 0 as the prediction becomes right") {
  CrossEntropyLesson lesson;
  lesson.set_probability(0.9f);
  CHECK(lesson.step() == 90);
  CHECK(lesson.probability() == 0.9f);
  CHECK(lesson.loss() == doctest::Approx(-std::log(0.9)).epsilon(1e-5));
  lesson.set_probability(0.123f);  // off the grid: the exact value is kept
  CHECK(lesson.step() == 12);
  CHECK(lesson.probability() == 0.123f);
  lesson.set_step(100);
  CHECK(lesson.probability() == 1.0f);
  CHECK(lesson.loss() < 1e-6f);
  lesson.set_step(0);  // the engine clips p to 1e-7, so the loss is large but finite
  CHECK(std::isfinite(lesson.loss()));
  CHECK(lesson.loss() == doctest::Approx(-std::log(1e-7)).epsilon(1e-4));

  const std::vector<CurvePoint> curve = lesson.loss_curve(51);
  REQUIRE(curve.size() == 51);
  CHECK(curve.front().x == 0.0f);
  CHECK(curve.back().x == 1.0f);
  for (size_t i = 1; i < curve.size(); ++i) CHECK(curve[i].y < curve[i - 1].y);
  CHECK(curve[25].y == doctest::Approx(0.6931).epsilon(1e-4));
}
