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
using Clock = std::chrono::steady_clock;
constexpr size_t kMaxCurvePoints = 2000;     // bounded history; thinned by half when full
constexpr auto kWeightsInterval = std::chrono::milliseconds(250);
// Progress at 10 Hz reads as live, and each update repaints the page: a repaint costs a
// software-rendered tab CPU time the trainer would otherwise use.
constexpr auto kStatusInterval = std::chrono::milliseconds(100);

// What the student should hear when validation is still at chance level; "" when it is not.
std::string not_learning_hint(const TrainerStatus& s, int validation_images) {
  constexpr double kChanceLevel = 0.2;  // 10 classes guess 10% right; learning quickly passes 20%
  const long long seen = static_cast<long long>(s.epoch - 1) * s.samples_total + s.samples_done;
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
      wake_.wait(lock, [this] { return command_ != Command::none; });
      const Command command = command_;
      command_ = Command::none;
      stop_requested_ = false;
      if (command == Command::quit) return;
      if (command == Command::reset) {
        status_ = TrainerStatus{};
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
  wake_.wait(lock, [this] { return !pause_requested_ || stop_requested_.load(); });
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

bool Trainer::validate(Sequential& model, const Dataset& data, int epoch, bool full, int batch_size) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (full) status_.phase = TrainerPhase::validating;
    status_.validation_done = 0;
    status_.validation_total = data.count;
  }
  bool completed = true;
  std::vector<uint8_t> predictions;
  const EvaluateResult result =
      model.evaluate(data, batch_size, full ? &predictions : nullptr, [&](int done) {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          status_.validation_done = done;
        }
        if (!wait_while_paused()) return completed = false;
        return true;
      });
  if (!completed) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  status_.has_validation = true;
  status_.val_loss = result.loss;
  status_.val_accuracy = result.accuracy;
  status_.not_learning = not_learning_hint(status_, data.count);
  const double x = (status_.epoch - 1) + double(status_.samples_done) / std::max(1, status_.samples_total);
  append_bounded(status_.validation_curve, {x, result.loss, result.accuracy});
  if (full) {
    auto report = std::make_shared<ValidationReport>();
    report->epoch = epoch;
    report->loss = result.loss;
    report->accuracy = result.accuracy;
    for (int i = 0; i < data.count; ++i) ++report->confusion[data.labels[static_cast<size_t>(i)]][predictions[static_cast<size_t>(i)]];
    report->predictions = std::move(predictions);
    report_ = std::move(report);
    status_.phase = TrainerPhase::training;
  }
  return true;
}

void Trainer::run_training(const TrainerConfig& config) {
  std::shared_ptr<const Dataset> train, test;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    train = train_;
    test = test_;
    status_ = TrainerStatus{};
    status_.phase = TrainerPhase::training;
    status_.config = config;
    status_.samples_total = train->count;
    report_.reset();
  }
  Sequential model = make_workshop_model(config.model);
  OptimizerConfig optimizer = OptimizerConfig::defaults(config.optimizer);
  optimizer.learning_rate = config.learning_rate;
  model.compile(optimizer, config.seed);
  model.set_threads(config.threads);
  publish_weights(model);
  std::vector<float> last_good = model.parameters();  // restored if training diverges

  const Dataset quick_validation = test->first(config.quick_validation_size);
  // Evaluation batches bound the activation memory: the CNN's im2col buffers grow with the
  // batch (about 0.66 MB per image for conv2d_2), and the page has a fixed heap.
  const int evaluation_batch = config.model == ModelKind::cnn ? 64 : 256;
  const size_t in_size = shape_size(model.input_shape());
  std::vector<float> x(static_cast<size_t>(config.batch_size) * in_size), y(static_cast<size_t>(config.batch_size) * 10);
  Rng rng(config.seed);
  double active_seconds = 0.0;
  auto last_weights = Clock::now(), last_status = Clock::now();

  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    const std::vector<int> order = shuffled_indices(train->count, rng);
    double loss_sum = 0.0;
    long long correct = 0;
    int done = 0, since_quick_validation = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.epoch = epoch;
      status_.samples_done = 0;
    }
    const auto epoch_start = Clock::now();
    double epoch_active_seconds = 0.0;  // excludes pauses and quick validations
    for (int start = 0; start < train->count; start += config.batch_size) {
      if (!wait_while_paused()) return;
      const float lr = learning_rate_;
      if (lr != model.optimizer().config().learning_rate) {
        model.optimizer().set_learning_rate(lr);
        std::lock_guard<std::mutex> lock(mutex_);
        status_.config.learning_rate = lr;  // status() reports the rate in use
      }
      const int n = std::min(config.batch_size, train->count - start);
      const auto batch_start = Clock::now();
      fill_batch(*train, order.data() + start, n, x.data(), y.data());
      Result<BatchResult> step = model.train_on_batch(x.data(), y.data(), n);
      if (!step) {
        // Divergence: go back to the last published weights with a fresh optimizer state,
        // and wait for the student to lower the learning rate and resume.
        (void)model.set_parameters(last_good);
        model.optimizer().reset();
        publish_weights(model);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          status_.message = "Training diverged at step " + std::to_string(model.steps() + 1) +
                            ": the loss became NaN or infinite. The model was restored to its last good snapshot; "
                            "lower the learning rate and press Resume.";
          status_.phase = TrainerPhase::failed;
          pause_requested_ = true;  // before the UI can see "failed" and press Resume
        }
        if (!wait_while_paused()) return;
        std::lock_guard<std::mutex> lock(mutex_);
        status_.message.clear();
        status_.phase = TrainerPhase::training;
        continue;
      }
      const double batch_seconds = std::chrono::duration<double>(Clock::now() - batch_start).count();
      active_seconds += batch_seconds;
      epoch_active_seconds += batch_seconds;
      loss_sum += step->loss_sum;
      correct += step->correct;
      done += n;
      since_quick_validation += n;

      const auto now = Clock::now();
      if (now - last_status >= kStatusInterval || done == train->count) {
        last_status = now;
        std::lock_guard<std::mutex> lock(mutex_);
        status_.samples_done = done;
        status_.loss = loss_sum / done;
        status_.accuracy = double(correct) / done;
        status_.steps = model.steps();
        status_.elapsed_seconds = active_seconds;
        status_.examples_per_second = done / std::max(1e-9, epoch_active_seconds);
        const long long remaining = static_cast<long long>(train->count - done) +
                                    static_cast<long long>(config.epochs - epoch) * train->count;
        status_.eta_seconds = remaining / std::max(1.0, status_.examples_per_second);
        append_bounded(status_.train_curve, {(epoch - 1) + double(done) / train->count, status_.loss, status_.accuracy});
      }
      if (now - last_weights >= kWeightsInterval) {
        last_weights = now;
        last_good = model.parameters();
        publish_weights(model);
      }
      if (config.quick_validation_every > 0 && since_quick_validation >= config.quick_validation_every &&
          done < train->count) {
        since_quick_validation = 0;
        if (!validate(model, quick_validation, epoch, /*full=*/false, evaluation_batch)) return;
      }
    }
    publish_weights(model);
    last_good = model.parameters();
    if (!validate(model, *test, epoch, /*full=*/true, evaluation_batch)) return;
    std::lock_guard<std::mutex> lock(mutex_);
    status_.epochs.push_back({epoch, status_.loss, status_.accuracy, status_.val_loss, status_.val_accuracy,
                              std::chrono::duration<double>(Clock::now() - epoch_start).count()});
  }
  std::lock_guard<std::mutex> lock(mutex_);
  status_.phase = TrainerPhase::finished;
}

}  // namespace dl
