// Optimizers over flat parameter and gradient blocks: SGD, SGD with momentum (exactly as the
// workshop writes it), Adam and RMSprop (Keras' formulas and defaults).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/status.h"

namespace dl {

enum class OptimizerKind { sgd, momentum, adam, rmsprop };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::adam;
  float learning_rate = 0.001f;
  float momentum = 0.9f;  // rho for SGD with momentum
  float beta1 = 0.9f, beta2 = 0.999f;
  float rho = 0.9f;       // RMSprop's decay
  float epsilon = 1e-7f;

  static OptimizerConfig defaults(OptimizerKind kind);  // Keras' default learning rates
};

const char* optimizer_name(OptimizerKind kind);  // "sgd", "momentum", "adam", "rmsprop"
Result<OptimizerKind> parse_optimizer(const std::string& name);

class Optimizer {
 public:
  explicit Optimizer(OptimizerConfig config) : config_(config) {}
  // Applies one update; state vectors are sized on first use (no allocation afterwards).
  void step(float* params, const float* grads, size_t count);
  // The same update split across threads: begin_step() once, then update_range() on disjoint
  // ranges [begin, end) covering [0, count) — each element's update is independent.
  void begin_step(size_t count);
  void update_range(float* params, const float* grads, size_t begin, size_t end);
  void reset();  // forget moments and the step count
  void set_learning_rate(float lr) { config_.learning_rate = lr; }
  const OptimizerConfig& config() const { return config_; }
  long long iterations() const { return iterations_; }

 private:
  OptimizerConfig config_;
  std::vector<float> first_moment_;   // momentum m, Adam m
  std::vector<float> second_moment_;  // Adam v, RMSprop mean square
  long long iterations_ = 0;
};

}  // namespace dl
