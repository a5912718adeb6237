// Categorical cross-entropy and its gradients.
#include "engine/loss.h"

#include <algorithm>
#include <cmath>

namespace dl {

namespace {
float clip_probability(float p) { return std::clamp(p, kCrossEntropyEpsilon, 1.0f - kCrossEntropyEpsilon); }
}  // namespace

float categorical_crossentropy(const float* y_true, const float* y_pred, int classes) {
  float loss = 0.0f;
  for (int c = 0; c < classes; ++c)
    if (y_true[c] != 0.0f) loss -= y_true[c] * std::log(clip_probability(y_pred[c]));
  return loss;
}

void categorical_crossentropy_grad(const float* y_true, const float* y_pred, int rows, int classes, float batch,
                                   float* grad) {
  for (int i = 0; i < rows * classes; ++i) grad[i] = -y_true[i] / clip_probability(y_pred[i]) / batch;
}

void softmax_crossentropy_grad(const float* y_true, const float* probabilities, int rows, int classes, float batch,
                               float* grad) {
  for (int i = 0; i < rows * classes; ++i) grad[i] = (probabilities[i] - y_true[i]) / batch;
}

}  // namespace dl
