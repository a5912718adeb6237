// A student's own digits as a training set: small random changes (shift, rotation, scale, a
// bolder or thinner stroke) so a few drawings are worth many, mixed with a replay of MNIST images
// so fine-tuning does not forget MNIST; and the IDX encoding that exports them in MNIST's format.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/dataset.h"
#include "engine/random.h"

namespace dl {

struct AugmentOptions {
  float max_shift = 2.0f;         // pixels, each direction
  float max_rotation_deg = 12.0f;
  float max_scale = 0.10f;        // +-10% size
  float max_stroke = 0.6f;        // pixels a stroke may grow (positive) or shrink (negative)
};

// One change to a 28x28 digit: rotated and scaled about its middle, shifted, and its stroke made
// bolder (stroke > 0, a share of the brightest neighbour) or thinner (< 0).
struct DigitWarp {
  float angle_deg = 0, scale = 1, dx = 0, dy = 0, stroke = 0;
};
void warp_digit(const uint8_t* in, uint8_t* out, const DigitWarp& warp);

// One 28x28 digit (bytes, row-major), changed at random within `options`, into `out`.
void augment_digit(const uint8_t* in, uint8_t* out, Rng& rng, const AugmentOptions& options = {});

// The originals followed by `copies` augmented versions of each (labels kept).
Dataset augmented(const Dataset& originals, int copies, uint64_t seed, const AugmentOptions& options = {});

// `personal` followed by `replay` images drawn at random (without repeats) from `mnist`.
Dataset mix_with_replay(const Dataset& personal, const Dataset& mnist, int replay, uint64_t seed);

// Appends one example (rows x cols bytes) to a dataset; a first example sets its size.
void add_example(Dataset& set, const uint8_t* pixels, int rows, int cols, int label);
// Removes example `index`.
void remove_example(Dataset& set, int index);

// The IDX files MNIST ships, for a dataset's images [count, rows, cols] and its labels [count].
std::vector<uint8_t> encode_idx_images(const Dataset& set);
std::vector<uint8_t> encode_idx_labels(const Dataset& set);

}  // namespace dl
