// Trainer: the command loop on the trainer thread, the training loop with pause points,
// validation, and snapshot publishing.
#include "engine/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "engine/random.h"

namespace dl {

namespace {

constexpr int kFiberSlices = 4;
using Clock = std::chrono::steady_clock;
constexpr size_t kMaxCurvePoints = 2000;     // bounded history; thinned by half when full
constexpr int kCurvePointsPerEpoch = 200;
constexpr auto kWeightsInterval = std::chrono::milliseconds(250);
// Progress at 10 Hz reads as live, and each update repaints the page: a repaint costs a
// software-rendered tab CPU time the trainer would otherwise use.
constexpr auto kStatusInterval = std::chrono::milliseconds(100);

// What the student should hear when validation is still at chance level; "" when it is not.
std::string not_learning_hint(const TrainerStatus& s, int validation_images) {
  constexpr double kChanceLevel = 0.2;  // 10 classes guess 10% right; learning quickly passes 20%
  const long long seen = static_cast<long long>(s.progress.epoch - 1) * s.progress.samples_total + s.progress.samples_done;
  if (s.val_accuracy > kChanceLevel || seen < 2000) return "";
  char text[400];
  std::snprintf(text, sizeof text,
                "Not learning (yet): val_acc is %.1f%% on %s images after %s training samples, about what "
                "guessing gets. A learning rate far too high stalls training like this; one too low makes it "
                "crawl (plain SGD is slow to start with sigmoid layers). Try another rate (now %g) or Adam.",
                100.0 * s.val_accuracy, with_commas(static_cast<unsigned long long>(validation_images)).c_str(),
                with_commas(static_cast<unsigned long long>(seen)).c_str(), double(s.config.learning_rate));
  return text;
}

void append_bounded(std::vector<CurvePoint>& curve, const CurvePoint& point) {
  if (curve.size() >= kMaxCurvePoints) {
    size_t kept = 0;
    for (size_t i = 0; i < curve.size(); i += 2) curve[kept++] = curve[i];
    curve.resize(kept);
  }
  curve.push_back(point);
}
}  // namespace

const char* trainer_phase_name(TrainerPhase phase) {
  switch (phase) {
    case TrainerPhase::idle: return "idle";
    case TrainerPhase::training: return "training";
    case TrainerPhase::validating: return "validating";
    case TrainerPhase::paused: return "paused";
    case TrainerPhase::finished: return "finished";
    case TrainerPhase::failed: return "failed";
  }
  return "?";
}

Trainer::Trainer() : thread_([this] { thread_main(); }) {}

Trainer::~Trainer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    command_ = Command::quit;
  }
  stop_requested_ = true;
  pause_requested_ = false;
  wake_.notify_all();
  thread_.join();
}

void Trainer::set_data(std::shared_ptr<const Dataset> train, std::shared_ptr<const Dataset> test) {
  std::lock_guard<std::mutex> lock(mutex_);
  train_ = std::move(train);
  test_ = std::move(test);
}

bool Trainer::has_data() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return train_ && test_ && train_->count > 0;
}

Status Trainer::start(const TrainerConfig& config) {
  if (config.batch_size < 1 || config.epochs < 1 || config.threads < 1)
    return Status::error("batch size, epochs and threads must be at least 1");
  if (!(config.learning_rate > 0.0f) || !std::isfinite(config.learning_rate))
    return Status::error("the learning rate must be a positive number");
  if (!(config.final_learning_rate_share > 0.0f && config.final_learning_rate_share <= 1.0f))
    return Status::error("the learning rate's final share must be in (0, 1]");
  std::lock_guard<std::mutex> lock(mutex_);
  if (!train_ || !test_ || train_->count == 0) return Status::error("the MNIST data has not finished loading yet");
  pending_config_ = config;
  command_ = Command::start;
  stop_requested_ = true;  // ends a current run at its next pause point
  pause_requested_ = false;
  learning_rate_ = config.learning_rate;
  wake_.notify_all();
  return Status::ok();
}

void Trainer::pause() { pause_requested_ = true; }

void Trainer::resume() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pause_requested_ = false;
  }
  wake_.notify_all();
}

void Trainer::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  command_ = Command::reset;
  stop_requested_ = true;
  pause_requested_ = false;
  wake_.notify_all();
}

void Trainer::set_learning_rate(float learning_rate) {
  if (learning_rate > 0.0f && std::isfinite(learning_rate)) learning_rate_ = learning_rate;
}

void Trainer::step_once() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.phase != TrainerPhase::paused) return;
    pause_after_step_ = true;
    pause_requested_ = false;
  }
  wake_.notify_all();
}

void Trainer::watch_parameter(long long index) { watched_parameter_ = index; }

std::vector<WeightSnapshot> Trainer::history() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return history_.snapshots();
}

TrainerStatus Trainer::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

std::shared_ptr<const std::vector<float>> Trainer::weights(uint64_t* version) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (version) *version = weights_version_;
  return weights_;
}

std::shared_ptr<const ValidationReport> Trainer::validation_report() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return report_;
}

void Trainer::thread_main() {
  for (;;) {
    TrainerConfig config;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      background::wait(lock, wake_, [this] { return command_ != Command::none; });
      const Command command = command_;
      command_ = Command::none;
      stop_requested_ = false;
      if (command == Command::quit) return;
      if (command == Command::reset) {
        status_ = TrainerStatus{};
        history_.clear();
        weights_.reset();
        report_.reset();
        ++weights_version_;
        continue;
      }
      config = pending_config_;
    }
    run_training(config);
  }
}

bool Trainer::wait_while_paused() {
  if (stop_requested_) return false;
  if (!pause_requested_) return true;
  std::unique_lock<std::mutex> lock(mutex_);
  const TrainerPhase before = status_.phase;
  if (before != TrainerPhase::failed) status_.phase = TrainerPhase::paused;  // keep "failed" visible
  background::wait(lock, wake_, [this] { return !pause_requested_ || stop_requested_.load(); });
  if (stop_requested_) return false;
  status_.phase = before;
  return true;
}

void Trainer::publish_weights(const Sequential& model) {
  auto copy = std::make_shared<const std::vector<float>>(model.parameters());
  std::lock_guard<std::mutex> lock(mutex_);
  weights_ = std::move(copy);
  ++weights_version_;
}

void Trainer::run_training(const TrainerConfig& config) {
  std::shared_ptr<const Dataset> train, test;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    train = config.train_set ? config.train_set : train_;
    test = test_;
    status_ = TrainerStatus{};
    status_.phase = TrainerPhase::training;
    status_.config = config;
    status_.progress.epochs = config.epochs;
    status_.progress.samples_total = train->count;
    report_.reset();
    history_ = WeightHistory(config.history_budget_bytes);
    status_.history_budget = config.history_budget_bytes;
  }
  // Another run waiting for its turn must not wait for this one once it has ended, however it ends.
  struct LeaveTurns {
    const TrainerConfig& c;
    ~LeaveTurns() {
      if (c.turns) c.turns->leave(c.turn);
    }
  } leave_turns{config};
  Sequential model = make_workshop_model(config.model, config.variant);
  background::yield_point();  // a fiber's set-up in frame-sized pieces too
  OptimizerConfig optimizer = OptimizerConfig::defaults(config.optimizer);
  optimizer.learning_rate = config.learning_rate;
  model.compile(optimizer, config.seed);
  background::yield_point();
  // Without threads (a fiber) the batch runs in slices between frames, each a replica with a
  // gradient block of its own (WorkerPool): a few, so a CNN slice fits in a frame's budget.
  model.set_threads(background::in_fiber() ? kFiberSlices : config.threads);
  const bool fine_tune = config.personal_set != nullptr;
  if (config.start_weights && !model.set_parameters(*config.start_weights)) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.phase = TrainerPhase::failed;
    status_.message = "The weights to start from are not a model of this kind.";
    return;
  }
  // Fine-tuning: the student's own set and the test set, measured before (and after) the run.
  const int evaluation_batch = config.model == ModelKind::cnn ? 64 : 256;
  auto measure = [&](bool after) {
    const auto started = Clock::now();
    FineTuneReport r;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      r = status_.fine_tune;
    }
    r.active = true;
    const double personal = config.personal_set && config.personal_set->count > 0
                                ? model.evaluate(*config.personal_set, evaluation_batch).accuracy : 0.0;
    const double on_test = model.evaluate(*test, evaluation_batch).accuracy;
    (after ? r.personal_after : r.personal_before) = personal;
    (after ? r.test_after : r.test_before) = on_test;
    (after ? r.measured_after : r.measured_before) = true;
    r.personal_count = config.personal_set ? config.personal_set->count : 0;
    r.test_count = test->count;
    r.measure_seconds += std::chrono::duration<double>(Clock::now() - started).count();
    std::lock_guard<std::mutex> lock(mutex_);
    status_.fine_tune = r;
  };
  if (fine_tune) measure(false);

  const Dataset quick_validation = test->first(config.quick_validation_size);
  auto last_status = Clock::now() - kStatusInterval;

  FitOptions fit;
  fit.epochs = config.epochs;
  fit.batch_size = config.batch_size;
  // Evaluation batches bound the activation memory: the CNN's im2col buffers grow with the
  // batch (about 0.66 MB per image for conv2d_2), and the page has a small heap.
  fit.evaluation_batch = evaluation_batch;
  fit.quick_validation = &quick_validation;
  fit.quick_validation_every = config.quick_validation_every;
  fit.full_validation_predictions = true;
  fit.checkpoint_seconds = std::chrono::duration<double>(kWeightsInterval).count();
  // Progress is published at most every kStatusInterval, and before a pause: a paused run shows the
  // step it stopped at (two runs paused together agree).
  FitProgress latest;
  // Curve points are taken every few batches but reach the page with the progress: each change the
  // page sees costs a repaint, and points arriving at 20 Hz made the plot repaint at that rate.
  std::vector<CurvePoint> pending_curve;
  auto publish_progress = [this, &pending_curve](const FitProgress& p) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const CurvePoint& point : pending_curve) append_bounded(status_.train_curve, point);
    pending_curve.clear();
    status_.progress = p;
    status_.elapsed_seconds = p.run_seconds;
    status_.examples_per_second = p.samples_done / std::max(1e-9, p.epoch_seconds);
    const long long remaining = static_cast<long long>(p.samples_total - p.samples_done) +
                                static_cast<long long>(p.epochs - p.epoch) * p.samples_total;
    status_.eta_seconds = remaining / std::max(1.0, status_.examples_per_second);
  };
  fit.keep_going = [&, this] {
    background::yield_point();
    for (;;) {
      if (pause_requested_ && latest.steps > 0) publish_progress(latest);
      if (!wait_while_paused()) return false;
      if (!config.turns || config.turns->begin_turn(config.turn, stop_requested_, pause_requested_)) return true;
      if (stop_requested_) return false;
      // Asked to pause while waiting for the turn: pause here, then wait for the turn again.
    }
  };
  // The time machine's snapshots: copied outside the lock, added under it.
  double epochs_done = 0;
  auto snapshot = [&](const Sequential& m, bool always) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!always && !history_.due(m.steps())) return;
    }
    auto weights = std::make_shared<const std::vector<float>>(m.parameters());
    std::lock_guard<std::mutex> lock(mutex_);
    history_.add(m.steps(), epochs_done, std::move(weights));
    status_.history_count = static_cast<int>(history_.snapshots().size());
    status_.history_bytes = history_.bytes();
  };
  const long long total_steps =
      static_cast<long long>(config.epochs) * ((train->count + config.batch_size - 1) / std::max(1, config.batch_size));
  auto decay_share = [&](long long step) {
    if (config.final_learning_rate_share >= 1.0f || total_steps <= 1) return 1.0f;
    const float done = static_cast<float>(std::min(step, total_steps - 1)) / static_cast<float>(total_steps - 1);
    return 1.0f - (1.0f - config.final_learning_rate_share) * done;
  };
  fit.before_batch = [&, this](Sequential& m) {
    snapshot(m, false);
    m.optimizer().watch(watched_parameter_);
    const float lr = learning_rate_ * decay_share(m.steps());
    if (lr == m.optimizer().config().learning_rate) return;
    m.optimizer().set_learning_rate(lr);
    std::lock_guard<std::mutex> lock(mutex_);
    status_.config.learning_rate = lr;  // status() reports the rate in use
  };
  // The weights the loop would go back to are the ones the page shows.
  fit.on_checkpoint = [this](const Sequential& m) { publish_weights(m); };
  fit.on_batch = [&](const FitProgress& p) {
    epochs_done = p.epochs_done();
    if (config.turns) config.turns->end_turn(config.turn);
    if (model.optimizer().watched() >= 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.has_update = true;
      status_.update = model.optimizer().last_update();
    }
    const bool stepped = pause_after_step_.exchange(false);
    if (stepped) pause_requested_ = true;  // step_once: this was the step
    // Curve points at fixed steps, not times, so two runs' curves (and a rerun's) line up.
    const int batches_per_epoch = (p.samples_total + config.batch_size - 1) / std::max(1, config.batch_size);
    const long long curve_every = std::max(1, batches_per_epoch / kCurvePointsPerEpoch);
    if (p.steps % curve_every == 0 || p.samples_done == p.samples_total)
      pending_curve.push_back({p.epochs_done(), p.loss, p.accuracy});
    latest = p;
    const auto now = Clock::now();
    if (now - last_status < kStatusInterval && p.samples_done != p.samples_total && !stepped) return;
    last_status = now;
    publish_progress(p);
  };
  fit.on_validation_progress = [this](bool full, int done, int total) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (full) status_.phase = TrainerPhase::validating;
    status_.validation_done = done;
    status_.validation_total = total;
  };
  // A fine-tuning run is short: its epochs end on the quick set; the test set is measured whole
  // before and after.
  const Dataset* validation = fine_tune ? &quick_validation : test.get();
  fit.on_validation = [&](const ValidationPass& pass) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.has_validation = true;
    status_.val_loss = pass.result.loss;
    status_.val_accuracy = pass.result.accuracy;
    status_.not_learning = not_learning_hint(status_, pass.examples);
    append_bounded(status_.validation_curve, {pass.epochs_done, pass.result.loss, pass.result.accuracy});
    if (!pass.full) return;
    auto report = std::make_shared<ValidationReport>();
    report->epoch = pass.epoch;
    report->loss = pass.result.loss;
    report->accuracy = pass.result.accuracy;
    report->confusion = confusion_matrix(validation->labels.data(), pass.predictions.data(), validation->count);
    report->predictions = pass.predictions;
    report_ = std::move(report);
    status_.phase = TrainerPhase::training;
  };
  fit.on_epoch_end = [this](const EpochLogs& logs) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.epochs.push_back(logs);
  };
  // The loop has restored the last good weights: say why, and wait for the student to lower the
  // learning rate and press Resume (or Reset / Train, which end the run).
  fit.on_divergence = [this](const std::string& message) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.message = message;
      status_.phase = TrainerPhase::failed;
      pause_requested_ = true;  // before the UI can see "failed" and press Resume
    }
    if (!wait_while_paused()) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    status_.message.clear();
    status_.phase = TrainerPhase::training;
    return true;
  };

  const Result<std::vector<EpochLogs>> history = model.fit(*train, validation, fit, config.seed);
  snapshot(model, true);  // the run's last weights
  if (history && fine_tune && !stop_requested_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.phase = TrainerPhase::validating;
    }
    measure(true);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (stop_requested_) return;  // a new command ends the run: thread_main takes it next
  if (!history) {
    status_.phase = TrainerPhase::failed;
    status_.message = history.message();
    return;
  }
  status_.phase = TrainerPhase::finished;
}

}  // namespace dl
