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

// A saliency map (one value per pixel) summed over each patch of the grid, in magnitude: what the
// gradient says each patch matters, comparable with occlusion_map.
std::vector<float> saliency_per_patch(const std::vector<float>& saliency, const OcclusionGrid& grid);

// Pearson's correlation of two equally long lists (0 when either is constant).
float correlation(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace dl
