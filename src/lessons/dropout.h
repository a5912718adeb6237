// Lesson 10 (dropout): a small dense layer's activations with neurons zeroed at random during
// training — a new mask every training step, decided by the engine's dl::Dropout::keeps — and
// the survivors scaled by 1/(1 - rate); at test time nothing is dropped.
#pragma once
#include <cstdint>
#include <vector>

#include "lessons/step_model.h"

namespace dl::lessons {

struct DropoutStep {
  int training_step = 0;
  bool training = true;
  float rate = 0.0f;
  float scale = 1.0f;          // 1 / (1 - rate) in training, 1 at test time
  std::vector<uint8_t> kept;   // per neuron: 1 kept, 0 dropped
  std::vector<float> outputs;  // the Dropout layer's forward pass on the activations
  int kept_count = 0;
};

class DropoutLesson final : public StepModel {
 public:
  static constexpr int kTrainingSteps = 100;  // step i shows the mask of training step i

  DropoutLesson();  // 16 sigmoid activations of a small seeded Dense layer, rate 0.2 (the workshop's)

  static constexpr LessonId kId = LessonId::dropout;
  LessonId id() const override { return kId; }
  int step_count() const override { return kTrainingSteps; }
  // {lesson, step, steps, training, rate, scale, neurons, kept_count, kept, outputs}
  std::string values_json() const override;
  std::string describe() const override;

  void set_rate(float rate);                        // clamped to [0, 0.9]
  void set_training(bool training);                 // false: test time, the layer is the identity
  void set_seed(uint64_t seed);                     // the training run's seed, which fixes every mask
  void set_activations(std::vector<float> values);  // any layer's activations (at least one)

  float rate() const { return rate_; }
  bool training() const { return training_; }
  uint64_t seed() const { return seed_; }
  const std::vector<float>& activations() const { return activations_; }
  const DropoutStep& current() const { return current_; }

 private:
  void update_current_step() override;

  std::vector<float> activations_;
  float rate_ = 0.2f;
  bool training_ = true;
  uint64_t seed_ = 1;
  DropoutStep current_;
};

}  // namespace dl::lessons
