// Helpers the image lessons share: a digit as the float image the trainer sees, one channel of
// a layer's output as an H x W grid, value ranges for colormaps, and how to tile many maps.
#pragma once
#include <optional>
#include <span>

#include "engine/dataset.h"
#include "engine/tensor.h"

namespace dl::lessons {

struct ValueRange {
  float min = 0.0f, max = 0.0f;
};
ValueRange value_range(std::span<const float> values);  // {0, 0} when empty

struct MapShape {
  int height = 0, width = 0, channels = 0;
  size_t index(int row, int col, int channel) const {  // NHWC, channels innermost
    return (static_cast<size_t>(row) * width + col) * channels + channel;
  }
};
// Feature maps come as [H, W], [H, W, C] or a batch of one [1, H, W, C]; anything else: nullopt.
std::optional<MapShape> feature_map_shape(const Shape& shape);

// One channel of feature maps (any shape feature_map_shape accepts) as an [H, W] grid.
Tensor channel_grid(const Tensor& maps, int channel);

// Example `index` as [rows, cols, 1] floats in [0, 1], scaled by the engine's own fill_batch so
// the lessons see exactly what the trainer sees.
Tensor digit_image(const Dataset& data, int index);

struct TileLayout {
  int columns = 1, rows = 1;
};
// A near-square grid for `count` tiles: 32 maps -> 8 x 4, 1024 neurons -> 32 x 32.
TileLayout tile_layout(int count);

}  // namespace dl::lessons
