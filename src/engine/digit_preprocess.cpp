// MNIST-style preprocessing of a drawn digit: bounding box, area-scaling to 20 px, centring by
// centre of mass in 28x28.
#include "engine/digit_preprocess.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"
#include "engine/dataset.h"

namespace dl {

namespace {
constexpr int kField = 28;
constexpr int kDigitBox = 20;

// Weights of source cells [0, src) covering each destination cell when src is mapped onto dst.
struct Span {
  int first = 0;
  std::vector<float> weights;  // overlap lengths, normalised to sum 1
};
std::vector<Span> area_spans(int src, int dst) {
  std::vector<Span> spans(static_cast<size_t>(dst));
  const double scale = double(src) / dst;  // source cells per destination cell
  for (int d = 0; d < dst; ++d) {
    const double lo = d * scale, hi = (d + 1) * scale;
    Span& span = spans[static_cast<size_t>(d)];
    span.first = static_cast<int>(std::floor(lo));
    const int last = std::min(src - 1, static_cast<int>(std::ceil(hi)) - 1);
    for (int s = span.first; s <= last; ++s) {
      const double overlap = std::min(hi, s + 1.0) - std::max(lo, double(s));
      span.weights.push_back(static_cast<float>(std::max(0.0, overlap) / scale));
    }
  }
  return spans;
}
}  // namespace

std::vector<float> resample_area(const float* src, int src_w, int src_h, int src_stride, int dst_w, int dst_h) {
  DL_CHECK(src_w > 0 && src_h > 0 && dst_w > 0 && dst_h > 0);
  const std::vector<Span> columns = area_spans(src_w, dst_w), rows = area_spans(src_h, dst_h);
  // Horizontal pass, then vertical: the box filter is separable.
  std::vector<float> horizontal(static_cast<size_t>(src_h) * dst_w, 0.0f);
  for (int y = 0; y < src_h; ++y)
    for (int x = 0; x < dst_w; ++x) {
      const Span& span = columns[static_cast<size_t>(x)];
      float sum = 0.0f;
      for (size_t k = 0; k < span.weights.size(); ++k)
        sum += span.weights[k] * src[static_cast<size_t>(y) * src_stride + span.first + static_cast<int>(k)];
      horizontal[static_cast<size_t>(y) * dst_w + x] = sum;
    }
  std::vector<float> out(static_cast<size_t>(dst_h) * dst_w, 0.0f);
  for (int y = 0; y < dst_h; ++y) {
    const Span& span = rows[static_cast<size_t>(y)];
    for (size_t k = 0; k < span.weights.size(); ++k) {
      const float* row = &horizontal[static_cast<size_t>(span.first + static_cast<int>(k)) * dst_w];
      for (int x = 0; x < dst_w; ++x) out[static_cast<size_t>(y) * dst_w + x] += span.weights[k] * row[x];
    }
  }
  return out;
}

PreprocessedDigit digit_from_image(const uint8_t* pixels, int grid_scale) {
  PreprocessedDigit result;
  int left = kField, right = -1, top = kField, bottom = -1;
  double mass = 0.0, mx = 0.0, my = 0.0;
  for (int y = 0; y < kField; ++y)
    for (int x = 0; x < kField; ++x) {
      const float v = pixel_to_input(pixels[y * kField + x]);
      result.pixels[static_cast<size_t>(y) * kField + x] = v;
      if (v <= 0.0f) continue;
      left = std::min(left, x);
      right = std::max(right, x);
      top = std::min(top, y);
      bottom = std::max(bottom, y);
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  if (right < 0) return result;  // a blank image
  result.empty = false;
  result.box = {left * grid_scale, top * grid_scale, (right - left + 1) * grid_scale, (bottom - top + 1) * grid_scale};
  result.scaled_width = right - left + 1;
  result.scaled_height = bottom - top + 1;
  result.center_x = static_cast<float>(mx / mass);
  result.center_y = static_cast<float>(my / mass);
  return result;
}

PreprocessedDigit preprocess_drawing(const std::vector<float>& ink, int width, int height, float threshold) {
  DL_CHECK(width > 0 && height > 0 && ink.size() == static_cast<size_t>(width) * height);
  PreprocessedDigit result;
  int left = width, right = -1, top = height, bottom = -1;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (ink[static_cast<size_t>(y) * width + x] > threshold) {
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
  if (right < 0) return result;  // empty
  result.empty = false;
  result.box = {left, top, right - left + 1, bottom - top + 1};

  // Longer side to 20 px, aspect kept (a "1" stays thin).
  const double scale = double(kDigitBox) / std::max(result.box.width, result.box.height);
  const int w = std::clamp(static_cast<int>(std::lround(result.box.width * scale)), 1, kDigitBox);
  const int h = std::clamp(static_cast<int>(std::lround(result.box.height * scale)), 1, kDigitBox);
  result.scaled_width = w;
  result.scaled_height = h;
  const std::vector<float> digit =
      resample_area(&ink[static_cast<size_t>(top) * width + left], result.box.width, result.box.height, width, w, h);

  // Centre of mass of the scaled digit (pixel centres at +0.5), in its own coordinates.
  double mass = 0.0, mx = 0.0, my = 0.0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double v = std::clamp(digit[static_cast<size_t>(y) * w + x], 0.0f, 1.0f);
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  mx /= mass;
  my /= mass;
  // Integer shift that brings the centre of mass to (14, 14), kept inside the field.
  const int ox = std::clamp(static_cast<int>(std::lround(kField / 2.0 - mx)), 0, kField - w);
  const int oy = std::clamp(static_cast<int>(std::lround(kField / 2.0 - my)), 0, kField - h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      result.pixels[static_cast<size_t>(oy + y) * kField + ox + x] =
          std::clamp(digit[static_cast<size_t>(y) * w + x], 0.0f, 1.0f);
  result.center_x = static_cast<float>(ox + mx);
  result.center_y = static_cast<float>(oy + my);
  return result;
}

}  // namespace dl
