// Trainer: trains a workshop model on a long-lived background thread (a fiber in a page without threads), controlled by commands
// (start, pause, resume, reset, learning rate) and observed through immutable snapshots, so a
// UI thread never blocks and never touches training buffers. It drives Sequential::fit, the one
// training loop, through its hooks; validation runs there too (the UI keeps drawing meanwhile).
#pragma once
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/background.h"
#include "engine/turns.h"
#include "engine/weight_history.h"
#include "engine/workshop_models.h"

namespace dl {

struct TrainerConfig {
  ModelKind model = ModelKind::mlp;
  OptimizerKind optimizer = OptimizerKind::adam;
  float learning_rate = 0.001f;
  int batch_size = 64;
  int epochs = 5;
  int threads = 2;
  uint64_t seed = 1;
  // Between epoch-end validations (on the whole test set), a quick estimate on the first
  // `quick_validation_size` test images every `quick_validation_every` training samples.
  int quick_validation_every = 10000;
  int quick_validation_size = 1000;

  // Start from these weights (a model of `model`'s kind) instead of fresh ones: the time machine's
  // "continue from here", or fine-tuning.
  std::shared_ptr<const std::vector<float>> start_weights;
  // Fine-tuning: train on `train_set` (say, the student's augmented digits mixed with MNIST
  // images) instead of the training set; `personal_set` and the test set are measured before and
  // after (a run with a personal set is a fine-tuning).
  std::shared_ptr<const Dataset> train_set, personal_set;
  // The model's variant (hidden activation, dropout), for comparing runs; the default is the workshop's.
  ModelVariant variant;
  // Two runs side by side: they take turns batch by batch (`turn` is this run's number).
  std::shared_ptr<TurnTaking> turns;
  int turn = 0;
  // The learning rate falls linearly, step by step, to this share of itself at the run's last step
  // (1: constant). Fine-tuning ends gently, so its last steps do not jolt what MNIST taught.
  float final_learning_rate_share = 1.0f;
  // The weight snapshots kept for the time machine (Trainer::history()).
  size_t history_budget_bytes = WeightHistory::kDefaultBudgetBytes;
};

// Before and after a fine-tuning run: accuracy on the student's own set and on the test set.
struct FineTuneReport {
  bool active = false;  // this run is a fine-tuning
  bool measured_before = false, measured_after = false;
  double personal_before = 0, personal_after = 0, test_before = 0, test_after = 0;
  int personal_count = 0, test_count = 0;
  double measure_seconds = 0;  // spent measuring (before and after), beside the training itself
};

enum class TrainerPhase { idle, training, validating, paused, finished, failed };
const char* trainer_phase_name(TrainerPhase phase);  // "idle", "training", ...

struct CurvePoint {
  double epoch = 0.0;  // fractional epochs since the start (x axis of the plots)
  double loss = 0.0, accuracy = 0.0;
};

// The result of a full validation pass: what the test panel shows.
struct ValidationReport {
  int epoch = 0;
  ConfusionMatrix confusion{};  // [true][predicted]
  std::vector<uint8_t> predictions;                  // per test image
  double loss = 0.0, accuracy = 0.0;
};

struct TrainerStatus {
  TrainerPhase phase = TrainerPhase::idle;
  TrainerConfig config;
  FitProgress progress;                   // the training loop's own report (epoch is 1-based)
  int validation_done = 0, validation_total = 0;
  bool has_validation = false;
  double val_loss = 0.0, val_accuracy = 0.0;
  double examples_per_second = 0.0;
  double eta_seconds = 0.0;
  double elapsed_seconds = 0.0;           // training time since Train, pauses excluded
  std::string message;                    // why training stopped, when it failed
  // Set while validation stays near chance (10 classes: 10%) after a few thousand samples: a
  // learning rate far too high (or too low) often stalls a run without ever producing NaN.
  std::string not_learning;
  std::vector<CurvePoint> train_curve;    // bounded; points every few batches
  std::vector<CurvePoint> validation_curve;
  std::vector<EpochLogs> epochs;
  FineTuneReport fine_tune;
  // The time machine: how many snapshots the run's history holds and their memory.
  int history_count = 0;
  size_t history_bytes = 0, history_budget = 0;
  // The watched weight's last update (Trainer::watch_parameter), once a step ran with the watch.
  bool has_update = false;
  UpdateAnatomy update;
};

class Trainer {
 public:
  Trainer();
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Data can arrive late (the page downloads it); start() refuses until it is set.
  void set_data(std::shared_ptr<const Dataset> train, std::shared_ptr<const Dataset> test);
  bool has_data() const;

  Status start(const TrainerConfig& config);  // a fresh model; replaces any current run
  void pause();
  void resume();
  void reset();                               // back to idle, no model
  void set_learning_rate(float learning_rate);
  // While paused: one more training step, then paused again.
  void step_once();
  // The parameter (flat index; -1: none) whose every update is recorded in status().update.
  void watch_parameter(long long index);

  // The current run's weight snapshots, oldest first (shared: holding one keeps it alive).
  std::vector<WeightSnapshot> history() const;

  TrainerStatus status() const;
  // Latest published weights (copied at most a few times a second) and their version.
  std::shared_ptr<const std::vector<float>> weights(uint64_t* version = nullptr) const;
  std::shared_ptr<const ValidationReport> validation_report() const;

 private:
  enum class Command { none, start, reset, quit };
  void thread_main();
  void run_training(const TrainerConfig& config);
  bool wait_while_paused();  // false when the run must stop
  void publish_weights(const Sequential& model);

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Command command_ = Command::none;
  TrainerConfig pending_config_;
  std::atomic<bool> pause_requested_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<float> learning_rate_{0.0f};
  std::atomic<bool> pause_after_step_{false};
  std::atomic<long long> watched_parameter_{-1};
  WeightHistory history_;

  TrainerStatus status_;
  std::shared_ptr<const Dataset> train_, test_;
  std::shared_ptr<const std::vector<float>> weights_;
  uint64_t weights_version_ = 0;
  std::shared_ptr<const ValidationReport> report_;
  background::Thread thread_;  // last: it starts after the members it uses
};

}  // namespace dl
