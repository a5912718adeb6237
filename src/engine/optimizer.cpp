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

void Optimizer::update_range(float* w, const float* g, size_t begin, size_t end) {
  const OptimizerConfig& c = config_;
  const float lr = c.learning_rate;
  switch (c.kind) {
    case OptimizerKind::sgd:
      // w <- w - lr * dL/dw
      for (size_t i = begin; i < end; ++i) w[i] -= lr * g[i];
      return;
    case OptimizerKind::momentum: {
      // The workshop's form: m <- rho * m + dL/dw;  w <- w - lr * m
      float* m = first_moment_.data();
      for (size_t i = begin; i < end; ++i) {
        m[i] = c.momentum * m[i] + g[i];
        w[i] -= lr * m[i];
      }
      return;
    }
    case OptimizerKind::adam: {
      // Keras: m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
      //        lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t);  w <- w - lr_t * m / (sqrt(v) + eps)
      float* m = first_moment_.data();
      float* v = second_moment_.data();
      const double t = static_cast<double>(iterations_);
      const float lr_t = static_cast<float>(lr * std::sqrt(1.0 - std::pow(c.beta2, t)) / (1.0 - std::pow(c.beta1, t)));
      for (size_t i = begin; i < end; ++i) {
        m[i] = c.beta1 * m[i] + (1.0f - c.beta1) * g[i];
        v[i] = c.beta2 * v[i] + (1.0f - c.beta2) * g[i] * g[i];
        w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + c.epsilon);
      }
      return;
    }
    case OptimizerKind::rmsprop: {
      // Keras: s <- rho s + (1-rho) g^2;  w <- w - lr * g / (sqrt(s) + eps)
      float* s = second_moment_.data();
      for (size_t i = begin; i < end; ++i) {
        s[i] = c.rho * s[i] + (1.0f - c.rho) * g[i] * g[i];
        w[i] -= lr * g[i] / (std::sqrt(s[i]) + c.epsilon);
      }
      return;
    }
  }
}

}  // namespace dl
