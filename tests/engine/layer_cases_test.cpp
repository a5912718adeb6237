// Tiny hand-computed cases for Conv2D and MaxPooling2D, input gradients included, and the
// per-element functions against the full kernels.
#include <doctest/doctest.h>

#include <algorithm>
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

TEST_CASE("pool: pool_window over every window reproduces the layer, ties and argmax included") {
  Rng rng(3);
  for (int pool_size : {2, 3}) {
    MaxPooling2D pool(pool_size, 2);  // 3 with stride 2: overlapping windows
    pool.build({7, 7, 5});
    Tensor x({2, 7, 7, 5}), y;
    // Few distinct values, so many windows hold ties: the first maximum in scan order wins.
    for (float& v : x.values()) v = static_cast<float>(rng.below(4));
    LayerWorkspace ws;
    pool.forward(nullptr, x, y, ws, {});
    const PoolGeometry& g = pool.geometry();
    const int32_t in_image = 7 * 7 * 5;
    size_t i = 0;
    for (int image = 0; image < 2; ++image)
      for (int r = 0; r < g.out_height(); ++r)
        for (int c = 0; c < g.out_width(); ++c)
          for (int ch = 0; ch < g.channels; ++ch, ++i) {
            const PoolWindow w = pool_window(g, x.data() + image * in_image, r, c, ch);
            CHECK(y[i] == w.max);
            CHECK(ws.argmax[i] == image * in_image + w.argmax);
          }
    CHECK(i == y.size());
  }
}

TEST_CASE("conv: a batch split into im2col chunks gives the per-image outputs and gradients") {
  // 30x30x8 with a 3x3 kernel is one image per chunk, so a batch of 3 runs three chunks.
  Rng rng(11);
  Conv2D conv(6, 3, Activation::relu, Padding::same);
  conv.build({30, 30, 8});
  const Conv2DGeometry& g = conv.geometry();
  std::vector<float> p(static_cast<size_t>(g.patch_size()) * g.filters + g.filters);
  for (float& v : p) v = rng.uniform(-0.5f, 0.5f);
  const size_t in_image = 30 * 30 * 8, out_image = 30 * 30 * 6;
  Tensor x({3, 30, 30, 8}), y, dy_batch({3, 30, 30, 6}), dx;
  for (float& v : x.values()) v = rng.uniform(-1, 1);
  for (float& v : dy_batch.values()) v = rng.uniform(-1, 1);
  LayerWorkspace ws;
  conv.forward(p.data(), x, y, ws, {});
  std::vector<float> grads(p.size(), 0.0f);
  Tensor dy = dy_batch;
  conv.backward(p.data(), x, y, dy, &dx, grads.data(), ws, IncomingGradient::after_activation);

  std::vector<float> summed(p.size(), 0.0f);
  for (int i = 0; i < 3; ++i) {
    Tensor xi({1, 30, 30, 8}), yi, dyi({1, 30, 30, 6}), dxi;
    std::copy_n(x.data() + i * in_image, in_image, xi.data());
    std::copy_n(dy_batch.data() + i * out_image, out_image, dyi.data());
    LayerWorkspace wsi;
    conv.forward(p.data(), xi, yi, wsi, {});
    for (size_t k = 0; k < out_image; ++k) REQUIRE(yi[k] == doctest::Approx(y[i * out_image + k]).epsilon(1e-5));
    std::vector<float> image_grads(p.size(), -1.0f);  // backward writes over whatever is there
    conv.backward(p.data(), xi, yi, dyi, &dxi, image_grads.data(), wsi, IncomingGradient::after_activation);
    for (size_t k = 0; k < p.size(); ++k) summed[k] += image_grads[k];
    for (size_t k = 0; k < in_image; ++k) REQUIRE(dxi[k] == doctest::Approx(dx[i * in_image + k]).epsilon(1e-5));
  }
  for (size_t k = 0; k < p.size(); ++k) CHECK(grads[k] == doctest::Approx(summed[k]).epsilon(1e-4));
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
