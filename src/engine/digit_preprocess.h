// Turns a drawing into an MNIST-style 28x28 input, the way MNIST itself was made: crop to the
// ink's bounding box, scale (anti-aliased, by area) so the longer side is 20 pixels keeping
// the aspect ratio, then place it in a 28x28 field so its centre of mass is at the centre.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace dl {

struct InkBox {
  int left = 0, top = 0, width = 0, height = 0;  // in canvas pixels
};

struct PreprocessedDigit {
  bool empty = true;                 // no ink: ask for a digit instead of predicting
  InkBox box;                        // the ink's bounding box on the canvas
  int scaled_width = 0, scaled_height = 0;  // size of the digit inside the 28x28 field
  float center_x = 0, center_y = 0;  // centre of mass in the 28x28 result (about 14, 14)
  std::array<float, 28 * 28> pixels{};  // row-major, 0 = background, 1 = full ink
};

// `ink` is width*height coverage values in [0, 1] (row-major). Values at or below
// `threshold` count as background when finding the bounding box.
PreprocessedDigit preprocess_drawing(const std::vector<float>& ink, int width, int height, float threshold = 0.05f);

// A 28x28 MNIST image (bytes, row-major) as the same result: already centred as MNIST made it, so
// only scaled to [0, 1]; its box is reported on a grid `grid_scale` times finer (the drawing's).
PreprocessedDigit digit_from_image(const uint8_t* pixels, int grid_scale = 10);

// Area-averaging resample of a `src_w` x `src_h` block to `dst_w` x `dst_h` (each output pixel
// is the mean of the source area it covers).
std::vector<float> resample_area(const float* src, int src_w, int src_h, int src_stride, int dst_w, int dst_h);

}  // namespace dl
