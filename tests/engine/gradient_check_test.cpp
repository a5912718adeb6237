// Finite-difference gradient checks for every layer, activation and the loss, on random
// shapes. The scalar objective is L = sum(r * y) for a fixed random r, so dL/dy = r.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <functional>

#include "engine/activation.h"
#include "engine/layers.h"
#include "engine/loss.h"
#include "engine/random.h"

using namespace dl;

namespace {

// Compares an analytic gradient with central differences of `objective` w.r.t. `values`.
// Forward is float32, so tolerances are loose-ish but an error in a formula still fails.
void check_gradient(const char* what, std::vector<float>& values, const std::vector<float>& analytic,
                    const std::function<double()>& objective, float step = 1e-2f) {
  REQUIRE(values.size() == analytic.size());
  int failures = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const float saved = values[i];
    values[i] = saved + step;
    const double plus = objective();
    values[i] = saved - step;
    const double minus = objective();
    values[i] = saved;
    const double numeric = (plus - minus) / (2.0 * step);
    const double error = std::fabs(numeric - analytic[i]);
    if (error > 2e-3 + 2e-2 * std::fabs(numeric)) {
      if (++failures <= 5) MESSAGE(what << "[" << i << "]: analytic " << analytic[i] << " numeric " << numeric);
    }
  }
  CHECK_MESSAGE(failures == 0, what);
}

std::vector<float> random_values(Rng& rng, size_t n, float lo = -1.0f, float hi = 1.0f) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

// Checks dx and the parameter gradients of one layer at a random point.
void check_layer(const char* what, Layer& layer, const Shape& in_shape, int batch, Rng& rng, bool training = false) {
  const Shape out_shape = layer.build(in_shape);
  size_t param_count = 0;
  for (const ParamSpec& s : layer.param_specs()) param_count += shape_size(s.shape);
  std::vector<float> params = random_values(rng, param_count, -0.5f, 0.5f);
  Tensor x(batched(batch, in_shape));
  x.values() = random_values(rng, x.size());
  const std::vector<float> r = random_values(rng, shape_size(batched(batch, out_shape)));
  const ForwardContext ctx{training, 99, 5, 1, 0};
  LayerWorkspace ws;
  Tensor y;

  auto objective = [&]() {
    LayerWorkspace scratch;
    Tensor out;
    layer.forward(params.data(), x, out, scratch, ctx);
    double sum = 0.0;
    for (size_t i = 0; i < out.size(); ++i) sum += double(r[i]) * out[i];
    return sum;
  };
  layer.forward(params.data(), x, y, ws, ctx);
  Tensor dy(y.shape(), r), dx;
  // backward writes every parameter gradient: start from NaN, so one left unwritten fails the check
  std::vector<float> param_grads(param_count, std::numeric_limits<float>::quiet_NaN());
  layer.backward(params.data(), x, y, dy, &dx, param_grads.data(), ws, IncomingGradient::after_activation);
  check_gradient(what, x.values(), dx.values(), objective);
  if (param_count) check_gradient(what, params, param_grads, objective);
}

}  // namespace

TEST_CASE("gradient check: Dense with each trainable activation") {
  Rng rng(11);
  for (Activation a : {Activation::linear, Activation::sigmoid, Activation::relu, Activation::softmax}) {
    const int in = 3 + static_cast<int>(rng.below(6)), units = 2 + static_cast<int>(rng.below(6));
    Dense dense(units, a);
    check_layer(activation_name(a), dense, {in}, 1 + static_cast<int>(rng.below(4)), rng);
  }
}

TEST_CASE("gradient check: Conv2D, valid and same, kernels 1, 3, 5") {
  Rng rng(12);
  for (Padding padding : {Padding::valid, Padding::same}) {
    for (int k : {1, 3, 5}) {
      Conv2D conv(1 + static_cast<int>(rng.below(3)), k, Activation::sigmoid, padding);
      check_layer("conv2d", conv, {6 + static_cast<int>(rng.below(3)), 5 + static_cast<int>(rng.below(3)),
                                   1 + static_cast<int>(rng.below(3))},
                  2, rng);
    }
  }
  Conv2D relu_conv(3, 3, Activation::relu);
  check_layer("conv2d relu", relu_conv, {6, 6, 2}, 2, rng);
}

TEST_CASE("gradient check: MaxPooling2D, Dropout (training), Flatten") {
  Rng rng(13);
  MaxPooling2D pool(2, 2);
  check_layer("maxpool 2/2", pool, {6, 4, 3}, 2, rng);
  MaxPooling2D overlapping(3, 1);
  check_layer("maxpool 3/1", overlapping, {5, 5, 2}, 1, rng);
  Dropout drop(0.3f);
  check_layer("dropout", drop, {17}, 3, rng, /*training=*/true);
  Flatten flatten;
  check_layer("flatten", flatten, {3, 2, 2}, 2, rng);
}

TEST_CASE("gradient check: cross-entropy, alone and fused with softmax") {
  Rng rng(14);
  const int rows = 3, classes = 5;
  std::vector<float> logits = random_values(rng, rows * classes, -2, 2);
  std::vector<float> y(rows * classes, 0.0f);
  for (int r = 0; r < rows; ++r) y[static_cast<size_t>(r * classes) + rng.below(classes)] = 1.0f;

  auto loss_of_logits = [&]() {
    std::vector<float> p(logits.size());
    activation_forward(Activation::softmax, logits.data(), p.data(), rows, classes);
    double sum = 0.0;
    for (int r = 0; r < rows; ++r) sum += categorical_crossentropy(&y[r * classes], &p[r * classes], classes);
    return sum / rows;
  };
  std::vector<float> p(logits.size()), fused(logits.size());
  activation_forward(Activation::softmax, logits.data(), p.data(), rows, classes);
  softmax_crossentropy_grad(y.data(), p.data(), rows, classes, float(rows), fused.data());
  check_gradient("softmax+crossentropy", logits, fused, loss_of_logits, 1e-3f);

  // The unfused path (loss gradient, then softmax's Jacobian) agrees with the fused one.
  std::vector<float> dp(logits.size()), dz(logits.size());
  categorical_crossentropy_grad(y.data(), p.data(), rows, classes, float(rows), dp.data());
  activation_backward(Activation::softmax, p.data(), dp.data(), dz.data(), rows, classes);
  for (size_t i = 0; i < dz.size(); ++i) CHECK(dz[i] == doctest::Approx(fused[i]).epsilon(1e-4));

  std::vector<float> probabilities = random_values(rng, rows * classes, 0.05f, 1.0f);
  auto loss_of_probabilities = [&]() {
    double sum = 0.0;
    for (int r = 0; r < rows; ++r) sum += categorical_crossentropy(&y[r * classes], &probabilities[r * classes], classes);
    return sum / rows;
  };
  std::vector<float> grad(probabilities.size());
  categorical_crossentropy_grad(y.data(), probabilities.data(), rows, classes, float(rows), grad.data());
  check_gradient("crossentropy", probabilities, grad, loss_of_probabilities, 1e-3f);
}

TEST_CASE("one-pass bias and activation equal the two passes they replace, bit for bit") {
  Rng rng(5);
  const int rows = 7, cols = 13;
  for (Activation a : {Activation::linear, Activation::sigmoid, Activation::relu, Activation::softmax}) {
    CAPTURE(activation_name(a));
    const std::vector<float> z = random_values(rng, rows * cols, -3.0f, 3.0f), bias = random_values(rng, cols);
    std::vector<float> two_pass = z, one_pass = z;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) two_pass[static_cast<size_t>(r) * cols + c] += bias[static_cast<size_t>(c)];
    activation_forward(a, two_pass.data(), two_pass.data(), rows, cols);
    add_bias_and_activate(a, one_pass.data(), bias.data(), rows, cols);
    CHECK(one_pass == two_pass);

    const std::vector<float> da = random_values(rng, rows * cols);
    std::vector<float> dz_two = da, dz_one = da, bias_two(static_cast<size_t>(cols), 0.0f);
    std::vector<float> bias_one(static_cast<size_t>(cols), std::numeric_limits<float>::quiet_NaN());  // written, not added
    activation_backward(a, two_pass.data(), dz_two.data(), dz_two.data(), rows, cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) bias_two[static_cast<size_t>(c)] += dz_two[static_cast<size_t>(r) * cols + c];
    activation_backward_and_bias_grad(a, two_pass.data(), dz_one.data(), bias_one.data(), rows, cols);
    CHECK(dz_one == dz_two);
    CHECK(bias_one == bias_two);
  }
}
