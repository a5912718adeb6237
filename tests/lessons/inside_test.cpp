// Inside the CNN: every layer's output for one real digit, with the workshop's summary's shapes.
#include "lessons/inside.h"

#include <doctest/doctest.h>

#include <numeric>

#include "engine/workshop_models.h"
#include "lessons/feature_maps.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("inside lesson: the CNN's layers on X_test[0], shaped as the workshop's summary") {
  const Dataset test = lesson_tests::load_mnist_or_fail("t10k");
  Sequential cnn = make_workshop_cnn();
  cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam), 11);
  const Tensor digit = digit_image(test, 0);

  InsideLesson lesson;
  CHECK(lesson.step_count() == 0);
  CHECK_FALSE(lesson.has_run());
  CHECK(lesson.values_json() == R"({"lesson":"inside","step":0,"steps":0})");
  REQUIRE(lesson.run(cnn, digit.values()).is_ok());
  REQUIRE(lesson.step_count() == 12);

  const Shape shapes[] = {{26, 26, 32}, {24, 24, 32}, {12, 12, 32}, {10, 10, 64}, {8, 8, 64}, {4, 4, 64},
                          {1024},       {1024},       {1024},       {1024},       {1024},     {10}};
  const char* names[] = {"conv2d_1",  "conv2d_2", "max_pooling2d_1", "conv2d_3", "conv2d_4",  "max_pooling2d_2",
                         "flatten_1", "dense_1",  "dropout_1",       "dense_2",  "dropout_2", "dense_3"};
  for (int l = 0; l < 12; ++l) {
    INFO(names[l]);
    const LayerSnapshot& s = lesson.layers()[static_cast<size_t>(l)];
    CHECK(s.shape == shapes[l]);
    CHECK(s.name == names[l]);
    CHECK(s.spatial == (shapes[l].size() == 3));
    CHECK(s.values == cnn.layer_output(l).values());
    CHECK(s.channel_ranges.size() == static_cast<size_t>(s.maps.channels));
    CHECK(s.range.min <= s.range.max);
  }
  CHECK(lesson.layers()[0].tiles.columns == 8);
  CHECK(lesson.layers()[0].tiles.rows == 4);
  CHECK(lesson.layers()[7].tiles.columns == 32);

  // One feature map as a grid, and its colormap range.
  const Tensor map = lesson.channel(1, 5);
  CHECK(map.shape() == Shape{24, 24});
  CHECK(map[3 * 24 + 7] == lesson.value(1, 3, 7, 5));
  CHECK(map[3 * 24 + 7] == cnn.layer_output(1)[(3 * 24 + 7) * 32 + 5]);
  const ValueRange r = value_range(map.values());
  CHECK(r.min == lesson.layers()[1].channel_ranges[5].min);
  CHECK(r.max == lesson.layers()[1].channel_ranges[5].max);
  CHECK(r.min >= 0.0f);  // after relu

  const std::vector<float>& p = lesson.probabilities();
  CHECK(std::accumulate(p.begin(), p.end(), 0.0f) == doctest::Approx(1.0f).epsilon(1e-5));
  CHECK(p == lesson.layers().back().values);
  lesson.set_step(11);
  CHECK(lesson.values_json().find(R"("layer":"dense_3","kind":"Dense","shape":[10])") != std::string::npos);

  CHECK_FALSE(lesson.run(cnn, std::vector<float>(100)).is_ok());
}

TEST_CASE("tile layouts are near-square grids") {
  CHECK(tile_layout(32).columns == 8);
  CHECK(tile_layout(32).rows == 4);
  CHECK(tile_layout(64).columns == 8);
  CHECK(tile_layout(10).columns * tile_layout(10).rows >= 10);
  const TileLayout prime = tile_layout(13);
  CHECK(prime.columns * prime.rows >= 13);
  CHECK(prime.columns <= 4 * prime.rows);
  CHECK(tile_layout(1).columns == 1);
}
