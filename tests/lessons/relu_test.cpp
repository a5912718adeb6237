// The ReLU lesson: element by element, the same as dl::relu over the whole map.
#include "lessons/relu.h"

#include <doctest/doctest.h>

#include "engine/activation.h"
#include "lessons/conv.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("relu lesson: an edge-detector feature map before and after max(0, z)") {
  const Dataset train = lesson_tests::load_mnist_or_fail("train");
  ConvLesson conv;
  conv.set_image(train, 1);
  conv.set_kernel(ConvKernelChoice::vertical_edges);

  ReluLesson lesson;
  REQUIRE(lesson.set_feature_maps(conv.feature_map()).is_ok());
  REQUIRE(lesson.step_count() == 676);
  int negatives = 0;
  for (int t = 0; t < lesson.step_count(); ++t) {
    lesson.set_step(t);
    const ReluStep& s = lesson.current();
    CHECK(s.z == conv.feature_map()[static_cast<size_t>(t)]);
    CHECK(s.a == (s.z > 0.0f ? s.z : 0.0f));
    negatives += s.z < 0.0f ? 1 : 0;
    CHECK(lesson.zeroed_so_far() == negatives);
  }
  CHECK(negatives > 0);  // an edge detector answers both signs
  std::vector<float> expected(conv.feature_map().values());
  activation_forward(Activation::relu, expected.data(), expected.data(), 26, 26);
  CHECK(lesson.after().values() == expected);
  CHECK(lesson.after_so_far().values() == expected);
  CHECK(lesson.after_range().min == 0.0f);
  CHECK(lesson.before_range().min < 0.0f);
}

TEST_CASE("relu lesson: picks a channel from [H, W, C] maps and refuses bad input") {
  Tensor maps({2, 2, 2}, {-1, 1, 2, -2, -3, 3, 4, -4});  // channel 0: -1, 2, -3, 4
  ReluLesson lesson;
  REQUIRE(lesson.set_feature_maps(maps, 0).is_ok());
  CHECK(lesson.after().values() == std::vector<float>{0, 2, 0, 4});
  lesson.set_step(1);
  CHECK(lesson.values_json() ==
        R"({"lesson":"relu","step":1,"steps":4,"row":0,"col":1,"z":2,"a":2,"zeroed":false,"zeroed_so_far":1})");
  CHECK_FALSE(lesson.set_feature_maps(maps, 2).is_ok());
  CHECK_FALSE(lesson.set_feature_maps(Tensor({5}), 0).is_ok());
}
