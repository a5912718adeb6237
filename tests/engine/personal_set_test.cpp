// The student's own digits: augmentation, IDX export that the reader reads back, and fine-tuning
// through the trainer that learns them without forgetting MNIST.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "engine/personal_set.h"
#include "engine/trainer.h"
#include "mnist_subset.h"

using namespace dl;

namespace {
double ink(const uint8_t* p) { return std::accumulate(p, p + 784, 0.0); }
}  // namespace

TEST_CASE("augmentation moves a digit a little, keeps most of its ink, and is repeatable by seed") {
  const Dataset digits = mnist_subset("t10k", 5);
  Rng a(3), b(3);
  std::vector<uint8_t> one(784), two(784);
  for (int i = 0; i < digits.count; ++i) {
    augment_digit(digits.image(i), one.data(), a);
    augment_digit(digits.image(i), two.data(), b);
    CHECK(one == two);
    CHECK(!std::equal(one.begin(), one.end(), digits.image(i)));
    const double ratio = ink(one.data()) / ink(digits.image(i));
    CHECK(ratio > 0.6);
    CHECK(ratio < 1.6);
  }
  const Dataset more = augmented(digits, 4, 7);
  CHECK(more.count == 25);
  CHECK(more.labels[5] == digits.labels[0]);
  CHECK(std::equal(digits.images.begin(), digits.images.end(), more.images.begin()));  // originals first
}

TEST_CASE("a personal set exports as MNIST's IDX files and reads back the same") {
  Dataset mine;
  const Dataset digits = mnist_subset("t10k", 3);
  for (int i = 0; i < 3; ++i) add_example(mine, digits.image(i), 28, 28, (i + 4) % 10);
  remove_example(mine, 1);
  REQUIRE(mine.count == 2);
  const std::vector<uint8_t> images = encode_idx_images(mine), labels = encode_idx_labels(mine);
  Result<IdxArray> ai = parse_idx(images.data(), images.size()), al = parse_idx(labels.data(), labels.size());
  REQUIRE(ai.is_ok());
  REQUIRE(al.is_ok());
  Result<Dataset> back = make_dataset(std::move(ai).value(), std::move(al).value());
  REQUIRE(back.is_ok());
  CHECK(back->count == 2);
  CHECK(back->images == mine.images);
  CHECK(back->labels == std::vector<uint8_t>{4, 6});
}

TEST_CASE("fine-tuning on a few digits in another hand learns them and keeps MNIST within a few points") {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 60000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 2000));
  // A model that knows MNIST.
  Sequential model = make_workshop_mlp();
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
  model.set_threads(2);
  FitOptions fit;
  fit.batch_size = 64;
  REQUIRE(model.fit(*train, nullptr, fit, 1).is_ok());
  // "Another hand": three digits of each class from the end of the test set, slanted far more
  // than MNIST's writers slant and pushed to a corner.
  Dataset mine;
  int per_class[10] = {};
  const Dataset pool = mnist_subset("t10k", 10000);
  for (int i = pool.count - 1; i >= 0 && mine.count < 30; --i) {
    const int label = pool.labels[static_cast<size_t>(i)];
    if (per_class[label] == 3) continue;
    ++per_class[label];
    // A fixed slant: rotated 22 degrees and moved 2 px, by the augmentation's own warp.
    std::vector<uint8_t> rotated(784);
    warp_digit(pool.image(i), rotated.data(), {22.0f, 1.0f, 2.0f, 0.0f, 0.3f});
    add_example(mine, rotated.data(), 28, 28, label);
  }
  REQUIRE(mine.count == 30);
  auto personal = std::make_shared<const Dataset>(mine);
  Trainer trainer;
  trainer.set_data(train, test);
  // The page's recipe (FineTuneRecipe's defaults).
  const TrainerConfig config = fine_tune_config(mine, *train, ModelKind::mlp, model.parameters(), 2);
  REQUIRE(trainer.start(config).is_ok());
  TrainerStatus s = trainer.status();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (s.phase != TrainerPhase::finished && s.phase != TrainerPhase::failed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    s = trainer.status();
  }
  REQUIRE(s.phase == TrainerPhase::finished);
  const FineTuneReport& r = s.fine_tune;
  REQUIRE(r.measured_before);
  REQUIRE(r.measured_after);
  MESSAGE("personal set " << r.personal_before << " -> " << r.personal_after << "; test " << r.test_before << " -> "
                          << r.test_after);
  CHECK(r.personal_after >= 0.9);
  CHECK(r.personal_after > r.personal_before);
  CHECK(r.test_after >= r.test_before - 0.01);
}
