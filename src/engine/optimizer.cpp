// Optimizer updates: each one short loop citing its formula.
#include "engine/optimizer.h"

#include <cmath>

namespace dl {

OptimizerConfig OptimizerConfig::defaults(OptimizerKind kind) {
  OptimizerConfig c;
  c.kind = kind;
  c.learning_rate = (kind == OptimizerKind::sgd || kind == OptimizerKind::momentum) ? 0.01f : 0.001f;
  return c;
}

const char* optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd: return "sgd";
    case OptimizerKind::momentum: return "momentum";
    case OptimizerKind::adam: return "adam";
    case OptimizerKind::rmsprop: return "rmsprop";
  }
  return "?";
}

Result<OptimizerKind> parse_optimizer(const std::string& name) {
  for (OptimizerKind k : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam, OptimizerKind::rmsprop})
    if (name == optimizer_name(k)) return k;
  return Status::error("unknown optimizer '" + name + "' (expected sgd, momentum, adam or rmsprop)");
}

void Optimizer::reset() {
  first_moment_.clear();
  second_moment_.clear();
  iterations_ = 0;
}

void Optimizer::step(float* w, const float* g, size_t count) {
  begin_step(count);
  update_range(w, g, 0, count);
}

void Optimizer::begin_step(size_t count) {
  ++iterations_;
  const bool needs_first = config_.kind == OptimizerKind::momentum || config_.kind == OptimizerKind::adam;
  const bool needs_second = config_.kind == OptimizerKind::adam || config_.kind == OptimizerKind::rmsprop;
  if (needs_first) first_moment_.resize(count, 0.0f);
  if (needs_second) second_moment_.resize(count, 0.0f);
}

// The loops take their constants as locals and their buffers as restrict pointers, so the
// compiler knows no store can change them and vectorizes each loop (it runs over every parameter
// every step, and is memory-bound).
void Optimizer::update_range(float* weights, const float* gradients, size_t begin, size_t end) {
  float* __restrict w = weights;
  const float* __restrict g = gradients;
  const float lr = config_.learning_rate;
  switch (config_.kind) {
    case OptimizerKind::sgd:
      // w <- w - lr * dL/dw
      for (size_t i = begin; i < end; ++i) w[i] -= lr * g[i];
      return;
    case OptimizerKind::momentum: {
      // The workshop's form: m <- rho * m + dL/dw;  w <- w - lr * m
      float* __restrict m = first_moment_.data();
      const float rho = config_.momentum;
      for (size_t i = begin; i < end; ++i) {
        m[i] = rho * m[i] + g[i];
        w[i] -= lr * m[i];
      }
      return;
    }
    case OptimizerKind::adam: {
      // Keras: m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
      //        lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t);  w <- w - lr_t * m / (sqrt(v) + eps)
      float* __restrict m = first_moment_.data();
      float* __restrict v = second_moment_.data();
      const float b1 = config_.beta1, b2 = config_.beta2, eps = config_.epsilon;
      const double t = static_cast<double>(iterations_);
      const float lr_t = static_cast<float>(lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t)));
      for (size_t i = begin; i < end; ++i) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
      }
      return;
    }
    case OptimizerKind::rmsprop: {
      // Keras: s <- rho s + (1-rho) g^2;  w <- w - lr * g / (sqrt(s) + eps)
      float* __restrict s = second_moment_.data();
      const float rho = config_.rho, eps = config_.epsilon;
      for (size_t i = begin; i < end; ++i) {
        s[i] = rho * s[i] + (1.0f - rho) * g[i] * g[i];
        w[i] -= lr * g[i] / (std::sqrt(s[i]) + eps);
      }
      return;
    }
  }
}

}  // namespace dl
