// The background Trainer: start, progress snapshots, pause/resume, reset, late data, divergence.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "engine/trainer.h"

using namespace dl;

namespace {
std::shared_ptr<const Dataset> load(const char* prefix, int n) {
  Result<Dataset> d = load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", prefix);
  REQUIRE_MESSAGE(d.is_ok(), d.message());
  return std::make_shared<const Dataset>(d->first(n));
}

// Polls until `done(status)` or a generous deadline (correctness, not speed, is tested here).
template <typename Pred>
TrainerStatus wait_for(const Trainer& trainer, Pred done, double seconds = 120.0) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  TrainerStatus s = trainer.status();
  while (!done(s) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    s = trainer.status();
  }
  return s;
}

TrainerConfig small_config() {
  TrainerConfig c;
  c.epochs = 2;
  c.batch_size = 32;
  c.threads = 2;
  c.learning_rate = 0.002f;
  c.quick_validation_every = 500;
  c.quick_validation_size = 200;
  return c;
}
}  // namespace

TEST_CASE("trainer refuses to start before the data arrives, then trains to the end") {
  Trainer trainer;
  CHECK(!trainer.start(small_config()).is_ok());
  trainer.set_data(load("train", 1000), load("t10k", 500));
  REQUIRE(trainer.start(small_config()).is_ok());
  const TrainerStatus s = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
  REQUIRE(s.phase == TrainerPhase::finished);
  CHECK(s.epochs.size() == 2);
  CHECK(s.progress.epoch == 2);
  CHECK(s.progress.samples_done == 1000);
  CHECK(s.has_validation);
  CHECK(s.val_accuracy > 0.6);
  CHECK(s.train_curve.size() >= 2);
  CHECK(s.validation_curve.size() >= 3);  // quick validations plus the two epoch ends
  CHECK(s.examples_per_second > 0);
  const auto report = trainer.validation_report();
  REQUIRE(report);
  CHECK(report->predictions.size() == 500);
  int total = 0, diagonal = 0;
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p) {
      total += report->confusion[t][p];
      if (t == p) diagonal += report->confusion[t][p];
    }
  CHECK(total == 500);
  CHECK(double(diagonal) / total == doctest::Approx(report->accuracy));
  uint64_t version = 0;
  REQUIRE(trainer.weights(&version));
  CHECK(trainer.weights()->size() == 1251450);
  CHECK(version > 0);
}

TEST_CASE("pause stops progress, resume continues, reset returns to idle") {
  Trainer trainer;
  trainer.set_data(load("train", 3000), load("t10k", 200));
  TrainerConfig config = small_config();
  config.epochs = 3;
  REQUIRE(trainer.start(config).is_ok());
  wait_for(trainer, [](const TrainerStatus& s) { return s.progress.steps > 3; });
  trainer.pause();
  TrainerStatus paused = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::paused; });
  REQUIRE(paused.phase == TrainerPhase::paused);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const TrainerStatus later = trainer.status();
  CHECK(later.phase == TrainerPhase::paused);
  CHECK(later.progress.steps == paused.progress.steps);
  trainer.set_learning_rate(0.0005f);  // changeable without a reset
  trainer.resume();
  const TrainerStatus resumed = wait_for(trainer, [&](const TrainerStatus& s) { return s.progress.steps > paused.progress.steps + 2; });
  CHECK(resumed.progress.steps > paused.progress.steps);
  trainer.reset();
  const TrainerStatus idle = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::idle; });
  CHECK(idle.phase == TrainerPhase::idle);
  CHECK(idle.progress.steps == 0);
  CHECK(!trainer.weights());
}

TEST_CASE("a diverging learning rate fails with a message and can resume after lowering it") {
  Trainer trainer;
  trainer.set_data(load("train", 2000), load("t10k", 200));
  TrainerConfig config = small_config();
  config.learning_rate = 1e38f;  // Adam moves every weight by about lr: the logits overflow
  REQUIRE(trainer.start(config).is_ok());
  const TrainerStatus failed = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::failed; });
  REQUIRE(failed.phase == TrainerPhase::failed);
  CHECK(failed.message.find("diverged") != std::string::npos);
  trainer.set_learning_rate(0.002f);
  trainer.resume();
  const TrainerStatus done = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
  CHECK(done.message.empty());
  CHECK(done.phase == TrainerPhase::finished);
  CHECK(done.epochs.size() == 2);
  CHECK(done.val_accuracy > 0.5);
}

TEST_CASE("a run stuck at chance level says it is not learning; a healthy run does not") {
  TrainerConfig config = small_config();
  config.epochs = 1;
  {
    Trainer trainer;
    trainer.set_data(load("train", 3000), load("t10k", 300));
    config.optimizer = OptimizerKind::sgd;
    config.learning_rate = 10.0f;  // sigmoids saturate at once; the loss stays finite, nothing is learnt
    REQUIRE(trainer.start(config).is_ok());
    const TrainerStatus stuck =
        wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
    REQUIRE(stuck.phase == TrainerPhase::finished);
    CHECK(stuck.val_accuracy < 0.2);
    CHECK(stuck.not_learning.find("Not learning (yet)") != std::string::npos);
    CHECK(stuck.not_learning.find("learning rate") != std::string::npos);
  }
  // A fresh trainer (a second start() could be read back as the first run's end); the first one
  // is gone, so its threads are free again (the WebAssembly build has a fixed pool).
  Trainer trainer;
  trainer.set_data(load("train", 3000), load("t10k", 300));
  config.optimizer = OptimizerKind::adam;  // the page's default optimizer, at a workable rate
  config.learning_rate = 0.002f;
  REQUIRE(trainer.start(config).is_ok());
  const TrainerStatus healthy = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
  REQUIRE(healthy.phase == TrainerPhase::finished);
  CHECK(healthy.val_accuracy > 0.5);
  CHECK(healthy.not_learning.empty());
}

TEST_CASE("the page's trainer and the CLI's fit() are one loop: the same run gives the same epochs and weights") {
  const auto train = load("train", 640), test = load("t10k", 200);
  TrainerConfig config = small_config();
  config.seed = 7;
  Trainer trainer;
  trainer.set_data(train, test);
  REQUIRE(trainer.start(config).is_ok());
  const TrainerStatus s = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
  REQUIRE(s.phase == TrainerPhase::finished);

  Sequential model = make_workshop_model(config.model);
  OptimizerConfig optimizer = OptimizerConfig::defaults(config.optimizer);
  optimizer.learning_rate = config.learning_rate;
  model.compile(optimizer, config.seed);
  model.set_threads(config.threads);
  FitOptions fit;
  fit.epochs = config.epochs;
  fit.batch_size = config.batch_size;
  fit.evaluation_batch = 256;  // the trainer's for the MLP: the same sums in the same order
  const Result<std::vector<EpochLogs>> history = model.fit(*train, test.get(), fit, config.seed);
  REQUIRE(history.is_ok());
  REQUIRE(history->size() == s.epochs.size());
  for (size_t e = 0; e < s.epochs.size(); ++e) {
    CHECK(history.value()[e].loss == s.epochs[e].loss);
    CHECK(history.value()[e].accuracy == s.epochs[e].accuracy);
    CHECK(history.value()[e].val_loss == s.epochs[e].val_loss);
    CHECK(history.value()[e].val_accuracy == s.epochs[e].val_accuracy);
  }
  REQUIRE(trainer.weights());
  CHECK(*trainer.weights() == model.parameters());
}

TEST_CASE("a diverging step gets the same message from the trainer and from fit(); fit() stops, the trainer pauses") {
  const auto train = load("train", 640), test = load("t10k", 100);
  TrainerConfig config = small_config();
  config.learning_rate = 1e38f;
  Trainer trainer;
  trainer.set_data(train, test);
  REQUIRE(trainer.start(config).is_ok());
  const TrainerStatus failed = wait_for(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::failed; });
  REQUIRE(failed.phase == TrainerPhase::failed);

  Sequential model = make_workshop_model(config.model);
  OptimizerConfig optimizer = OptimizerConfig::defaults(config.optimizer);
  optimizer.learning_rate = config.learning_rate;
  model.compile(optimizer, config.seed);
  model.set_threads(config.threads);
  FitOptions fit;
  fit.epochs = config.epochs;
  fit.batch_size = config.batch_size;
  const Result<std::vector<EpochLogs>> history = model.fit(*train, test.get(), fit, config.seed);
  REQUIRE(!history.is_ok());
  CHECK(history.message() == failed.message);
  CHECK(history.message().find("restored to its last good weights") != std::string::npos);
  for (float w : model.parameters()) REQUIRE(std::isfinite(w));
}

TEST_CASE("a falling learning rate goes down step by step to its final share at the last step") {
  Trainer trainer;
  trainer.set_data(load("train", 640), load("t10k", 200));
  TrainerConfig c = small_config();
  c.final_learning_rate_share = 0.0f;
  CHECK(!trainer.start(c).is_ok());
  c.final_learning_rate_share = 1.5f;
  CHECK(!trainer.start(c).is_ok());
  c.final_learning_rate_share = 0.1f;
  REQUIRE(trainer.start(c).is_ok());
  std::vector<float> rates;
  const TrainerStatus s = wait_for(trainer, [&](const TrainerStatus& s) {
    if (s.phase == TrainerPhase::training) rates.push_back(s.config.learning_rate);
    return s.phase == TrainerPhase::finished;
  });
  REQUIRE(s.phase == TrainerPhase::finished);
  CHECK(s.config.learning_rate == doctest::Approx(0.0002f));  // 2 epochs of 20 steps: step 39 of 39
  for (size_t i = 1; i < rates.size(); ++i) CHECK(rates[i] <= rates[i - 1]);
  // A constant rate stays as it was set.
  Trainer constant_trainer;
  constant_trainer.set_data(load("train", 640), load("t10k", 200));
  c.final_learning_rate_share = 1.0f;
  REQUIRE(constant_trainer.start(c).is_ok());
  const TrainerStatus constant = wait_for(constant_trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished; });
  CHECK(constant.config.learning_rate == doctest::Approx(0.002f));
}
