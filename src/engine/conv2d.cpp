// Conv2D (stride 1, valid or same padding, odd square kernels) as im2col + GEMM, with the
// one-pixel function and a pixel-by-pixel reference beside it.
#include <algorithm>
#include <cstring>

#include "engine/gemm.h"
#include "engine/layers.h"

namespace dl {

float conv_output_pixel(const Conv2DGeometry& g, const float* x, const float* kernel, int out_row, int out_col,
                        int filter) {
  const int pad = g.pad();
  float sum = 0.0f;
  // Same order as an im2col row ((kh * KW + kw) * C + c), so the GEMM path sums alike.
  for (int kh = 0; kh < g.kernel; ++kh) {
    const int in_row = out_row + kh - pad;
    if (in_row < 0 || in_row >= g.height) continue;
    for (int kw = 0; kw < g.kernel; ++kw) {
      const int in_col = out_col + kw - pad;
      if (in_col < 0 || in_col >= g.width) continue;
      const float* pixel = x + (static_cast<size_t>(in_row) * g.width + in_col) * g.channels;
      const float* weights = kernel + (static_cast<size_t>(kh) * g.kernel + kw) * g.channels * g.filters + filter;
      for (int c = 0; c < g.channels; ++c) sum += pixel[c] * weights[static_cast<size_t>(c) * g.filters];
    }
  }
  return sum;
}

void conv2d_reference(const Conv2DGeometry& g, int n, const float* x, const float* kernel, float* y) {
  const size_t in_image = static_cast<size_t>(g.height) * g.width * g.channels;
  const size_t out_image = static_cast<size_t>(g.out_height()) * g.out_width() * g.filters;
  for (int i = 0; i < n; ++i)
    for (int r = 0; r < g.out_height(); ++r)
      for (int c = 0; c < g.out_width(); ++c)
        for (int f = 0; f < g.filters; ++f)
          y[i * out_image + (static_cast<size_t>(r) * g.out_width() + c) * g.filters + f] =
              conv_output_pixel(g, x + i * in_image, kernel, r, c, f);
}

namespace {
// The kernel columns kw in [first, last) of window (out_row r, out_col c) whose input pixel lies
// inside the image: their pixels are adjacent in the input row, as their values are in a patch row.
struct KernelColumns {
  int first, last;
};
KernelColumns columns_inside(const Conv2DGeometry& g, int out_col) {
  const int pad = g.pad();
  return {std::max(0, pad - out_col), std::min(g.kernel, g.width + pad - out_col)};
}

// Rows of patches: one row per output pixel, KH*KW*C values each (zeros where padded). Each
// kernel row of a window is one contiguous run of the input, copied at once.
void im2col(const Conv2DGeometry& g, int n, const float* x, float* columns) {
  const int pad = g.pad(), oh = g.out_height(), ow = g.out_width(), C = g.channels, K = g.kernel;
  const size_t in_image = static_cast<size_t>(g.height) * g.width * C;
  float* out = columns;
  for (int i = 0; i < n; ++i) {
    const float* image = x + i * in_image;
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) {
        const KernelColumns inside = columns_inside(g, c);
        for (int kh = 0; kh < K; ++kh, out += K * C) {
          const int in_row = r + kh - pad;
          if (in_row < 0 || in_row >= g.height) {
            std::fill(out, out + K * C, 0.0f);
            continue;
          }
          if (inside.first > 0) std::fill(out, out + inside.first * C, 0.0f);
          const float* run = image + (static_cast<size_t>(in_row) * g.width + c + inside.first - pad) * C;
          const int count = (inside.last - inside.first) * C;
          float* dst = out + inside.first * C;
          if (count == 3) {  // the first layer's 3 x 3 window on one channel: no memory.copy per row
            dst[0] = run[0], dst[1] = run[1], dst[2] = run[2];
          } else {
            std::memcpy(dst, run, sizeof(float) * static_cast<size_t>(count));
          }
          if (inside.last < K) std::fill(out + inside.last * C, out + K * C, 0.0f);
        }
      }
  }
}

// The adjoint of im2col: adds each patch gradient back onto the pixels it came from.
void col2im_add(const Conv2DGeometry& g, int n, const float* column_grad, float* dx) {
  const int pad = g.pad(), oh = g.out_height(), ow = g.out_width(), C = g.channels, K = g.kernel;
  const size_t in_image = static_cast<size_t>(g.height) * g.width * C;
  const float* in = column_grad;
  for (int i = 0; i < n; ++i) {
    float* image = dx + i * in_image;
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) {
        const KernelColumns inside = columns_inside(g, c);
        for (int kh = 0; kh < K; ++kh, in += K * C) {
          const int in_row = r + kh - pad;
          if (in_row < 0 || in_row >= g.height) continue;
          float* run = image + (static_cast<size_t>(in_row) * g.width + c + inside.first - pad) * C;
          const float* src = in + inside.first * C;
          const int count = (inside.last - inside.first) * C;
          for (int v = 0; v < count; ++v) run[v] += src[v];
        }
      }
  }
}
}  // namespace

Conv2D::Conv2D(int filters, int kernel_size, Activation activation, Padding padding) : activation_(activation) {
  DL_CHECK(filters > 0 && kernel_size > 0 && kernel_size % 2 == 1);
  geometry_.filters = filters;
  geometry_.kernel = kernel_size;
  geometry_.padding = padding;
}

Shape Conv2D::build(const Shape& input_shape) {
  DL_CHECK(input_shape.size() == 3 && "Conv2D expects (height, width, channels)");
  input_shape_ = input_shape;
  geometry_.height = input_shape[0];
  geometry_.width = input_shape[1];
  geometry_.channels = input_shape[2];
  DL_CHECK(geometry_.out_height() > 0 && geometry_.out_width() > 0);
  output_shape_ = {geometry_.out_height(), geometry_.out_width(), geometry_.filters};
  return output_shape_;
}

std::vector<ParamSpec> Conv2D::param_specs() const {
  const Conv2DGeometry& g = geometry_;
  return {{"kernel", {g.kernel, g.kernel, g.channels, g.filters}, Init::glorot_uniform,
           g.kernel * g.kernel * g.channels, g.kernel * g.kernel * g.filters},
          {"bias", {g.filters}, Init::zeros, 0, 0}};
}

std::string Conv2D::describe() const {
  return "Conv2D(" + std::to_string(geometry_.filters) + ", (" + std::to_string(geometry_.kernel) + ", " +
         std::to_string(geometry_.kernel) + "), " + activation_name(activation_) +
         (geometry_.padding == Padding::same ? ", same)" : ")");
}

namespace {
// The patches of a few images at a time, about 512 KB: the GEMMs then read them from the L2
// cache, and the workspace stays the same size whatever the batch.
constexpr size_t kChunkFloats = 128 * 1024;

int images_per_chunk(const Conv2DGeometry& g) {
  const size_t per_image = static_cast<size_t>(g.out_height()) * g.out_width() * g.patch_size();
  return static_cast<int>(std::max<size_t>(1, kChunkFloats / per_image));
}
}  // namespace

void Conv2D::forward(const float* params, const Tensor& x, Tensor& y, LayerWorkspace& ws, const ForwardContext&) const {
  const Conv2DGeometry& g = geometry_;
  const int n = x.dim(0);
  const int image_rows = g.out_height() * g.out_width();
  const size_t in_image = static_cast<size_t>(g.height) * g.width * g.channels;
  const float* kernel = params;
  const float* bias = params + static_cast<size_t>(g.patch_size()) * g.filters;
  const int chunk = images_per_chunk(g);
  ws.columns.resize(static_cast<size_t>(std::min(n, chunk)) * image_rows * g.patch_size());
  y.resize(batched(n, output_shape_));
  for (int first = 0; first < n; first += chunk) {
    const int images = std::min(chunk, n - first), rows = images * image_rows;
    float* out = y.data() + static_cast<size_t>(first) * image_rows * g.filters;
    im2col(g, images, x.data() + first * in_image, ws.columns.data());
    // [rows, KH*KW*C] x [KH*KW*C, F] = [rows, F], which is NHWC output already.
    gemm({Transpose::no, Transpose::no, rows, g.filters, g.patch_size(), ws.columns.data(), g.patch_size(), kernel,
          g.filters, 0.0f, out, g.filters});
    add_bias_and_activate(activation_, out, bias, rows, g.filters);
  }
}

// Recomputes each chunk's patches rather than keeping the whole batch's from forward: a copy
// from cache is cheaper than a round trip through memory.
void Conv2D::backward(const float* params, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx,
                      float* param_grads, LayerWorkspace& ws, IncomingGradient incoming) const {
  const Conv2DGeometry& g = geometry_;
  const int n = x.dim(0);
  const int image_rows = g.out_height() * g.out_width();
  const size_t in_image = static_cast<size_t>(g.height) * g.width * g.channels;
  float* dz = dy.data();
  float* kernel_grad = param_grads;
  float* bias_grad = param_grads + static_cast<size_t>(g.patch_size()) * g.filters;
  activation_backward_and_bias_grad(incoming == IncomingGradient::after_activation ? activation_ : Activation::linear,
                                    y.data(), dz, bias_grad, n * image_rows, g.filters);
  if (n == 0) std::fill(kernel_grad, kernel_grad + static_cast<size_t>(g.patch_size()) * g.filters, 0.0f);
  const int chunk = images_per_chunk(g);
  ws.columns.resize(static_cast<size_t>(std::min(n, chunk)) * image_rows * g.patch_size());
  if (dx) {
    ws.column_grad.resize(ws.columns.size());
    dx->resize(x.shape());
    dx->fill(0.0f);
  }
  for (int first = 0; first < n; first += chunk) {
    const int images = std::min(chunk, n - first), rows = images * image_rows;
    const float* dz_chunk = dz + static_cast<size_t>(first) * image_rows * g.filters;
    im2col(g, images, x.data() + first * in_image, ws.columns.data());
    // dK = patches^T dz over the first chunk, += over the others   [KH*KW*C, F]
    gemm({Transpose::yes, Transpose::no, g.patch_size(), g.filters, rows, ws.columns.data(), g.patch_size(),
          dz_chunk, g.filters, first == 0 ? 0.0f : 1.0f, kernel_grad, g.filters});
    if (dx) {
      // d(patches) = dz K^T   [rows, KH*KW*C]
      gemm({Transpose::no, Transpose::yes, rows, g.patch_size(), g.filters, dz_chunk, g.filters, params, g.filters,
            0.0f, ws.column_grad.data(), g.patch_size()});
      col2im_add(g, images, ws.column_grad.data(), dx->data() + first * in_image);
    }
  }
}

}  // namespace dl
