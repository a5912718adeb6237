// Optimizer updates: each one short loop citing its formula.
#include "engine/optimizer.h"

#include <cmath>
#include <cstring>

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

namespace {

// Each optimizer's update of one element: its state advanced in place, the amount to subtract
// returned. The loops below and the anatomy of a watched weight both call these, so what the
// page shows is the optimizer's own arithmetic.
struct AdamConstants {
  float b1, b2, eps, corrected_rate;
};
inline float sgd_update(float g, float lr) { return lr * g; }
inline float momentum_update(float& m, float g, float rho, float lr) {
  m = rho * m + g;
  return lr * m;
}
inline float adam_update(float& m, float& v, float g, const AdamConstants& k) {
  m = k.b1 * m + (1.0f - k.b1) * g;
  v = k.b2 * v + (1.0f - k.b2) * g * g;
  return k.corrected_rate * m / (std::sqrt(v) + k.eps);
}
inline float rmsprop_update(float& s, float g, float rho, float eps, float lr) {
  s = rho * s + (1.0f - rho) * g * g;
  return lr * g / (std::sqrt(s) + eps);
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

// The loops take their constants as locals and their buffers as restrict pointers, so the
// compiler knows no store can change them and vectorizes each loop (it runs over every parameter
// every step, and is memory-bound).
void Optimizer::update_range(float* weights, const float* gradients, size_t begin, size_t end) {
  const bool watching = watched_ >= 0 && static_cast<size_t>(watched_) >= begin && static_cast<size_t>(watched_) < end;
  const size_t k = static_cast<size_t>(watched_);
  UpdateAnatomy a;
  if (watching) {  // the element before the loop changes it
    a.kind = config_.kind;
    a.step = iterations_;
    a.index = k;
    a.learning_rate = config_.learning_rate;
    a.w_before = weights[k];
    a.gradient = gradients[k];
    if (!first_moment_.empty()) a.m_before = first_moment_[k];
    if (!second_moment_.empty()) a.v_before = second_moment_[k];
  }
  float* __restrict w = weights;
  const float* __restrict g = gradients;
  const float lr = config_.learning_rate;
  float m = a.m_before, v = a.v_before;  // the watched element's state, replayed after the loop
  switch (config_.kind) {
    case OptimizerKind::sgd:
      // w <- w - lr * dL/dw
      for (size_t i = begin; i < end; ++i) w[i] -= sgd_update(g[i], lr);
      if (watching) a.update = sgd_update(a.gradient, lr);
      break;
    case OptimizerKind::momentum: {
      // The workshop's form: m <- rho * m + dL/dw;  w <- w - lr * m
      float* __restrict mm = first_moment_.data();
      const float rho = config_.momentum;
      for (size_t i = begin; i < end; ++i) w[i] -= momentum_update(mm[i], g[i], rho, lr);
      if (watching) a.update = momentum_update(m, a.gradient, rho, lr);
      break;
    }
    case OptimizerKind::adam: {
      // Keras: m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
      //        lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t);  w <- w - lr_t * m / (sqrt(v) + eps)
      float* __restrict mm = first_moment_.data();
      float* __restrict vv = second_moment_.data();
      const double t = static_cast<double>(iterations_);
      const double c1 = 1.0 - std::pow(config_.beta1, t), c2 = 1.0 - std::pow(config_.beta2, t);
      const AdamConstants constants{config_.beta1, config_.beta2, config_.epsilon,
                                    static_cast<float>(lr * std::sqrt(c2) / c1)};
      for (size_t i = begin; i < end; ++i) w[i] -= adam_update(mm[i], vv[i], g[i], constants);
      if (watching) {
        a.update = adam_update(m, v, a.gradient, constants);
        a.bias_correction1 = static_cast<float>(c1);
        a.bias_correction2 = static_cast<float>(c2);
        a.corrected_rate = constants.corrected_rate;
        a.denominator = std::sqrt(v) + constants.eps;
      }
      break;
    }
    case OptimizerKind::rmsprop: {
      // Keras: s <- rho s + (1-rho) g^2;  w <- w - lr * g / (sqrt(s) + eps)
      float* __restrict ss = second_moment_.data();
      const float rho = config_.rho, eps = config_.epsilon;
      for (size_t i = begin; i < end; ++i) w[i] -= rmsprop_update(ss[i], g[i], rho, eps, lr);
      if (watching) {
        a.update = rmsprop_update(v, a.gradient, rho, eps, lr);
        a.denominator = std::sqrt(v) + eps;
      }
      break;
    }
  }
  if (!watching) return;
  a.m_after = first_moment_.empty() ? 0.0f : first_moment_[k];
  a.v_after = second_moment_.empty() ? 0.0f : second_moment_[k];
  a.w_after = weights[k];
  // The replay matches the loop: the same state, the same weight.
  a.exact = same_bits(a.w_before - a.update, a.w_after) && same_bits(m, a.m_after) && same_bits(v, a.v_after);
  anatomy_ = a;
}

}  // namespace dl
