// Activation functions: forward and backward side by side.
#include "engine/activation.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"

namespace dl {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::linear: return "linear";
    case Activation::sigmoid: return "sigmoid";
    case Activation::relu: return "relu";
    case Activation::softmax: return "softmax";
    case Activation::step: return "step";
  }
  return "?";
}

Result<Activation> parse_activation(const std::string& name) {
  for (Activation a : {Activation::linear, Activation::sigmoid, Activation::relu, Activation::softmax,
                       Activation::step}) {
    if (name == activation_name(a)) return a;
  }
  return Status::error("unknown activation '" + name + "' (expected linear, sigmoid, relu, softmax or step)");
}

float sigmoid(float z) {
  // Written so that neither branch overflows exp() for large |z|.
  if (z >= 0.0f) return 1.0f / (1.0f + std::exp(-z));
  const float e = std::exp(z);
  return e / (1.0f + e);
}

float relu(float z) { return z > 0.0f ? z : 0.0f; }

float unit_step(float weighted_sum, float threshold) { return weighted_sum >= threshold ? 1.0f : -1.0f; }

void activation_forward(Activation f, const float* z, float* a, int rows, int cols) {
  const size_t count = static_cast<size_t>(rows) * cols;
  switch (f) {
    case Activation::linear:
      if (a != z) std::copy(z, z + count, a);
      return;
    case Activation::sigmoid:
      for (size_t i = 0; i < count; ++i) a[i] = sigmoid(z[i]);
      return;
    case Activation::relu:
      for (size_t i = 0; i < count; ++i) a[i] = relu(z[i]);
      return;
    case Activation::step:
      for (size_t i = 0; i < count; ++i) a[i] = unit_step(z[i], 0.0f);
      return;
    case Activation::softmax:
      for (int r = 0; r < rows; ++r) {
        const float* zr = z + static_cast<size_t>(r) * cols;
        float* ar = a + static_cast<size_t>(r) * cols;
        // Subtracting the row max changes nothing mathematically and keeps exp() finite.
        const float max_z = *std::max_element(zr, zr + cols);
        float sum = 0.0f;
        for (int c = 0; c < cols; ++c) sum += (ar[c] = std::exp(zr[c] - max_z));
        const float inv = 1.0f / sum;
        for (int c = 0; c < cols; ++c) ar[c] *= inv;
      }
      return;
  }
}

void activation_backward(Activation f, const float* a, const float* da, float* dz, int rows, int cols) {
  const size_t count = static_cast<size_t>(rows) * cols;
  switch (f) {
    case Activation::linear:
      if (dz != da) std::copy(da, da + count, dz);
      return;
    case Activation::sigmoid:
      for (size_t i = 0; i < count; ++i) dz[i] = da[i] * a[i] * (1.0f - a[i]);
      return;
    case Activation::relu:
      for (size_t i = 0; i < count; ++i) dz[i] = a[i] > 0.0f ? da[i] : 0.0f;
      return;
    case Activation::step:
      DL_CHECK(!"the unit step has no gradient; train perceptrons with the perceptron rule");
      return;
    case Activation::softmax:
      // Jacobian-vector product: dz_i = a_i (da_i - sum_j da_j a_j).
      for (int r = 0; r < rows; ++r) {
        const float* ar = a + static_cast<size_t>(r) * cols;
        const float* dar = da + static_cast<size_t>(r) * cols;
        float* dzr = dz + static_cast<size_t>(r) * cols;
        float dot = 0.0f;
        for (int c = 0; c < cols; ++c) dot += dar[c] * ar[c];
        for (int c = 0; c < cols; ++c) dzr[c] = ar[c] * (dar[c] - dot);
      }
      return;
  }
}

void add_bias_and_activate(Activation f, float* z, const float* bias, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float* __restrict row = z + static_cast<size_t>(r) * cols;
    const float* __restrict b = bias;
    switch (f) {
      case Activation::linear:
        for (int c = 0; c < cols; ++c) row[c] += b[c];
        break;
      case Activation::relu:
        for (int c = 0; c < cols; ++c) row[c] = relu(row[c] + b[c]);
        break;
      default:  // the row is still in L1 for the second loop
        for (int c = 0; c < cols; ++c) row[c] += b[c];
        activation_forward(f, row, row, 1, cols);
        break;
    }
  }
}

void activation_backward_and_bias_grad(Activation f, const float* a, float* dz, float* bias_grad, int rows, int cols) {
  float* __restrict sum = bias_grad;
  std::fill(sum, sum + cols, 0.0f);
  for (int r = 0; r < rows; ++r) {
    const float* __restrict out = a + static_cast<size_t>(r) * cols;
    float* __restrict grad = dz + static_cast<size_t>(r) * cols;
    switch (f) {
      case Activation::linear:
        break;
      case Activation::relu:
        for (int c = 0; c < cols; ++c) grad[c] = out[c] > 0.0f ? grad[c] : 0.0f;
        break;
      case Activation::sigmoid:
        for (int c = 0; c < cols; ++c) grad[c] = grad[c] * out[c] * (1.0f - out[c]);
        break;
      default:
        activation_backward(f, out, grad, grad, 1, cols);
        break;
    }
    for (int c = 0; c < cols; ++c) sum[c] += grad[c];
  }
}

}  // namespace dl
