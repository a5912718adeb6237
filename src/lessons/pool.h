// Lesson 9 (max pooling): 2 x 2 windows with stride 2 over a feature map — 24 x 24 -> 12 x 12 in
// the workshop's CNN — each window's maximum and where it sits found by the engine's
// dl::pool_window, the same function MaxPooling2D's forward pass calls.
#pragma once
#include <vector>

#include "engine/layers.h"
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/feature_maps.h"
#include "lessons/step_model.h"

namespace dl::lessons {

struct PoolStep {
  int out_row = 0, out_col = 0;  // the output element
  int top = 0, left = 0;         // the window's top-left input pixel: (out_row, out_col) * stride
  std::vector<float> window;     // pool x pool input values, row-major
  float max = 0.0f;              // the output: the window's maximum
  int max_row = 0, max_col = 0;  // where the maximum is in the input (first of equal values)
  int max_in_window = 0;         // ...and its index into `window`
};

class PoolLesson final : public StepModel {
 public:
  PoolLesson();  // an empty 2 x 2 map until set_feature_maps()

  static constexpr LessonId kId = LessonId::pool;
  LessonId id() const override { return kId; }
  int step_count() const override { return out_rows() * out_cols(); }  // one step per window
  // {lesson, step, steps, channel, out_row, out_col, top, left, window, max, max_row, max_col}
  std::string values_json() const override;
  std::string describe() const override;

  // Feature maps [H, W], [H, W, C] or [1, H, W, C] (e.g. the CNN's conv2d_2 output, 24 x 24 x 32)
  // and the channel to pool. Copied. Windows are 2 x 2 with stride 2, as MaxPooling2D(2, 2).
  Status set_feature_maps(const Tensor& maps, int channel = 0);
  Status set_channel(int channel);

  int channel() const { return channel_; }
  const PoolGeometry& geometry() const { return geometry_; }
  int out_rows() const { return geometry_.out_height(); }
  int out_cols() const { return geometry_.out_width(); }
  Tensor input_grid() const { return channel_grid(maps_, channel_); }  // [H, W] of the pooled channel

  const PoolStep& current() const { return current_; }
  int step_of(int out_row, int out_col) const { return out_row * out_cols() + out_col; }
  const Tensor& pooled() const { return pooled_; }                // [OH, OW], every window
  const Tensor& pooled_so_far() const { return pooled_so_far_; }  // windows up to the current one; 0 after

 private:
  void update_current_step() override;
  void recompute();

  Tensor maps_;  // [H, W, C]
  int channel_ = 0;
  PoolGeometry geometry_;
  Tensor pooled_, pooled_so_far_;
  std::vector<int> argmax_;  // per output: flat index into maps_, from pool_window
  PoolStep current_;
};

}  // namespace dl::lessons
