// A command storm for dl::Trainer: one thread sends thousands of random commands while the trainer
// trains and validates on a small MNIST subset, another reads snapshots and checks each one; a
// watchdog fails the run on a deadlock. Run under ThreadSanitizer by preset native-tsan.
//   trainer_storm [COMMANDS] [SEED]      (default 2000 commands, seed 1)
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/random.h"
#include "engine/trainer.h"

namespace {

using Clock = std::chrono::steady_clock;
using dl::TrainerPhase;

constexpr int kTrainImages = 600, kTestImages = 200;

// A failed check: say what and stop the whole program (the storm's threads cannot unwind).
[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "trainer_storm: FAILED: %s\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}
#define STORM_CHECK(cond, what)                                                   \
  do {                                                                            \
    if (!(cond)) fail(std::string(#cond) + ": " + (what));                        \
  } while (0)

std::shared_ptr<const dl::Dataset> load(const char* prefix, int n) {
  dl::Result<dl::Dataset> d = dl::load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", prefix);
  if (!d) fail(d.message());
  return std::make_shared<const dl::Dataset>(d->first(n));
}

// What both threads and the watchdog share.
struct Shared {
  std::atomic<int> commands_done{0};
  std::atomic<bool> storm_over{false};
  std::atomic<const char*> last_command{"none"};
  std::mutex mutex;
  std::condition_variable finished;
  bool commander_done = false;
};

// ---- the commands -------------------------------------------------------------------------

float any_learning_rate(dl::Rng& rng) {
  switch (rng.below(10)) {
    case 0: return std::numeric_limits<float>::quiet_NaN();
    case 1: return -0.01f;
    case 2: return 0.0f;
    case 3: return std::numeric_limits<float>::infinity();
    case 4: return 1e38f;  // Adam's logits overflow: the trainer fails and waits for a lower rate
    default: return std::pow(10.0f, rng.uniform(-4.0f, -1.0f));
  }
}

dl::TrainerConfig any_config(dl::Rng& rng) {
  dl::TrainerConfig c;
  c.model = rng.below(8) == 0 ? dl::ModelKind::cnn : dl::ModelKind::mlp;  // the CNN is slow: rarely
  c.optimizer = static_cast<dl::OptimizerKind>(rng.below(4));
  c.learning_rate = any_learning_rate(rng);
  c.batch_size = rng.below(20) == 0 ? 0 : 1 + static_cast<int>(rng.below(128));  // 0 is refused
  c.epochs = static_cast<int>(rng.below(3)) + (rng.below(30) == 0 ? 0 : 1);
  c.threads = 1 + static_cast<int>(rng.below(4));  // the thread count is set at start
  c.seed = rng.next();
  c.quick_validation_every = 50 + static_cast<int>(rng.below(400));
  c.quick_validation_size = 1 + static_cast<int>(rng.below(kTestImages));
  return c;
}

// Polls the trainer until `done` or `milliseconds` pass (what the storm waits for may never come).
template <typename Done>
void wait_briefly(const dl::Trainer& trainer, uint32_t milliseconds, Done done) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(milliseconds);
  while (Clock::now() < deadline && !done(trainer.status())) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void commander(dl::Trainer& trainer, Shared& shared, int commands, uint64_t seed, std::map<std::string, int>& counts) {
  dl::Rng rng(seed);
  for (int i = 0; i < commands; ++i) {
    const uint32_t pick = rng.below(1000);
    const char* name;
    if (pick < 70) {
      name = "start";
      trainer.start(any_config(rng));  // refusals (bad configs) are part of the storm
    } else if (pick < 110) {
      name = "reset";
      trainer.reset();
    } else if (pick < 370) {
      name = "pause";
      trainer.pause();
    } else if (pick < 650) {
      name = "resume";
      trainer.resume();
    } else if (pick < 930) {
      name = "set_learning_rate";
      trainer.set_learning_rate(any_learning_rate(rng));
    } else if (pick < 950) {
      name = "has_data";
      trainer.has_data();
    } else if (pick < 970) {
      name = "pause and wait";  // until the run reaches its pause point (at most half a second)
      trainer.pause();
      wait_briefly(trainer, 500, [](const dl::TrainerStatus& s) { return s.phase != TrainerPhase::training; });
    } else if (pick < 995) {
      name = "let it run";  // a few batches, or until the epoch or the run ends (at most 1 s)
      trainer.resume();
      const dl::FitProgress before = trainer.status().progress;
      wait_briefly(trainer, 1000, [before](const dl::TrainerStatus& s) {
        return s.progress.steps >= before.steps + 3 || s.progress.epoch > before.epoch ||
               s.phase != TrainerPhase::training;
      });
    } else {
      name = "let it finish";  // until the run ends (at most 1.5 s): finished runs and their reports
      trainer.resume();
      wait_briefly(trainer, 1500, [](const dl::TrainerStatus& s) {
        return s.phase != TrainerPhase::training && s.phase != TrainerPhase::validating;
      });
    }
    ++counts[name];
    shared.last_command = name;
    shared.commands_done = i + 1;
    if (rng.below(4) == 0) std::this_thread::sleep_for(std::chrono::microseconds(rng.below(2000)));
  }
  std::lock_guard<std::mutex> lock(shared.mutex);
  shared.commander_done = true;
  shared.finished.notify_all();
}

// ---- the snapshots ------------------------------------------------------------------------

struct ObserverStats {
  long long snapshots = 0, weights_seen = 0, reports_seen = 0;
  std::map<std::string, int> phases;
};

void check_status(const dl::TrainerStatus& s) {
  const dl::FitProgress& p = s.progress;
  const std::string where = std::string("phase ") + dl::trainer_phase_name(s.phase) + ", epoch " +
                            std::to_string(p.epoch) + "/" + std::to_string(p.epochs) + ", samples " +
                            std::to_string(p.samples_done) + "/" + std::to_string(p.samples_total);
  STORM_CHECK(s.phase >= TrainerPhase::idle && s.phase <= TrainerPhase::failed, where);
  STORM_CHECK(std::string(dl::trainer_phase_name(s.phase)) != "?", where);
  STORM_CHECK(p.samples_done >= 0 && p.samples_done <= p.samples_total, where);
  STORM_CHECK(p.epoch >= 0 && p.epoch <= s.config.epochs, where);
  STORM_CHECK(p.epochs == 0 || p.epochs == s.config.epochs, where);
  STORM_CHECK(s.validation_done >= 0 && s.validation_done <= s.validation_total, where);
  if (s.phase == TrainerPhase::idle) {
    STORM_CHECK(p.samples_done == 0 && p.epoch == 0 && s.train_curve.empty() && s.epochs.empty(), where);
    return;
  }
  STORM_CHECK(p.samples_total == kTrainImages, where);
  STORM_CHECK(s.config.batch_size >= 1 && s.config.epochs >= 1 && s.config.threads >= 1, where);
  STORM_CHECK(s.config.learning_rate > 0.0f && std::isfinite(s.config.learning_rate), where);
  if (s.phase == TrainerPhase::failed) STORM_CHECK(!s.message.empty(), where + ": failed without a message");
  if (s.phase == TrainerPhase::finished) STORM_CHECK(static_cast<int>(s.epochs.size()) == s.config.epochs, where);
  if (s.has_validation) STORM_CHECK(s.val_accuracy >= 0.0 && s.val_accuracy <= 1.0, where);
  STORM_CHECK(s.examples_per_second >= 0.0 && s.elapsed_seconds >= 0.0, where);
  for (const auto* curve : {&s.train_curve, &s.validation_curve}) {
    for (size_t i = 0; i < curve->size(); ++i) {
      const dl::CurvePoint& c = (*curve)[i];
      STORM_CHECK(c.epoch >= 0.0 && c.epoch <= s.config.epochs, where);
      STORM_CHECK(i == 0 || c.epoch >= (*curve)[i - 1].epoch, where + ": a curve's x went back");
      STORM_CHECK(c.accuracy >= 0.0 && c.accuracy <= 1.0, where);
    }
  }
  STORM_CHECK(static_cast<int>(s.epochs.size()) <= s.config.epochs, where);
  for (size_t i = 0; i < s.epochs.size(); ++i) STORM_CHECK(s.epochs[i].epoch == static_cast<int>(i) + 1, where);
}

void check_report(const dl::ValidationReport& r, const dl::Dataset& test) {
  const std::string where = "validation report of epoch " + std::to_string(r.epoch);
  STORM_CHECK(r.epoch >= 1, where);
  STORM_CHECK(static_cast<int>(r.predictions.size()) == test.count, where);
  STORM_CHECK(dl::confusion_total(r.confusion) == test.count, where);
  for (int t = 0; t < dl::kClassCount; ++t) {
    int row = 0;
    for (int c = 0; c < dl::kClassCount; ++c) row += r.confusion[size_t(t)][size_t(c)];
    const int labelled = static_cast<int>(std::count(test.labels.begin(), test.labels.end(), uint8_t(t)));
    STORM_CHECK(row == labelled, where + ": row " + std::to_string(t) + " does not count that label's images");
  }
  for (uint8_t p : r.predictions) STORM_CHECK(p < dl::kClassCount, where);
  STORM_CHECK(std::fabs(r.accuracy - double(dl::confusion_correct(r.confusion)) / test.count) < 1e-9, where);
}

void observer(const dl::Trainer& trainer, const Shared& shared, const dl::Dataset& test,
              const std::array<size_t, 2>& param_counts, ObserverStats& stats) {
  uint64_t last_version = 0;
  while (!shared.storm_over) {
    const dl::TrainerStatus s = trainer.status();
    check_status(s);
    ++stats.snapshots;
    ++stats.phases[dl::trainer_phase_name(s.phase)];

    uint64_t version = 0;
    const std::shared_ptr<const std::vector<float>> w = trainer.weights(&version);
    STORM_CHECK(version >= last_version, "the weights' version went back");
    last_version = version;
    if (w) {
      ++stats.weights_seen;
      STORM_CHECK(w->size() == param_counts[0] || w->size() == param_counts[1],
                  std::to_string(w->size()) + " weights fit neither model");
      // Only every 16th copy is scanned in full: the trainer's threads need the cores too.
      if (stats.weights_seen % 16 == 0)
        STORM_CHECK(std::all_of(w->begin(), w->end(), [](float x) { return std::isfinite(x); }),
                    "published weights that are not finite");
    }
    if (const std::shared_ptr<const dl::ValidationReport> r = trainer.validation_report()) {
      ++stats.reports_seen;
      check_report(*r, test);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));  // the trainer's threads need the cores
  }
}

// ---- the watchdog -------------------------------------------------------------------------

// Waits up to `seconds` for `done`, failing with what the trainer was doing if it never comes.
template <typename Done>
void within(double seconds, const std::string& what, const dl::Trainer& trainer, Done done) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (Clock::now() > deadline) {
      const dl::TrainerStatus s = trainer.status();
      fail("watchdog: " + what + " did not happen within " + std::to_string(int(seconds)) + " s (phase " +
           dl::trainer_phase_name(s.phase) + "); a deadlock?");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int commands = argc > 1 ? std::atoi(argv[1]) : 2000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  if (commands < 1) fail("usage: trainer_storm [COMMANDS] [SEED]");
  const auto started = Clock::now();

  const std::shared_ptr<const dl::Dataset> train = load("train", kTrainImages), test = load("t10k", kTestImages);
  std::array<size_t, 2> param_counts{};
  for (dl::ModelKind kind : {dl::ModelKind::mlp, dl::ModelKind::cnn}) {
    dl::Sequential model = dl::make_workshop_model(kind);
    model.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
    param_counts[kind == dl::ModelKind::mlp ? 0 : 1] = model.param_count();
  }

  Shared shared;
  std::map<std::string, int> counts;
  ObserverStats stats;
  {
    auto trainer = std::make_unique<dl::Trainer>();
    trainer->set_data(train, test);
    std::thread command_thread(commander, std::ref(*trainer), std::ref(shared), commands, seed, std::ref(counts));
    std::thread observer_thread(observer, std::cref(*trainer), std::cref(shared), std::cref(*test), std::cref(param_counts),
                                std::ref(stats));

    // Each command returns at once; only the storm's own sleeps take time. A stuck command shows
    // as a count that stops moving.
    int seen = -1;
    auto last_move = Clock::now();
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(shared.mutex);
        if (shared.finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return shared.commander_done; })) break;
      }
      if (shared.commands_done != seen) {
        seen = shared.commands_done;
        last_move = Clock::now();
      } else if (Clock::now() - last_move > std::chrono::seconds(60)) {
        fail(std::string("watchdog: no command returned for 60 s after ") + std::to_string(seen) + " (the last: " +
             shared.last_command.load() + "); a deadlock?");
      }
    }
    command_thread.join();

    // After the storm the trainer still obeys: reset goes idle, a short run finishes.
    trainer->reset();
    within(60, "reset after the storm", *trainer, [&] { return trainer->status().phase == TrainerPhase::idle; });
    dl::TrainerConfig last;
    last.epochs = 1;
    last.batch_size = 64;
    last.threads = 2;
    last.quick_validation_every = 200;
    last.quick_validation_size = 100;
    const dl::Status started_last = trainer->start(last);
    STORM_CHECK(started_last.is_ok(), started_last.message());
    within(300, "a last run finishing", *trainer, [&] { return trainer->status().phase == TrainerPhase::finished; });
    const std::shared_ptr<const dl::ValidationReport> report = trainer->validation_report();
    STORM_CHECK(report != nullptr && report->epoch == 1, "the last run left no validation report");
    check_report(*report, *test);

    shared.storm_over = true;
    observer_thread.join();

    // The destructor stops the thread even while paused; watched like the rest.
    trainer->start(last);
    trainer->pause();
    std::atomic<bool> destroyed{false};
    std::thread destroyer([&] {
      trainer.reset();
      destroyed = true;
    });
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (!destroyed && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!destroyed) fail("watchdog: ~Trainer did not return within 60 s; a deadlock?");
    destroyer.join();
  }

  std::printf("trainer_storm: %d commands (seed %llu) in %.1f s:", commands, static_cast<unsigned long long>(seed),
              std::chrono::duration<double>(Clock::now() - started).count());
  for (const auto& [name, n] : counts) std::printf(" %s %d,", name.c_str(), n);
  std::printf("\n  %lld snapshots (%lld with weights, %lld with a validation report); phases seen:", stats.snapshots,
              stats.weights_seen, stats.reports_seen);
  for (const auto& [name, n] : stats.phases) std::printf(" %s %d,", name.c_str(), n);
  std::printf("\ntrainer_storm: ok\n");
  return 0;
}
