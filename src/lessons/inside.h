// Lesson 11 (inside the CNN): one digit through a whole model — every layer's output kept as a
// snapshot: feature maps per channel as H x W grids, dense activations, the softmax — with the
// shape, index and value-range helpers a view needs to draw them with a colormap.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "engine/sequential.h"
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/feature_maps.h"
#include "lessons/step_model.h"

namespace dl::lessons {

struct LayerSnapshot {
  std::string name;                        // "conv2d_1"
  std::string kind;                        // "Conv2D"
  Shape shape;                             // per example: (26, 26, 32) or (1024)
  bool spatial = false;                    // feature maps (H, W, C) rather than a vector
  MapShape maps;                           // spatial: H, W, C; a vector of n values: 1 x n with one channel
  std::vector<float> values;               // the layer's output for the digit, NHWC order
  std::vector<ValueRange> channel_ranges;  // min and max of each channel (one for a vector)
  ValueRange range;                        // over the whole layer
  TileLayout tiles;                        // how to lay the channels (or neurons) out in a grid
};

class InsideLesson final : public StepModel {
 public:
  InsideLesson() { refresh(); }  // empty until run()

  static constexpr LessonId kId = LessonId::inside;
  LessonId id() const override { return kId; }
  int step_count() const override { return static_cast<int>(layers_.size()); }  // step i: layer i
  // {lesson, step, steps, and after run(): layer, kind, shape, min, max, predicted, probabilities}
  std::string values_json() const override;
  std::string describe() const override;

  // Runs model.predict on one example (e.g. a 28 x 28 x 1 digit) and copies every layer's
  // output, so the model may keep training afterwards. The model must be compiled or loaded.
  Status run(Sequential& model, std::span<const float> example);

  bool has_run() const { return !layers_.empty(); }
  const std::vector<LayerSnapshot>& layers() const { return layers_; }
  const LayerSnapshot& current() const;  // the layer at step(); requires has_run()
  // One channel of a spatial layer as an [H, W] grid; for a vector layer channel 0 is 1 x n.
  Tensor channel(int layer, int channel) const;
  float value(int layer, int row, int col, int channel) const;
  const std::vector<float>& probabilities() const { return probabilities_; }
  int predicted_class() const { return predicted_class_; }

 private:
  void update_current_step() override {}  // current() reads the snapshots

  std::vector<LayerSnapshot> layers_;
  std::vector<float> probabilities_;
  int predicted_class_ = -1;
};

}  // namespace dl::lessons
