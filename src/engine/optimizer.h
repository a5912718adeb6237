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

// One weight's update in one step, as the optimizer computed it (Optimizer::watch): the inputs,
// the state before and after, the intermediate numbers of its formula and the update applied.
struct UpdateAnatomy {
  OptimizerKind kind = OptimizerKind::sgd;
  long long step = 0;      // the optimizer's iteration (t, 1-based)
  size_t index = 0;        // in the flat parameter block
  float learning_rate = 0;
  float w_before = 0, gradient = 0, w_after = 0;
  float update = 0;        // what was subtracted: w_after = w_before - update
  // Momentum: m (velocity). Adam: m and v, the bias corrections 1 - b1^t and 1 - b2^t and the
  // corrected rate lr_t. RMSprop: v is the mean square.
  float m_before = 0, m_after = 0, v_before = 0, v_after = 0;
  float bias_correction1 = 1, bias_correction2 = 1, corrected_rate = 0;
  float denominator = 0;   // sqrt(v) + epsilon (Adam, RMSprop)
  // The optimizer's own loop wrote w_after; the same element function run again on the state
  // before gave `update`, and w_before - update equals w_after bit for bit.
  bool exact = false;
};

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
  // Records the anatomy of parameter `index`'s update at every step (-1: none).
  void watch(long long index) { watched_ = index; }
  long long watched() const { return watched_; }
  const UpdateAnatomy& last_update() const { return anatomy_; }  // valid once a step ran with a watch

 private:
  OptimizerConfig config_;
  std::vector<float> first_moment_;   // momentum m, Adam m
  std::vector<float> second_moment_;  // Adam v, RMSprop mean square
  long long iterations_ = 0;
  long long watched_ = -1;
  UpdateAnatomy anatomy_;
};

}  // namespace dl
