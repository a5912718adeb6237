// Lesson 8 (ReLU): a feature map before and after R(z) = max(0, z), one element per step,
// each through the engine's dl::relu — negative responses become 0, positive ones pass.
#pragma once
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/feature_maps.h"
#include "lessons/step_model.h"

namespace dl::lessons {

struct ReluStep {
  int row = 0, col = 0;
  float z = 0.0f;       // before
  float a = 0.0f;       // after: dl::relu(z)
  bool zeroed = false;  // z < 0 was clipped to 0
};

class ReluLesson final : public StepModel {
 public:
  ReluLesson();  // an empty 1 x 1 map until set_feature_maps()

  static constexpr LessonId kId = LessonId::relu;
  LessonId id() const override { return kId; }
  int step_count() const override { return rows() * cols(); }  // one step per element
  // {lesson, step, steps, row, col, z, a, zeroed, zeroed_so_far}
  std::string values_json() const override;
  std::string describe() const override;

  // One channel of feature maps shaped [H, W], [H, W, C] or [1, H, W, C], e.g. the conv
  // lesson's feature_map() or a layer output before its activation. Copied.
  Status set_feature_maps(const Tensor& maps, int channel = 0);

  int rows() const { return before_.dim(0); }
  int cols() const { return before_.dim(1); }
  const Tensor& before() const { return before_; }              // [H, W]
  const Tensor& after() const { return after_; }                // [H, W], every element
  const Tensor& after_so_far() const { return after_so_far_; }  // elements up to the current one; 0 after
  const ReluStep& current() const { return current_; }
  int zeroed_so_far() const { return zeroed_so_far_; }  // negatives clipped up to and including this step
  ValueRange before_range() const { return value_range(before_.values()); }
  ValueRange after_range() const { return value_range(after_.values()); }

 private:
  void update_current_step() override;

  Tensor before_, after_, after_so_far_;
  ReluStep current_;
  int zeroed_so_far_ = 0;
};

}  // namespace dl::lessons
