// The layers of the workshop's networks: Flatten, Dense, Conv2D, MaxPooling2D, Dropout.
// Each kernel is built around the function for one output element (one conv output pixel,
// one pool window), which the lessons call too.
#pragma once
#include "engine/layer.h"

namespace dl {

class Flatten final : public Layer {
 public:
  const char* kind() const override { return "Flatten"; }
  const char* name_prefix() const override { return "flatten"; }
  Shape build(const Shape& input_shape) override;
  std::string describe() const override { return "Flatten()"; }
  void forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace&, const ForwardContext&) const override;
  void backward(const float*, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float*, LayerWorkspace&,
                IncomingGradient) const override;
};

// y = f(x W + b); kernel W is [in, units], bias b is [units].
class Dense final : public Layer {
 public:
  Dense(int units, Activation activation) : units_(units), activation_(activation) {}
  const char* kind() const override { return "Dense"; }
  const char* name_prefix() const override { return "dense"; }
  Shape build(const Shape& input_shape) override;
  std::vector<ParamSpec> param_specs() const override;
  Activation activation() const override { return activation_; }
  std::string describe() const override;
  void forward(const float* params, const Tensor& x, Tensor& y, LayerWorkspace& ws,
               const ForwardContext& ctx) const override;
  void backward(const float* params, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float* param_grads,
                LayerWorkspace& ws, IncomingGradient incoming) const override;
  int units() const { return units_; }
  int inputs() const { return inputs_; }

 private:
  int units_;
  int inputs_ = 0;
  Activation activation_;
};

enum class Padding { valid, same };

struct Conv2DGeometry {
  int height = 0, width = 0, channels = 0;  // input H, W, C
  int kernel = 3, filters = 1;              // KH = KW = kernel (odd), F
  Padding padding = Padding::valid;
  int out_height() const { return padding == Padding::same ? height : height - kernel + 1; }
  int out_width() const { return padding == Padding::same ? width : width - kernel + 1; }
  int pad() const { return padding == Padding::same ? kernel / 2 : 0; }
  int patch_size() const { return kernel * kernel * channels; }
};

// One output pixel before bias and activation: the sum over the window of input * kernel.
// x is one image [H, W, C]; kernel is [KH, KW, C, F]. Zero padding outside the image.
float conv_output_pixel(const Conv2DGeometry& g, const float* x, const float* kernel, int out_row, int out_col,
                        int filter);
// Reference convolution (no bias, no activation) over N images, pixel by pixel.
void conv2d_reference(const Conv2DGeometry& g, int n, const float* x, const float* kernel, float* y);

// y = f(conv(x, K) + b), stride 1; kernel K is [KH, KW, C, F] (Keras layout), bias [F].
class Conv2D final : public Layer {
 public:
  Conv2D(int filters, int kernel_size, Activation activation, Padding padding = Padding::valid);
  const char* kind() const override { return "Conv2D"; }
  const char* name_prefix() const override { return "conv2d"; }
  Shape build(const Shape& input_shape) override;
  std::vector<ParamSpec> param_specs() const override;
  Activation activation() const override { return activation_; }
  std::string describe() const override;
  void forward(const float* params, const Tensor& x, Tensor& y, LayerWorkspace& ws,
               const ForwardContext& ctx) const override;
  void backward(const float* params, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float* param_grads,
                LayerWorkspace& ws, IncomingGradient incoming) const override;
  const Conv2DGeometry& geometry() const { return geometry_; }

 private:
  Conv2DGeometry geometry_;
  Activation activation_;
};

struct PoolGeometry {
  int height = 0, width = 0, channels = 0;
  int pool = 2, stride = 2;
  int out_height() const { return (height - pool) / stride + 1; }
  int out_width() const { return (width - pool) / stride + 1; }
};

struct PoolWindow {
  float max = 0.0f;
  int32_t argmax = 0;  // flat index into the image [H, W, C]
};
// One output element: the maximum of a pool x pool window of one channel of one image.
PoolWindow pool_window(const PoolGeometry& g, const float* image, int out_row, int out_col, int channel);

class MaxPooling2D final : public Layer {
 public:
  explicit MaxPooling2D(int pool_size = 2, int stride = 0);  // stride 0 means stride = pool_size (Keras)
  const char* kind() const override { return "MaxPooling2D"; }
  const char* name_prefix() const override { return "max_pooling2d"; }
  Shape build(const Shape& input_shape) override;
  std::string describe() const override;
  void forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace& ws, const ForwardContext&) const override;
  void backward(const float*, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float*, LayerWorkspace& ws,
                IncomingGradient) const override;
  const PoolGeometry& geometry() const { return geometry_; }

 private:
  PoolGeometry geometry_;
};

// Inverted dropout: in training each activation is zeroed with probability `rate` and the
// survivors are scaled by 1/(1-rate), so at test time the layer is the identity.
class Dropout final : public Layer {
 public:
  explicit Dropout(float rate) : rate_(rate) {}
  const char* kind() const override { return "Dropout"; }
  const char* name_prefix() const override { return "dropout"; }
  Shape build(const Shape& input_shape) override;
  std::string describe() const override;
  void forward(const float*, const Tensor& x, Tensor& y, LayerWorkspace& ws, const ForwardContext& ctx) const override;
  void backward(const float*, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float*, LayerWorkspace& ws,
                IncomingGradient) const override;
  float rate() const { return rate_; }
  // Whether element `element` of example `example` survives; shared with the dropout lesson.
  static bool keeps(float rate, const ForwardContext& ctx, int64_t example, int64_t element);

 private:
  float rate_;
};

// Output shape with the batch dimension, for a batch of n.
inline Shape batched(int n, const Shape& per_example) {
  Shape s{n};
  s.insert(s.end(), per_example.begin(), per_example.end());
  return s;
}

}  // namespace dl
