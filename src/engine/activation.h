// Activation functions, applied row by row to a [rows, cols] block (a row is one example's
// features; softmax normalises over a row). Backward maps dL/da to dL/dz using the forward
// output a, which is all each of these needs.
#pragma once
#include <string>

#include "engine/status.h"

namespace dl {

// step is the perceptron's unit step (1 if z >= 0 else -1; thresholds are folded into a bias).
// It has no useful gradient; backward refuses it.
enum class Activation { linear, sigmoid, relu, softmax, step };

const char* activation_name(Activation a);  // Keras spelling: "sigmoid", ...
Result<Activation> parse_activation(const std::string& name);

// Scalar functions, shared by the kernels below and by the lessons.
float sigmoid(float z);
float relu(float z);
float unit_step(float weighted_sum, float threshold);  // the workshop's perceptron: 1 or -1

// a = f(z); a may alias z.
void activation_forward(Activation f, const float* z, float* a, int rows, int cols);
// dz = da * f'(z), computed from a = f(z); dz may alias da.
void activation_backward(Activation f, const float* a, const float* da, float* dz, int rows, int cols);

// A layer's output in one pass over memory: z[r][c] += bias[c], then a = f(z) in place.
void add_bias_and_activate(Activation f, float* z, const float* bias, int rows, int cols);
// A layer's backward in one pass: dz = da * f'(z) in place (from a = f(z)), and the bias gradient
// bias_grad[c] = the sum over rows of dz[r][c] (written, not added; rows summed in order).
void activation_backward_and_bias_grad(Activation f, const float* a, float* dz, float* bias_grad, int rows, int cols);

}  // namespace dl
