// Shape, range and tiling helpers for feature maps and digits.
#include "lessons/feature_maps.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"

namespace dl::lessons {

ValueRange value_range(std::span<const float> values) {
  if (values.empty()) return {};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return {*lo, *hi};
}

std::optional<MapShape> feature_map_shape(const Shape& shape) {
  MapShape map;
  if (shape.size() == 2) {
    map = {shape[0], shape[1], 1};
  } else if (shape.size() == 3) {
    map = {shape[0], shape[1], shape[2]};
  } else if (shape.size() == 4 && shape[0] == 1) {
    map = {shape[1], shape[2], shape[3]};
  } else {
    return std::nullopt;
  }
  if (map.height <= 0 || map.width <= 0 || map.channels <= 0) return std::nullopt;
  return map;
}

Tensor channel_grid(const Tensor& maps, int channel) {
  const std::optional<MapShape> shape = feature_map_shape(maps.shape());
  DL_CHECK(shape && channel >= 0 && channel < shape->channels);
  Tensor grid({shape->height, shape->width});
  for (int r = 0; r < shape->height; ++r)
    for (int c = 0; c < shape->width; ++c)
      grid[static_cast<size_t>(r) * shape->width + c] = maps[shape->index(r, c, channel)];
  return grid;
}

Tensor digit_image(const Dataset& data, int index) {
  DL_CHECK(index >= 0 && index < data.count);
  Tensor image({data.rows, data.cols, 1});
  float one_hot_label[Dataset::kClasses];  // fill_batch writes it; the image is all we need
  fill_batch(data, &index, 1, image.data(), one_hot_label);
  return image;
}

TileLayout tile_layout(int count) {
  if (count <= 1) return {};
  // The divisor nearest the square root gives a full rectangle (32 -> 8 x 4); when that is too
  // elongated (a prime count), fall back to a square with a partly empty last row.
  int rows = static_cast<int>(std::sqrt(static_cast<double>(count)));
  while (count % rows != 0) --rows;
  const int columns = count / rows;
  if (columns <= 4 * rows) return {columns, rows};
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  return {side, (count + side - 1) / side};
}

}  // namespace dl::lessons
