// The dense lesson: the workshop's [1 2] x [[1,.5,2],[1,.5,2]] = [3, 1.5, 6], its sigmoid and
// softmax, and a real network's layers stepped neuron by neuron against the model's forward pass.
#include "lessons/dense.h"

#include <doctest/doctest.h>

#include <cmath>

#include "engine/workshop_models.h"
#include "lessons/feature_maps.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("dense lesson: the workshop's example, neuron by neuron, then sigmoid, then softmax") {
  DenseLesson lesson;
  REQUIRE(lesson.step_count() == 3 + 3 + 1);
  const float sums[] = {3, 1.5f, 6};
  for (int j = 0; j < 3; ++j) {
    lesson.set_step(j);
    const DenseStep& s = lesson.current();
    CHECK(s.phase == DensePhase::weighted_sum);
    CHECK(s.neuron == j);
    CHECK(s.products.size() == 2);
    CHECK(s.weighted_sum == sums[j]);
    CHECK(s.pre_activation == sums[j]);
  }
  lesson.set_step(0);
  CHECK(lesson.current().products == std::vector<float>{1, 2});

  const double sigmoids[] = {0.95257413, 0.81757448, 0.99752738};
  for (int j = 0; j < 3; ++j) {
    lesson.set_step(3 + j);
    CHECK(lesson.current().phase == DensePhase::elementwise);
    CHECK(lesson.current().activation == Activation::sigmoid);
    CHECK(lesson.current().activation_value == doctest::Approx(sigmoids[j]).epsilon(1e-6));
  }

  lesson.set_step(6);
  CHECK(lesson.current().phase == DensePhase::softmax);
  const float softmax[] = {0.04692926f, 0.01047133f, 0.94259941f};
  for (size_t j = 0; j < 3; ++j) CHECK(std::fabs(lesson.softmax()[j] - softmax[j]) < 1e-6f);
  CHECK(lesson.exponential_sum() == doctest::Approx(427.996).epsilon(1e-5));
  CHECK(lesson.predicted_class() == 2);
  CHECK(lesson.values_json().find(R"("phase":"softmax")") != std::string::npos);
  CHECK(lesson.values_json().find(R"("z_so_far":[3,1.5,6])") != std::string::npos);
}

TEST_CASE("dense lesson: editing a weight recomputes; the JSON reveals only what was stepped") {
  DenseLesson lesson;
  lesson.set_step(1);
  CHECK(lesson.values_json().find(R"("z_so_far":[3,1.5])") != std::string::npos);
  lesson.set_weight(1, 1, 1.0f);  // neuron 1: 1*0.5 + 2*1
  CHECK(lesson.current().weighted_sum == 2.5f);
  lesson.set_input(0, 0.0f);
  CHECK(lesson.current().weighted_sum == 2.0f);
}

TEST_CASE("dense lesson: a real MLP's output layer on a real digit matches predict") {
  const Dataset test = lesson_tests::load_mnist_or_fail("t10k");
  Sequential model = make_workshop_mlp();
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 3);
  const Tensor digit = digit_image(test, 0);

  DenseLesson lesson;
  REQUIRE(lesson.load_from_model(model, digit.values()).is_ok());
  CHECK(lesson.input_count() == 800);
  CHECK(lesson.units() == 10);
  CHECK(lesson.activations_shown() == std::vector<Activation>{Activation::softmax});
  CHECK(lesson.step_count() == 10 + 1);
  CHECK(lesson.source() == "dense_3 of the model");

  // The stepped weighted sums (matmul_cell) against the engine's GEMM-based forward pass.
  lesson.set_step(lesson.step_count() - 1);
  REQUIRE(lesson.model_probabilities().size() == 10);
  for (size_t j = 0; j < 10; ++j)
    CHECK(lesson.softmax()[j] == doctest::Approx(lesson.model_probabilities()[j]).epsilon(1e-5));
  lesson.set_step(4);
  CHECK(lesson.current().products.size() == 800);
  // JSON stays compact: 800 products are left out, the 10 sums are not.
  CHECK(lesson.values_json().find("products") == std::string::npos);
  CHECK(lesson.values_json().find("z_so_far") != std::string::npos);
}

TEST_CASE("dense lesson: a hidden sigmoid layer stepped equals the model's layer output") {
  const Dataset test = lesson_tests::load_mnist_or_fail("t10k");
  Sequential model = make_workshop_mlp();
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 3);
  const Tensor digit = digit_image(test, 1);

  DenseLesson lesson;
  REQUIRE(lesson.load_from_model(model, digit.values(), 0).is_ok());
  CHECK(lesson.activations_shown() == std::vector<Activation>{Activation::sigmoid});
  CHECK(lesson.step_count() == 2 * 784);
  const Tensor& forward = model.layer_output(0);
  REQUIRE(forward.size() == 784);
  for (size_t j = 0; j < 784; ++j)
    CHECK(lesson.elementwise_activations()[j] == doctest::Approx(forward[j]).epsilon(1e-5));

  const Status refused = lesson.load_from_model(model, std::vector<float>(10), -1);
  CHECK_FALSE(refused.is_ok());
}

TEST_CASE("dense lesson: non-Dense layers and uncompiled models are refused") {
  Sequential cnn = make_workshop_cnn();
  DenseLesson lesson;
  CHECK_FALSE(lesson.load_from_model(cnn, std::vector<float>(784), -1).is_ok());  // not compiled
  cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
  const Status conv = lesson.load_from_model(cnn, std::vector<float>(784), 0);
  CHECK_FALSE(conv.is_ok());
  CHECK(conv.message().find("Conv2D") != std::string::npos);
  CHECK(lesson.source() == "workshop example");  // unchanged by refusals
}
