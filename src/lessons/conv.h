// Lesson 7 (convolution): a 3 x 3 kernel sliding with stride 1 over a real 28 x 28 digit; each
// output pixel is the sum of nine products, computed by the engine's dl::conv_output_pixel, and
// the 26 x 26 feature map fills in one pixel per step (676 steps).
#pragma once
#include <array>
#include <string>

#include "engine/dataset.h"
#include "engine/layers.h"
#include "engine/sequential.h"
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/step_model.h"

namespace dl::lessons {

enum class ConvKernelChoice {
  vertical_edges,    // Sobel: responds where brightness changes from left to right
  horizontal_edges,  // Sobel, transposed: top to bottom
  outline,           // Laplacian: edges in every direction
  blur,              // box blur: the average of the nine pixels
  sharpen,
  learned,  // filter k of a model's first Conv2D
  custom,   // after the student edits a weight
};
const char* kernel_choice_name(ConvKernelChoice choice);  // "vertical_edges", ...

using Kernel3x3 = std::array<float, 9>;  // row-major, as [KH, KW, 1, 1] in Keras' layout
// The fixed kernels (not learned or custom, which have no fixed values).
Kernel3x3 preset_kernel(ConvKernelChoice choice);

struct ConvStep {
  int out_row = 0, out_col = 0;  // the output pixel; the window's top-left input pixel has the same indices
  Kernel3x3 window{};            // the input pixels under the kernel, row-major
  Kernel3x3 weights{};           // the kernel
  Kernel3x3 products{};          // window[i] * weights[i]
  float sum = 0.0f;              // the output pixel: dl::conv_output_pixel
};

class ConvLesson final : public StepModel {
 public:
  static constexpr int kKernelSize = 3;

  ConvLesson();  // a blank 28 x 28 image and the vertical-edge kernel, until set_image()

  static constexpr LessonId kId = LessonId::conv;
  LessonId id() const override { return kId; }
  int step_count() const override { return out_rows() * out_cols(); }  // one step per output pixel
  // {lesson, step, steps, image_index, kernel, filter, weights, out_row, out_col, window,
  //  products, sum}
  std::string values_json() const override;
  std::string describe() const override;

  // Inputs: each recomputes the feature map and keeps the step.
  void set_image(const Dataset& data, int index);  // scaled to [0, 1] exactly as the trainer scales it
  Status set_image(const Tensor& image);           // [H, W], [H, W, 1] or [1, H, W, 1], at least 3 x 3
  void set_kernel(ConvKernelChoice preset);        // learned and custom are set by the calls below
  // Filter `filter` of a model's 3 x 3 single-channel Conv2D kernel (Keras layout [3, 3, 1, F]);
  // the values are copied, so the model may keep training.
  Status set_learned_kernel(const Sequential& model, int filter, const std::string& param = "conv2d_1.kernel");
  void set_kernel_weight(int row, int col, float value);  // makes the choice `custom`

  int image_index() const { return image_index_; }  // -1 when the image did not come from a dataset
  const Tensor& image() const { return image_; }    // [H, W, 1]
  const Kernel3x3& kernel() const { return kernel_; }
  ConvKernelChoice kernel_choice() const { return kernel_choice_; }
  int learned_filter() const { return learned_filter_; }
  const Conv2DGeometry& geometry() const { return geometry_; }
  int out_rows() const { return geometry_.out_height(); }
  int out_cols() const { return geometry_.out_width(); }

  const ConvStep& current() const { return current_; }
  int step_of(int out_row, int out_col) const { return out_row * out_cols() + out_col; }
  const Tensor& feature_map() const { return feature_map_; }  // [OH, OW], every pixel
  // The map as far as the stepping has got: pixels up to the current one, zeros after it.
  const Tensor& feature_map_so_far() const { return feature_map_so_far_; }

 private:
  void update_current_step() override;
  void recompute();

  Tensor image_;
  int image_index_ = -1;
  Kernel3x3 kernel_{};
  ConvKernelChoice kernel_choice_ = ConvKernelChoice::vertical_edges;
  int learned_filter_ = -1;
  Conv2DGeometry geometry_;
  Tensor feature_map_, feature_map_so_far_;
  ConvStep current_;
};

}  // namespace dl::lessons
