// Dense: y = f(x W + b). Forward and backward side by side.
#include <algorithm>

#include "engine/gemm.h"
#include "engine/layers.h"

namespace dl {

Shape Dense::build(const Shape& input_shape) {
  DL_CHECK(input_shape.size() == 1 && "Dense expects a flat input; add Flatten() first");
  DL_CHECK(units_ > 0);
  input_shape_ = input_shape;
  inputs_ = input_shape[0];
  output_shape_ = {units_};
  return output_shape_;
}

std::vector<ParamSpec> Dense::param_specs() const {
  return {{"kernel", {inputs_, units_}, Init::glorot_uniform, inputs_, units_},
          {"bias", {units_}, Init::zeros, 0, 0}};
}

std::string Dense::describe() const {
  return "Dense(" + std::to_string(units_) + ", " + activation_name(activation_) + ")";
}

void Dense::forward(const float* params, const Tensor& x, Tensor& y, LayerWorkspace&, const ForwardContext&) const {
  const int n = x.dim(0);
  const float* kernel = params;                                        // [in, units]
  const float* bias = params + static_cast<size_t>(inputs_) * units_;  // [units]
  y.resize({n, units_});
  gemm({Transpose::no, Transpose::no, n, units_, inputs_, x.data(), inputs_, kernel, units_, 0.0f, y.data(), units_});
  add_bias_and_activate(activation_, y.data(), bias, n, units_);
}

void Dense::backward(const float* params, const Tensor& x, const Tensor& y, Tensor& dy, Tensor* dx, float* param_grads,
                     LayerWorkspace&, IncomingGradient incoming) const {
  const int n = x.dim(0);
  float* dz = dy.data();  // dL/dz, computed in place
  float* kernel_grad = param_grads;
  float* bias_grad = param_grads + static_cast<size_t>(inputs_) * units_;
  activation_backward_and_bias_grad(incoming == IncomingGradient::after_activation ? activation_ : Activation::linear,
                                    y.data(), dz, bias_grad, n, units_);
  // dW = x^T dz   [in, units]
  gemm({Transpose::yes, Transpose::no, inputs_, units_, n, x.data(), inputs_, dz, units_, 0.0f, kernel_grad, units_});
  if (dx) {
    // dx = dz W^T   [n, in]
    dx->resize(x.shape());
    gemm({Transpose::no, Transpose::yes, n, inputs_, units_, dz, units_, params, units_, 0.0f, dx->data(), inputs_});
  }
}

}  // namespace dl
