// The Layer interface. A layer is a description (shapes, activation) plus forward/backward
// kernels; it owns no buffers. Parameters live in the model's flat block; activations and
// scratch live in per-thread workspaces, so several threads can run one layer at once.
// Shapes exclude the batch dimension: an image is {H, W, C}, a vector {features}.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/activation.h"
#include "engine/tensor.h"

namespace dl {

enum class Init { glorot_uniform, zeros };

struct ParamSpec {
  std::string name;  // "kernel" or "bias"; the file name is "<layer name>.<name>"
  Shape shape;
  Init init = Init::zeros;
  int fan_in = 0, fan_out = 0;  // for Glorot
};

// Scratch a layer keeps between its forward and backward passes, one per thread.
struct LayerWorkspace {
  std::vector<float> columns;      // Conv2D: im2col patches of a chunk of images [images*OH*OW, KH*KW*C]
  std::vector<float> column_grad;  // Conv2D: d(patches)
  std::vector<int32_t> argmax;     // MaxPooling2D: flat input index of each output's maximum
  std::vector<float> mask;         // Dropout: 0 or 1/(1-rate) per element
  Tensor pre_activation_grad;      // Dense/Conv2D: dL/dz
};

struct ForwardContext {
  bool training = false;
  uint64_t seed = 0;          // dropout masks are a function of (seed, step, layer, example)
  uint64_t step = 0;
  int layer_index = 0;
  int64_t first_example = 0;  // index within the batch of x's first row
};

// How backward receives its incoming gradient: normally dL/da (after the activation); for a
// softmax output trained with cross-entropy the model passes dL/dz = p - y directly.
enum class IncomingGradient { after_activation, before_activation };

class Layer {
 public:
  virtual ~Layer() = default;
  virtual const char* kind() const = 0;         // Keras class name: "Dense"
  virtual const char* name_prefix() const = 0;  // Keras default name prefix: "dense"
  // Fixes shapes for this input; returns the output shape. Called once by the model.
  virtual Shape build(const Shape& input_shape) = 0;
  virtual std::vector<ParamSpec> param_specs() const { return {}; }
  virtual Activation activation() const { return Activation::linear; }
  virtual std::string describe() const = 0;     // e.g. "Dense(800, sigmoid)"

  // x: [N, in...] -> y: [N, out...]; `params` points at this layer's parameters.
  virtual void forward(const float* params, const Tensor& x, Tensor& y, LayerWorkspace& ws,
                       const ForwardContext& ctx) const = 0;
  // From dy (dL/dy, see IncomingGradient) computes dx (skipped when null) and WRITES the
  // parameter gradients into `param_grads` (whatever was there is replaced, so the model need
  // not clear millions of floats before each batch). dy may be overwritten.
  virtual void backward(const float* params, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx,
                        float* param_grads, LayerWorkspace& ws, IncomingGradient incoming) const = 0;

  const Shape& input_shape() const { return input_shape_; }
  const Shape& output_shape() const { return output_shape_; }

 protected:
  Shape input_shape_, output_shape_;
};

using LayerPtr = std::unique_ptr<Layer>;

}  // namespace dl
