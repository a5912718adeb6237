// Augmentation (an inverse affine warp with bilinear sampling, then a fractional dilation or
// erosion), replay mixing, and IDX encoding (big-endian header, as parse_idx reads it).
#include "engine/personal_set.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "engine/check.h"

namespace dl {

namespace {

constexpr int kSide = 28;

float sample(const uint8_t* img, float x, float y) {  // bilinear, 0 outside
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const float tx = x - x0, ty = y - y0;
  auto at = [&](int xi, int yi) -> float {
    if (xi < 0 || yi < 0 || xi >= kSide || yi >= kSide) return 0.0f;
    return img[yi * kSide + xi];
  };
  return (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
}

void append_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

}  // namespace

void augment_digit(const uint8_t* in, uint8_t* out, Rng& rng, const AugmentOptions& o) {
  DigitWarp w;
  w.angle_deg = rng.uniform(-o.max_rotation_deg, o.max_rotation_deg);
  w.scale = 1.0f + rng.uniform(-o.max_scale, o.max_scale);
  w.dx = rng.uniform(-o.max_shift, o.max_shift);
  w.dy = rng.uniform(-o.max_shift, o.max_shift);
  w.stroke = rng.uniform(-o.max_stroke, o.max_stroke);
  warp_digit(in, out, w);
}

void warp_digit(const uint8_t* in, uint8_t* out, const DigitWarp& w) {
  const float angle = w.angle_deg * 3.14159265f / 180.0f, scale = w.scale, dx = w.dx, dy = w.dy, stroke = w.stroke;
  const float c = (kSide - 1) / 2.0f, cos_a = std::cos(angle), sin_a = std::sin(angle);
  float warped[kSide * kSide];
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      // Where output pixel (x, y) comes from: undo the shift, the scale, then the rotation.
      const float ux = (x - c - dx) / scale, uy = (y - c - dy) / scale;
      warped[y * kSide + x] = sample(in, cos_a * ux + sin_a * uy + c, -sin_a * ux + cos_a * uy + c);
    }
  // A bolder stroke takes a share of the brightest neighbour, a thinner one of the darkest.
  const float share = std::fabs(stroke);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const float v = warped[y * kSide + x];
      float extreme = v;
      for (const auto& [ox, oy] : {std::pair{1, 0}, std::pair{-1, 0}, std::pair{0, 1}, std::pair{0, -1}}) {
        const int nx = x + ox, ny = y + oy;
        const float n = (nx < 0 || ny < 0 || nx >= kSide || ny >= kSide) ? 0.0f : warped[ny * kSide + nx];
        extreme = stroke >= 0 ? std::max(extreme, n) : std::min(extreme, n);
      }
      const float result = stroke >= 0 ? std::max(v, share * extreme) : v + share * (extreme - v);
      out[y * kSide + x] = static_cast<uint8_t>(std::clamp(std::lround(result), 0L, 255L));
    }
}

Dataset augmented(const Dataset& originals, int copies, uint64_t seed, const AugmentOptions& options) {
  DL_CHECK(originals.count == 0 || (originals.rows == kSide && originals.cols == kSide));
  Dataset out = originals;
  Rng rng(seed);
  std::vector<uint8_t> changed(kSide * kSide);
  for (int k = 0; k < copies; ++k)
    for (int i = 0; i < originals.count; ++i) {
      augment_digit(originals.image(i), changed.data(), rng, options);
      add_example(out, changed.data(), kSide, kSide, originals.labels[static_cast<size_t>(i)]);
    }
  return out;
}

Dataset mix_with_replay(const Dataset& personal, const Dataset& mnist, int replay, uint64_t seed) {
  Dataset out = personal;
  replay = std::clamp(replay, 0, mnist.count);
  Rng rng(seed);
  const std::vector<int> order = shuffled_indices(mnist.count, rng);
  for (int k = 0; k < replay; ++k) {
    const int i = order[static_cast<size_t>(k)];
    add_example(out, mnist.image(i), mnist.rows, mnist.cols, mnist.labels[static_cast<size_t>(i)]);
  }
  return out;
}

void add_example(Dataset& set, const uint8_t* pixels, int rows, int cols, int label) {
  DL_CHECK(label >= 0 && label < Dataset::kClasses);
  if (set.count == 0) {
    set.rows = rows;
    set.cols = cols;
  }
  DL_CHECK(rows == set.rows && cols == set.cols);
  set.images.insert(set.images.end(), pixels, pixels + static_cast<size_t>(rows) * cols);
  set.labels.push_back(static_cast<uint8_t>(label));
  ++set.count;
}

void remove_example(Dataset& set, int index) {
  DL_CHECK(index >= 0 && index < set.count);
  const size_t pixels = set.pixels_per_image();
  set.images.erase(set.images.begin() + static_cast<ptrdiff_t>(index * pixels),
                   set.images.begin() + static_cast<ptrdiff_t>((index + 1) * pixels));
  set.labels.erase(set.labels.begin() + index);
  --set.count;
}

std::vector<uint8_t> encode_idx_images(const Dataset& set) {
  std::vector<uint8_t> out;
  append_be32(out, 0x00000803);  // unsigned bytes, 3 dimensions
  append_be32(out, static_cast<uint32_t>(set.count));
  append_be32(out, static_cast<uint32_t>(set.rows));
  append_be32(out, static_cast<uint32_t>(set.cols));
  out.insert(out.end(), set.images.begin(), set.images.end());
  return out;
}

std::vector<uint8_t> encode_idx_labels(const Dataset& set) {
  std::vector<uint8_t> out;
  append_be32(out, 0x00000801);  // unsigned bytes, 1 dimension
  append_be32(out, static_cast<uint32_t>(set.count));
  out.insert(out.end(), set.labels.begin(), set.labels.end());
  return out;
}

TrainerConfig fine_tune_config(const Dataset& personal, const Dataset& mnist_train, ModelKind model,
                               const std::vector<float>& weights, int threads, const FineTuneRecipe& recipe,
                               uint64_t seed) {
  TrainerConfig c;
  c.model = model;
  c.optimizer = recipe.optimizer;
  c.learning_rate = recipe.learning_rate;
  c.final_learning_rate_share = recipe.final_learning_rate_share;
  c.batch_size = recipe.batch_size;
  c.epochs = recipe.epochs;
  c.threads = threads;
  c.quick_validation_every = 0;  // the run is short: the test set is measured before and after
  c.start_weights = std::make_shared<const std::vector<float>>(weights);
  c.personal_set = std::make_shared<const Dataset>(personal);
  c.train_set = std::make_shared<const Dataset>(
      mix_with_replay(augmented(personal, recipe.augmented_copies, seed), mnist_train, recipe.replay_images, seed + 6));
  return c;
}

}  // namespace dl
