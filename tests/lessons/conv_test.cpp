// The convolution lesson on a real digit: stepping all 676 output pixels reproduces the
// engine's conv2d_reference exactly and the CNN's first Conv2D layer.
#include "lessons/conv.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "engine/activation.h"
#include "engine/workshop_models.h"
#include "lessons/feature_maps.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

namespace {
// Every output pixel as the lesson's steps give it, in step order.
std::vector<float> step_through(ConvLesson& lesson) {
  std::vector<float> pixels;
  for (int t = 0; t < lesson.step_count(); ++t) {
    lesson.set_step(t);
    pixels.push_back(lesson.current().sum);
  }
  return pixels;
}
}  // namespace

TEST_CASE("conv lesson: 676 steps over X_train[1] equal conv2d_reference for every preset kernel") {
  const Dataset train = lesson_tests::load_mnist_or_fail("train");
  ConvLesson lesson;
  lesson.set_image(train, 1);
  REQUIRE(lesson.step_count() == 676);
  CHECK(lesson.out_rows() == 26);
  CHECK(lesson.out_cols() == 26);
  for (ConvKernelChoice choice : {ConvKernelChoice::vertical_edges, ConvKernelChoice::horizontal_edges,
                                  ConvKernelChoice::outline, ConvKernelChoice::blur, ConvKernelChoice::sharpen}) {
    INFO(kernel_choice_name(choice));
    lesson.set_kernel(choice);
    std::vector<float> reference(676);
    conv2d_reference(lesson.geometry(), 1, lesson.image().data(), lesson.kernel().data(), reference.data());
    CHECK(step_through(lesson) == reference);
    CHECK(lesson.feature_map().values() == reference);
    CHECK(lesson.feature_map_so_far().values() == reference);  // at the last step, all filled in
  }
}

TEST_CASE("conv lesson: one step shows the window, the nine products and their sum") {
  const Dataset train = lesson_tests::load_mnist_or_fail("train");
  ConvLesson lesson;
  lesson.set_image(train, 1);
  lesson.set_kernel(ConvKernelChoice::blur);
  lesson.set_step(lesson.step_of(14, 10));
  const ConvStep& s = lesson.current();
  CHECK(s.out_row == 14);
  CHECK(s.out_col == 10);
  float sum = 0.0f;
  for (int kh = 0; kh < 3; ++kh)
    for (int kw = 0; kw < 3; ++kw) {
      const size_t i = static_cast<size_t>(kh * 3 + kw);
      CHECK(s.window[i] == train.image(1)[(14 + kh) * 28 + (10 + kw)] / 255.0f);
      CHECK(s.products[i] == s.window[i] * s.weights[i]);
      sum += s.products[i];
    }
  CHECK(s.sum == doctest::Approx(sum).epsilon(1e-6));
  // The map so far: everything before this pixel is filled, everything after still 0.
  const Tensor& so_far = lesson.feature_map_so_far();
  CHECK(so_far[static_cast<size_t>(lesson.step())] == s.sum);
  CHECK(std::all_of(so_far.values().begin() + lesson.step() + 1, so_far.values().end(),
                    [](float v) { return v == 0.0f; }));
  CHECK(lesson.values_json().find(R"("kernel":"blur","filter":-1)") != std::string::npos);
  CHECK(lesson.values_json().find(R"("out_row":14,"out_col":10)") != std::string::npos);
}

TEST_CASE("conv lesson: a learned filter of the CNN's conv2d_1 matches the model's own layer output") {
  const Dataset train = lesson_tests::load_mnist_or_fail("train");
  Sequential cnn = make_workshop_cnn();
  cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam), 5);
  // Non-zero biases, so the comparison also checks which bias belongs to which filter.
  std::vector<float> params = cnn.parameters();
  const ParamView* bias = cnn.find_param("conv2d_1.bias");
  REQUIRE(bias);
  for (size_t f = 0; f < bias->count; ++f) params[bias->offset + f] = 0.01f * static_cast<float>(f) - 0.1f;
  REQUIRE(cnn.set_parameters(params).is_ok());

  const Tensor digit = digit_image(train, 1);
  std::vector<float> probabilities(10);
  cnn.predict(digit.data(), 1, probabilities.data());
  const Tensor& conv1 = cnn.layer_output(0);  // [1, 26, 26, 32]: relu(conv + bias)

  ConvLesson lesson;
  lesson.set_image(train, 1);
  for (int filter : {0, 7, 31}) {
    INFO("filter " << filter);
    REQUIRE(lesson.set_learned_kernel(cnn, filter).is_ok());
    CHECK(lesson.kernel_choice() == ConvKernelChoice::learned);
    const std::vector<float> pixels = step_through(lesson);
    const Tensor layer_channel = channel_grid(conv1, filter);
    const float b = params[bias->offset + static_cast<size_t>(filter)];
    for (size_t i = 0; i < pixels.size(); ++i)
      CHECK(relu(pixels[i] + b) == doctest::Approx(layer_channel[i]).epsilon(1e-5));
  }
  CHECK_FALSE(lesson.set_learned_kernel(cnn, 32).is_ok());
  CHECK_FALSE(lesson.set_learned_kernel(cnn, 0, "conv2d_2.kernel").is_ok());  // 32 input channels
  CHECK_FALSE(lesson.set_learned_kernel(cnn, 0, "nope.kernel").is_ok());
}

TEST_CASE("conv lesson: editing a weight makes a custom kernel; any small image works") {
  ConvLesson lesson;
  REQUIRE(
      lesson.set_image(Tensor({4, 5}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})).is_ok());
  CHECK(lesson.step_count() == 2 * 3);
  CHECK(lesson.image_index() == -1);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) lesson.set_kernel_weight(r, c, r == 1 && c == 1 ? 1.0f : 0.0f);
  CHECK(lesson.kernel_choice() == ConvKernelChoice::custom);
  // The identity kernel copies the centre pixels.
  CHECK(lesson.feature_map().values() == std::vector<float>{6, 7, 8, 11, 12, 13});
  CHECK_FALSE(lesson.set_image(Tensor({2, 2})).is_ok());
  CHECK_FALSE(lesson.set_image(Tensor({5, 5, 3})).is_ok());
}
