// The images lesson on the real MNIST training set: X_train[1] is a 0, X_train[5] is a 2, and
// the pixel rows the workshop prints for X_train[1].
#include "lessons/images.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

namespace {
std::vector<int> inked_run(const ImagesLesson& lesson, int row) {
  std::vector<int> values;
  for (int c = 0; c < lesson.current().cols; ++c)
    if (lesson.pixel(row, c) != 0 || !values.empty()) values.push_back(lesson.pixel(row, c));
  while (!values.empty() && values.back() == 0) values.pop_back();
  return values;
}
}  // namespace

TEST_CASE("images lesson: browsing X_train by index") {
  const Dataset train = lesson_tests::load_mnist_or_fail("train");
  ImagesLesson lesson(train);
  CHECK(lesson.step_count() == 60000);

  lesson.set_index(1);
  CHECK(lesson.current().label == 0);
  CHECK(lesson.current().rows == 28);
  CHECK(lesson.current().cols == 28);
  // Rows the workshop prints for x_train[1] (the bottom of the 0).
  CHECK(inked_run(lesson, 20) == std::vector<int>{85, 252, 249, 146, 48, 29, 85, 178, 225, 253, 223, 167, 56});
  CHECK(inked_run(lesson, 22) == std::vector<int>{28, 199, 252, 252, 253, 252, 252, 233, 145});
  CHECK(inked_run(lesson, 23) == std::vector<int>{25, 128, 252, 253, 252, 141, 37});
  CHECK(std::equal(lesson.current().pixels.begin(), lesson.current().pixels.end(), train.image(1)));

  lesson.set_index(5);
  CHECK(lesson.current().label == 2);
  CHECK(lesson.values_json().find(R"("index":5,"rows":28,"cols":28,"label":2)") != std::string::npos);
  lesson.set_index(2);
  CHECK(lesson.current().label == 4);  // the workshop's classify_single_image(X_train[2]) = 4
  lesson.set_index(100);
  CHECK(lesson.current().label == 5);  // ... and X_train[100] = 5
}

TEST_CASE("images lesson: an empty dataset has no steps and no image") {
  const Dataset empty;
  ImagesLesson lesson(empty);
  CHECK(lesson.step_count() == 0);
  CHECK_FALSE(lesson.has_image());
  lesson.set_step(3);
  CHECK(lesson.step() == 0);
  CHECK(lesson.current().pixels.empty());
  CHECK(lesson.values_json() == R"({"lesson":"images","step":0,"steps":0,"index":0,"rows":0,"cols":0})");
}
