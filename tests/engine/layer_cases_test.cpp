// Tiny hand-computed cases for Conv2D and MaxPooling2D, input gradients included, and the
// per-element functions against the full kernels.
#include <doctest/doctest.h>

#include <numeric>

#include "engine/layers.h"
#include "engine/random.h"

using namespace dl;

namespace {
std::vector<float> conv_params(const Conv2D& conv, float kernel_value) {
  const Conv2DGeometry& g = conv.geometry();
  std::vector<float> p(static_cast<size_t>(g.patch_size()) * g.filters + g.filters, 0.0f);
  std::fill(p.begin(), p.begin() + static_cast<long>(g.patch_size()) * g.filters, kernel_value);
  return p;
}
}  // namespace

TEST_CASE("conv 3x3 of ones over 1..9: valid gives 45, same gives window sums") {
  Tensor x({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), y;
  LayerWorkspace ws;
  Conv2D valid(1, 3, Activation::linear, Padding::valid);
  valid.build({3, 3, 1});
  const std::vector<float> p = conv_params(valid, 1.0f);
  valid.forward(p.data(), x, y, ws, {});
  REQUIRE(y.shape() == Shape{1, 1, 1, 1});
  CHECK(y[0] == 45.0f);
  // Each input pixel is used once, so d(sum)/dx is all ones.
  Tensor dy({1, 1, 1, 1}, {1}), dx;
  std::vector<float> grads(p.size(), 0.0f);
  valid.backward(p.data(), x, y, dy, &dx, grads.data(), ws, IncomingGradient::after_activation);
  for (size_t i = 0; i < 9; ++i) CHECK(dx[i] == 1.0f);
  for (size_t i = 0; i < 9; ++i) CHECK(grads[i] == x[i]);  // dK = the patch itself
  CHECK(grads[9] == 1.0f);                                 // db

  Conv2D same(1, 3, Activation::linear, Padding::same);
  same.build({3, 3, 1});
  same.forward(p.data(), x, y, ws, {});
  REQUIRE(y.shape() == Shape{1, 3, 3, 1});
  const float expected[] = {12, 21, 16, 27, 45, 33, 24, 39, 28};
  for (size_t i = 0; i < 9; ++i) CHECK(y[i] == expected[i]);
  Tensor ones({1, 3, 3, 1}, std::vector<float>(9, 1.0f));
  std::fill(grads.begin(), grads.end(), 0.0f);
  same.backward(p.data(), x, y, ones, &dx, grads.data(), ws, IncomingGradient::after_activation);
  const float coverage[] = {4, 6, 4, 6, 9, 6, 4, 6, 4};  // windows covering each pixel
  for (size_t i = 0; i < 9; ++i) CHECK(dx[i] == coverage[i]);
}

TEST_CASE("max pooling 4x4 -> 2x2 with the gradient routed to each maximum") {
  Tensor x({1, 4, 4, 1}, {1, 3, 2, 1,  //
                          4, 2, 0, 5,  //
                          7, 1, 9, 8,  //
                          6, 5, 3, 2}),
      y, dx;
  LayerWorkspace ws;
  MaxPooling2D pool(2, 2);
  CHECK(pool.build({4, 4, 1}) == Shape{2, 2, 1});
  pool.forward(nullptr, x, y, ws, {});
  CHECK(y[0] == 4.0f);
  CHECK(y[1] == 5.0f);
  CHECK(y[2] == 7.0f);
  CHECK(y[3] == 9.0f);
  Tensor dy({1, 2, 2, 1}, {10, 20, 30, 40});
  pool.backward(nullptr, x, y, dy, &dx, nullptr, ws, IncomingGradient::after_activation);
  const float expected[] = {0, 0, 0, 0, 10, 0, 0, 20, 30, 0, 40, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < 16; ++i) CHECK(dx[i] == expected[i]);
}

TEST_CASE("conv: every output pixel from conv_output_pixel matches the im2col+GEMM kernel") {
  Rng rng(7);
  for (Padding padding : {Padding::valid, Padding::same}) {
    for (int k : {1, 3, 5}) {
      Conv2D conv(4, k, Activation::linear, padding);
      conv.build({9, 8, 3});
      const Conv2DGeometry& g = conv.geometry();
      std::vector<float> p(static_cast<size_t>(g.patch_size()) * g.filters + g.filters, 0.0f);
      for (size_t i = 0; i < static_cast<size_t>(g.patch_size()) * g.filters; ++i) p[i] = rng.uniform(-1, 1);
      Tensor x({2, 9, 8, 3}), y;
      for (float& v : x.values()) v = rng.uniform(-1, 1);
      LayerWorkspace ws;
      conv.forward(p.data(), x, y, ws, {});
      std::vector<float> reference(y.size());
      conv2d_reference(g, 2, x.data(), p.data(), reference.data());
      for (size_t i = 0; i < y.size(); ++i) CHECK(y[i] == doctest::Approx(reference[i]).epsilon(1e-5));
    }
  }
}

TEST_CASE("pool: pool_window over every window reproduces the layer, also with stride != pool") {
  Rng rng(3);
  MaxPooling2D pool(3, 2);
  pool.build({7, 7, 2});
  Tensor x({1, 7, 7, 2}), y;
  for (float& v : x.values()) v = rng.uniform(-1, 1);
  LayerWorkspace ws;
  pool.forward(nullptr, x, y, ws, {});
  const PoolGeometry& g = pool.geometry();
  CHECK(y.shape() == Shape{1, 3, 3, 2});
  size_t i = 0;
  for (int r = 0; r < g.out_height(); ++r)
    for (int c = 0; c < g.out_width(); ++c)
      for (int ch = 0; ch < g.channels; ++ch, ++i) CHECK(y[i] == pool_window(g, x.data(), r, c, ch).max);
}

TEST_CASE("dropout: inverted in training, identity at test time, independent of batch split") {
  Dropout drop(0.25f);
  drop.build({1000});
  Tensor x({2, 1000}), y;
  x.fill(1.0f);
  LayerWorkspace ws;
  ForwardContext ctx{true, 42, 7, 3, 0};
  drop.forward(nullptr, x, y, ws, ctx);
  int zeros = 0;
  for (float v : y.values()) {
    CHECK((v == 0.0f || v == doctest::Approx(1.0f / 0.75f)));
    zeros += v == 0.0f;
  }
  CHECK(zeros > 400);  // about 500 of 2000 expected
  CHECK(zeros < 600);
  // The second example alone, told where it sits in the batch, gets the same mask.
  Tensor second({1, 1000}), y2;
  second.fill(1.0f);
  ForwardContext shifted = ctx;
  shifted.first_example = 1;
  drop.forward(nullptr, second, y2, ws, shifted);
  for (size_t i = 0; i < 1000; ++i) CHECK(y2[i] == y[1000 + i]);
  ctx.training = false;
  drop.forward(nullptr, x, y, ws, ctx);
  for (float v : y.values()) CHECK(v == 1.0f);
}
