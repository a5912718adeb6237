// The workshop's worked numbers, computed by the engine's own kernels.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/activation.h"
#include "engine/gemm.h"
#include "engine/layers.h"
#include "engine/loss.h"
#include "engine/workshop_models.h"

using namespace dl;

TEST_CASE("dense example: [1 2] x [[1,.5,2],[1,.5,2]] = [3, 1.5, 6], then sigmoid and softmax") {
  Dense dense(3, Activation::linear);
  dense.build({2});
  // Keras kernel layout [in, units], then the zero bias.
  const std::vector<float> params = {1, 0.5f, 2, 1, 0.5f, 2, 0, 0, 0};
  Tensor x({1, 2}, {1, 2}), y;
  LayerWorkspace ws;
  dense.forward(params.data(), x, y, ws, {});
  CHECK(y[0] == 3.0f);
  CHECK(y[1] == 1.5f);
  CHECK(y[2] == 6.0f);

  std::vector<float> s(3);
  activation_forward(Activation::sigmoid, y.data(), s.data(), 1, 3);
  CHECK(s[0] == doctest::Approx(0.95257413).epsilon(1e-6));
  CHECK(s[1] == doctest::Approx(0.81757448).epsilon(1e-6));
  CHECK(s[2] == doctest::Approx(0.99752738).epsilon(1e-6));

  std::vector<float> p(3);
  activation_forward(Activation::softmax, y.data(), p.data(), 1, 3);
  CHECK(std::fabs(p[0] - 0.04692926f) < 1e-6f);
  CHECK(std::fabs(p[1] - 0.01047133f) < 1e-6f);
  CHECK(std::fabs(p[2] - 0.94259941f) < 1e-6f);
}

TEST_CASE("crossentropy([1,0], [0.5,0.5]) = 0.6931") {
  const float y[] = {1, 0}, p[] = {0.5f, 0.5f};
  CHECK(categorical_crossentropy(y, p, 2) == doctest::Approx(0.693147).epsilon(1e-5));
}

TEST_CASE("perceptron unit step: 1 if w.x >= theta, else -1") {
  CHECK(unit_step(0.5f, 0.5f) == 1.0f);
  CHECK(unit_step(0.49f, 0.5f) == -1.0f);
  CHECK(unit_step(-3.0f, -4.0f) == 1.0f);
}

TEST_CASE("summary: the workshop's parameter counts and Keras table") {
  Sequential mlp = make_workshop_mlp();
  mlp.compile(OptimizerConfig::defaults(OptimizerKind::adam));
  CHECK(mlp.param_count() == 1251450);
  const std::string table = mlp.summary();
  CHECK(table.find("dense_1 (Dense)") != std::string::npos);
  CHECK(table.find("(None, 784)") != std::string::npos);
  CHECK(table.find("615440") != std::string::npos);
  CHECK(table.find("628000") != std::string::npos);
  CHECK(table.find("8010") != std::string::npos);
  CHECK(table.find("Total params: 1,251,450") != std::string::npos);

  Sequential cnn = make_workshop_cnn();
  cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam));
  CHECK(cnn.param_count() == 2174442);
  const std::vector<SummaryRow> rows = cnn.summary_rows();
  REQUIRE(rows.size() == 12);
  const size_t expected_params[] = {320, 9248, 0, 18496, 36928, 0, 0, 1049600, 0, 1049600, 0, 10250};
  const Shape expected_shapes[] = {{26, 26, 32}, {24, 24, 32}, {12, 12, 32}, {10, 10, 64}, {8, 8, 64}, {4, 4, 64},
                                   {1024},       {1024},       {1024},       {1024},       {1024},     {10}};
  for (size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].params == expected_params[i]);
    CHECK(rows[i].output_shape == expected_shapes[i]);
  }
  CHECK(rows[0].name == "conv2d_1");
  CHECK(rows[2].name == "max_pooling2d_1");
  CHECK(rows[8].name == "dropout_1");
  CHECK(cnn.summary().find("Total params: 2,174,442") != std::string::npos);
}
