// Why a model decided: occlusion sensitivity (hide a patch of the image behind grey, see how much
// the class's probability drops), which needs no gradients and so checks the saliency map
// (Sequential::input_gradient) by other means; and how well two such maps agree.
#pragma once
#include <vector>

#include "engine/sequential.h"

namespace dl {

// Patch positions over a side x side image: rows x cols of them, `stride` apart.
struct OcclusionGrid {
  int side = 28, patch = 6, stride = 2;
  int positions() const { return (side - patch) / stride + 1; }  // per row and per column
};

// The drop of `target_class`'s probability when the patch at grid position (row, col) is set to
// `fill`, from `base` (the probability with nothing hidden). One forward pass.
float occlusion_drop(Sequential& model, const float* image, int target_class, float base, const OcclusionGrid& grid,
                     int row, int col, float fill = 0.5f);

// Every position's drop, row-major (positions()^2 values).
std::vector<float> occlusion_map(Sequential& model, const float* image, int target_class, const OcclusionGrid& grid,
                                 float fill = 0.5f);

// What the gradient predicts occlusion will find: for each patch of the grid, the first-order drop
// when the patch's pixels go from `image` to `fill`, the sum of gradient x (pixel - fill). With the
// gradient of the class's probability (input_gradient's of_probability), it is comparable with
// occlusion_map, which measures the probability's drop by forward passes. (The score's gradient,
// the saliency map, would ignore the softmax: a rival class's score moves the probability too.)
std::vector<float> gradient_predicted_drop(const std::vector<float>& gradient, const float* image,
                                           const OcclusionGrid& grid, float fill = 0.5f);

// Pearson's correlation of two equally long lists (0 when either is constant).
float correlation(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace dl
