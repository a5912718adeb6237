// A student's own digits as a training set: small random changes (shift, rotation, scale, a
// bolder or thinner stroke) so a few drawings are worth many, mixed with a replay of MNIST images
// so fine-tuning does not forget MNIST; and the IDX encoding that exports them in MNIST's format.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/dataset.h"
#include "engine/random.h"
#include "engine/trainer.h"

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

// Fine-tuning's recipe, the page's "Fine-tune on my digits": each digit as it is plus
// `augmented_copies` changed copies, mixed with `replay_images` MNIST training images so the model
// does not forget MNIST, trained for a few short epochs at a gentle rate from the trained weights.
struct FineTuneRecipe {
  OptimizerKind optimizer = OptimizerKind::adam;
  int augmented_copies = 20;
  int replay_images = 3000;
  int epochs = 4;
  float learning_rate = 0.001f;
  float final_learning_rate_share = 0.1f;  // the rate falls linearly to a tenth by the last step
  int batch_size = 64;
};

// The trainer's run that fine-tunes `weights` (a `model` trained on MNIST) on `personal` (Adam; the
// personal set and the test set measured before and after: TrainerStatus::fine_tune).
TrainerConfig fine_tune_config(const Dataset& personal, const Dataset& mnist_train, ModelKind model,
                               const std::vector<float>& weights, int threads, const FineTuneRecipe& recipe = {},
                               uint64_t seed = 17);

// The IDX files MNIST ships, for a dataset's images [count, rows, cols] and its labels [count].
std::vector<uint8_t> encode_idx_images(const Dataset& set);
std::vector<uint8_t> encode_idx_labels(const Dataset& set);

}  // namespace dl
