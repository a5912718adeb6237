// Occlusion sensitivity and map agreement.
#include "engine/explain.h"

#include <cmath>

#include "engine/check.h"

namespace dl {

float occlusion_drop(Sequential& model, const float* image, int target_class, float base, const OcclusionGrid& g,
                     int row, int col, float fill) {
  DL_CHECK(row >= 0 && row < g.positions() && col >= 0 && col < g.positions());
  std::vector<float> hidden(image, image + static_cast<size_t>(g.side) * g.side);
  for (int y = row * g.stride; y < row * g.stride + g.patch; ++y)
    for (int x = col * g.stride; x < col * g.stride + g.patch; ++x) hidden[static_cast<size_t>(y) * g.side + x] = fill;
  std::vector<float> p(static_cast<size_t>(model.classes()));
  model.predict(hidden.data(), 1, p.data());
  return base - p[static_cast<size_t>(target_class)];
}

std::vector<float> occlusion_map(Sequential& model, const float* image, int target_class, const OcclusionGrid& g,
                                 float fill) {
  std::vector<float> p(static_cast<size_t>(model.classes()));
  model.predict(image, 1, p.data());
  const float base = p[static_cast<size_t>(target_class)];
  const int n = g.positions();
  std::vector<float> map(static_cast<size_t>(n) * n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c)
      map[static_cast<size_t>(r) * n + c] = occlusion_drop(model, image, target_class, base, g, r, c, fill);
  return map;
}

std::vector<float> gradient_predicted_drop(const std::vector<float>& gradient, const float* image,
                                           const OcclusionGrid& g, float fill) {
  DL_CHECK(gradient.size() == static_cast<size_t>(g.side) * g.side);
  const int n = g.positions();
  std::vector<float> map(static_cast<size_t>(n) * n, 0.0f);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c)
      for (int y = r * g.stride; y < r * g.stride + g.patch; ++y)
        for (int x = c * g.stride; x < c * g.stride + g.patch; ++x) {
          const size_t i = static_cast<size_t>(y) * g.side + x;
          map[static_cast<size_t>(r) * n + c] += gradient[i] * (image[i] - fill);
        }
  return map;
}

float correlation(const std::vector<float>& a, const std::vector<float>& b) {
  DL_CHECK(a.size() == b.size());
  if (a.empty()) return 0.0f;
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.size();
  mb /= b.size();
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) * (a[i] - ma);
    bb += (b[i] - mb) * (b[i] - mb);
  }
  return aa > 0 && bb > 0 ? static_cast<float>(ab / std::sqrt(aa * bb)) : 0.0f;
}

}  // namespace dl
