// Categorical cross-entropy, the workshop's loss: crossentropy(y, p) = -sum_i y_i log p_i.
// Probabilities are clipped to [eps, 1 - eps] (Keras' epsilon 1e-7) so log never sees 0.
#pragma once

namespace dl {

constexpr float kCrossEntropyEpsilon = 1e-7f;

// Loss of one example with `classes` probabilities.
float categorical_crossentropy(const float* y_true, const float* y_pred, int classes);

// Gradient w.r.t. the probabilities, scaled by 1/batch: dp = -y / p / batch.
void categorical_crossentropy_grad(const float* y_true, const float* y_pred, int rows, int classes, float batch,
                                   float* grad);
// Fused softmax + cross-entropy gradient w.r.t. the logits: dz = (p - y) / batch. Stable and cheap.
void softmax_crossentropy_grad(const float* y_true, const float* probabilities, int rows, int classes, float batch,
                               float* grad);

}  // namespace dl
