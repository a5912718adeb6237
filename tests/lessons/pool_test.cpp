// The max-pooling lesson: stepping every 2 x 2 window equals the MaxPooling2D layer's forward
// pass on the CNN's real 24 x 24 x 32 feature maps.
#include "lessons/pool.h"

#include <doctest/doctest.h>

#include "engine/layers.h"
#include "engine/workshop_models.h"
#include "lessons/feature_maps.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("pool lesson: 144 windows per channel of conv2d_2's output equal MaxPooling2D forward") {
  const Dataset test = lesson_tests::load_mnist_or_fail("t10k");
  Sequential cnn = make_workshop_cnn();
  cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam), 9);
  const Tensor digit = digit_image(test, 0);
  std::vector<float> probabilities(10);
  cnn.predict(digit.data(), 1, probabilities.data());
  const Tensor& conv2 = cnn.layer_output(1);  // [1, 24, 24, 32]
  REQUIRE(conv2.shape() == Shape{1, 24, 24, 32});
  const Tensor& pooled_by_model = cnn.layer_output(2);  // [1, 12, 12, 32]

  // The layer on its own, too, as the brief for this lesson names it.
  MaxPooling2D layer(2, 2);
  layer.build({24, 24, 32});
  Tensor pooled_by_layer;
  LayerWorkspace workspace;
  layer.forward(nullptr, conv2, pooled_by_layer, workspace, {});

  PoolLesson lesson;
  for (int channel : {0, 13, 31}) {
    INFO("channel " << channel);
    REQUIRE(lesson.set_feature_maps(conv2, channel).is_ok());
    REQUIRE(lesson.step_count() == 144);
    const Tensor from_model = channel_grid(pooled_by_model, channel);
    const Tensor from_layer = channel_grid(pooled_by_layer, channel);
    const Tensor input = lesson.input_grid();
    for (int t = 0; t < 144; ++t) {
      lesson.set_step(t);
      const PoolStep& s = lesson.current();
      CHECK(s.max == from_layer[static_cast<size_t>(t)]);
      CHECK(s.max == from_model[static_cast<size_t>(t)]);
      // The highlighted position holds the maximum and lies inside the window.
      CHECK(input[static_cast<size_t>(s.max_row * 24 + s.max_col)] == s.max);
      CHECK(s.window[static_cast<size_t>(s.max_in_window)] == s.max);
      CHECK(s.max_row / 2 == s.out_row);
      CHECK(s.max_col / 2 == s.out_col);
    }
    CHECK(lesson.pooled().values() == from_layer.values());
  }
}

TEST_CASE("pool lesson: a hand-made 4 x 4 map") {
  // The classic picture: each 2 x 2 quadrant keeps its largest value.
  Tensor map({4, 4}, {1, 1, 2, 4,  //
                      5, 6, 7, 8,  //
                      3, 2, 1, 0,  //
                      1, 2, 3, 4});
  PoolLesson lesson;
  REQUIRE(lesson.set_feature_maps(map).is_ok());
  CHECK(lesson.step_count() == 4);
  lesson.set_step(lesson.step_count() - 1);
  CHECK(lesson.pooled().values() == std::vector<float>{6, 8, 3, 4});
  lesson.set_step(1);
  const PoolStep& s = lesson.current();
  CHECK(s.top == 0);
  CHECK(s.left == 2);
  CHECK(s.window == std::vector<float>{2, 4, 7, 8});
  CHECK(s.max_row == 1);
  CHECK(s.max_col == 3);
  CHECK(s.max_in_window == 3);
  CHECK(lesson.pooled_so_far().values() == std::vector<float>{6, 8, 0, 0});
  CHECK(lesson.values_json() ==
        R"({"lesson":"pool","step":1,"steps":4,"channel":0,"out_row":0,"out_col":1,"top":0,"left":2,)"
        R"("window":[2,4,7,8],"max":8,"max_row":1,"max_col":3})");
  CHECK_FALSE(lesson.set_channel(1).is_ok());
  CHECK_FALSE(lesson.set_feature_maps(Tensor({1, 5})).is_ok());
}
