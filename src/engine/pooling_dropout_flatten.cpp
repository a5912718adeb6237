// The parameter-free layers: MaxPooling2D (forward keeps each window's argmax for backward),
// Dropout (inverted, training only) and Flatten.
#include <algorithm>
#include <cstring>

#include "engine/layers.h"
#include "engine/random.h"

namespace dl {

// ---- MaxPooling2D ----

PoolWindow pool_window(const PoolGeometry& g, const float* image, int out_row, int out_col, int channel) {
  PoolWindow best;
  bool first = true;
  for (int pr = 0; pr < g.pool; ++pr) {
    for (int pc = 0; pc < g.pool; ++pc) {
      const int row = out_row * g.stride + pr, col = out_col * g.stride + pc;
      const int32_t index = (row * g.width + col) * g.channels + channel;
      if (first || image[index] > best.max) {  // ties keep the first, like Keras/TF
        best = {image[index], index};
        first = false;
      }
    }
  }
  return best;
}

MaxPooling2D::MaxPooling2D(int pool_size, int stride) {
  DL_CHECK(pool_size > 0 && stride >= 0);
  geometry_.pool = pool_size;
  geometry_.stride = stride == 0 ? pool_size : stride;
}

Shape MaxPooling2D::build(const Shape& input_shape) {
  DL_CHECK(input_shape.size() == 3 && "MaxPooling2D expects (height, width, channels)");
  input_shape_ = input_shape;
  geometry_.height = input_shape[0];
  geometry_.width = input_shape[1];
  geometry_.channels = input_shape[2];
  DL_CHECK(geometry_.out_height() > 0 && geometry_.out_width() > 0);
  output_shape_ = {geometry_.out_height(), geometry_.out_width(), geometry_.channels};
  return output_shape_;
}

std::string MaxPooling2D::describe() const {
  return "MaxPooling2D(" + std::to_string(geometry_.pool) + ", " + std::to_string(geometry_.stride) + ")";
}

namespace {
// pool_window for all channels of one output pixel at once. Channels are contiguous in NHWC,
// so the inner loop vectorizes; the scan order and the tie rule are pool_window's.
void pool_pixel(const PoolGeometry& g, const float* image, int out_row, int out_col, float* __restrict max,
                int32_t* __restrict argmax, int32_t image_offset) {
  const int C = g.channels;
  for (int pr = 0; pr < g.pool; ++pr)
    for (int pc = 0; pc < g.pool; ++pc) {
      const int row = out_row * g.stride + pr, col = out_col * g.stride + pc;
      const int32_t base = (row * g.width + col) * C;
      const float* __restrict pixel = image + base;
      if (pr == 0 && pc == 0) {
        for (int ch = 0; ch < C; ++ch) {
          max[ch] = pixel[ch];
          argmax[ch] = image_offset + base + ch;
        }
        continue;
      }
      for (int ch = 0; ch < C; ++ch) {
        const bool greater = pixel[ch] > max[ch];
        max[ch] = greater ? pixel[ch] : max[ch];
        argmax[ch] = greater ? image_offset + base + ch : argmax[ch];
      }
    }
}
}  // namespace

void MaxPooling2D::forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace& ws, const ForwardContext&) const {
  const PoolGeometry& g = geometry_;
  const int n = x.dim(0);
  const size_t in_image = static_cast<size_t>(g.height) * g.width * g.channels;
  y.resize(batched(n, output_shape_));
  ws.argmax.resize(y.size());
  size_t out = 0;
  for (int i = 0; i < n; ++i) {
    const float* image = x.data() + i * in_image;
    for (int r = 0; r < g.out_height(); ++r)
      for (int c = 0; c < g.out_width(); ++c, out += g.channels)
        pool_pixel(g, image, r, c, y.data() + out, ws.argmax.data() + out, static_cast<int32_t>(i * in_image));
  }
}

void MaxPooling2D::backward(const float*, const Tensor& x, const Tensor&, Tensor& dy, Tensor* dx, float*,
                            LayerWorkspace& ws, IncomingGradient) const {
  if (!dx) return;
  dx->resize(x.shape());
  dx->fill(0.0f);
  for (size_t out = 0; out < dy.size(); ++out) (*dx)[static_cast<size_t>(ws.argmax[out])] += dy[out];
}

// ---- Dropout ----

Shape Dropout::build(const Shape& input_shape) {
  DL_CHECK(rate_ >= 0.0f && rate_ < 1.0f);
  input_shape_ = output_shape_ = input_shape;
  return output_shape_;
}

std::string Dropout::describe() const { return "Dropout(" + std::to_string(rate_).substr(0, 4) + ")"; }

bool Dropout::keeps(float rate, const ForwardContext& ctx, int64_t example, int64_t element) {
  const uint64_t stream = ctx.seed ^ (ctx.step * 0x9E3779B97F4A7C15ull);
  const uint64_t who = (static_cast<uint64_t>(ctx.layer_index) << 48) ^ static_cast<uint64_t>(example);
  return hashed_uniform01(stream, who, static_cast<uint64_t>(element)) >= rate;
}

void Dropout::forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace& ws, const ForwardContext& ctx) const {
  y.resize(x.shape());
  if (!ctx.training || rate_ == 0.0f) {
    std::copy(x.values().begin(), x.values().end(), y.values().begin());
    ws.mask.clear();
    return;
  }
  const int n = x.dim(0);
  const size_t per_example = x.size() / static_cast<size_t>(n);
  const float scale = 1.0f / (1.0f - rate_);
  ws.mask.resize(x.size());
  for (int i = 0; i < n; ++i)
    for (size_t e = 0; e < per_example; ++e) {
      const size_t k = i * per_example + e;
      ws.mask[k] = keeps(rate_, ctx, ctx.first_example + i, static_cast<int64_t>(e)) ? scale : 0.0f;
      y[k] = x[k] * ws.mask[k];
    }
}

void Dropout::backward(const float*, const Tensor& x, const Tensor&, Tensor& dy, Tensor* dx, float*, LayerWorkspace& ws,
                       IncomingGradient) const {
  if (!dx) return;
  dx->resize(x.shape());
  if (ws.mask.empty()) {
    std::copy(dy.values().begin(), dy.values().end(), dx->values().begin());
    return;
  }
  for (size_t k = 0; k < dy.size(); ++k) (*dx)[k] = dy[k] * ws.mask[k];
}

// ---- Flatten ----

Shape Flatten::build(const Shape& input_shape) {
  input_shape_ = input_shape;
  output_shape_ = {static_cast<int>(shape_size(input_shape))};
  return output_shape_;
}

void Flatten::forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace&, const ForwardContext&) const {
  y.resize(batched(x.dim(0), output_shape_));
  std::copy(x.values().begin(), x.values().end(), y.values().begin());
}

void Flatten::backward(const float*, const Tensor& x, const Tensor&, Tensor& dy, Tensor* dx, float*, LayerWorkspace&,
                       IncomingGradient) const {
  if (!dx) return;
  dx->resize(x.shape());
  std::copy(dy.values().begin(), dy.values().end(), dx->values().begin());
}

}  // namespace dl
