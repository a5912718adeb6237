// Sequential: a Keras-like model — add layers, compile, fit / evaluate / predict, summary,
// save / load as safetensors. Parameters, gradients and optimizer state are flat blocks; each
// worker thread has its own activations and gradient block (data parallel over the batch,
// reduced in a fixed order, so one thread and a fixed seed give bit-identical runs).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/dataset.h"
#include "engine/layers.h"
#include "engine/optimizer.h"
#include "engine/safetensors.h"
#include "engine/status.h"
#include "engine/worker_pool.h"

namespace dl {

class Sequential;

struct SummaryRow {
  std::string name;  // "dense_1"
  std::string kind;  // "Dense"
  Shape output_shape;
  size_t params = 0;
};

struct ParamView {  // one named parameter tensor inside the flat block
  std::string name;  // "dense_1.kernel"
  Shape shape;
  size_t offset = 0, count = 0;
  int layer = 0;
};

struct BatchResult {
  double loss_sum = 0.0;  // summed over the batch's examples
  int correct = 0;
  int count = 0;
};

struct EvaluateResult {
  double loss = 0.0;
  double accuracy = 0.0;
};

// Where a training run is, as the loop reports it after every batch (the CLI's progress bar, the
// page's snapshots).
struct FitProgress {
  int epoch = 0, epochs = 0;                // epoch is 1-based
  int samples_done = 0, samples_total = 0;  // within this epoch
  double loss = 0.0, accuracy = 0.0;        // running means over this epoch so far
  long long steps = 0;                      // optimizer steps taken by the model
  double epoch_seconds = 0.0;  // time spent in training steps this epoch (no pauses, no validation)
  double run_seconds = 0.0;    // the same since fit() began
  double epochs_done() const;  // fractional epochs since the start: the x of a curve point
};

// One finished epoch, as Keras' fit() prints it.
struct EpochLogs {
  int epoch = 0, epochs = 0;
  double loss = 0.0, accuracy = 0.0;
  bool has_validation = false;
  double val_loss = 0.0, val_accuracy = 0.0;
  double seconds = 0.0;  // wall time from the epoch's first batch to its validation's end
};

// A validation pass: a quick one on the first images of `quick_validation` every so often, or a
// full one on the whole validation set at each epoch's end.
struct ValidationPass {
  bool full = false;
  int epoch = 0;
  double epochs_done = 0.0;  // where in the run it happened (a whole number for full passes)
  int examples = 0;
  EvaluateResult result;
  std::vector<uint8_t> predictions;  // per example; full passes when FitOptions asks for them
};

// Keras' fit() plus the hooks the page's trainer needs: the one training loop (CLI, tests, page).
struct FitOptions {
  int epochs = 1;
  int batch_size = 32;
  bool shuffle = true;
  int evaluation_batch = 0;  // 0: max(batch_size, 128)
  // Between epoch-end validations, a quick estimate on `quick_validation` every
  // `quick_validation_every` training samples (0: never).
  const Dataset* quick_validation = nullptr;
  int quick_validation_every = 0;
  bool full_validation_predictions = false;  // fill ValidationPass::predictions for full passes
  // The weights the loop goes back to when a step diverges are refreshed this often, and at
  // every epoch's end (copying them each batch would cost the training time).
  double checkpoint_seconds = 0.25;

  // All optional. `keep_going` is the pause point: called before every batch and during
  // validation, it may block (a paused page) and returns false to end the run early.
  std::function<bool()> keep_going;
  std::function<void(Sequential&)> before_batch;  // e.g. a learning rate changed meanwhile
  std::function<void(const FitProgress&)> on_batch;
  std::function<void(bool full, int done, int total)> on_validation_progress;
  std::function<void(const ValidationPass&)> on_validation;
  std::function<void(const EpochLogs&)> on_epoch_end;
  std::function<void(const Sequential&)> on_checkpoint;  // the weights just became the last good ones
  // A step diverged: the loop has already restored the last good weights with a fresh optimizer
  // state. Return true to carry on (the student lowered the rate and resumed), false to stop:
  // fit() then returns an error with `message`. Without a hook, fit() stops.
  std::function<bool(const std::string& message)> on_divergence;
};

class Sequential {
 public:
  explicit Sequential(Shape input_shape);  // per example, e.g. {784} or {28, 28, 1}
  ~Sequential();
  Sequential(Sequential&&) noexcept;
  Sequential& operator=(Sequential&&) noexcept;

  template <typename L>
  void add(L layer) { add_layer(std::make_unique<L>(std::move(layer))); }
  void add_layer(LayerPtr layer);

  // Allocates parameters (Glorot-uniform kernels, zero biases from `seed`) and the optimizer.
  void compile(const OptimizerConfig& optimizer, uint64_t seed = 1);
  bool compiled() const { return compiled_; }

  void set_threads(int threads);  // data-parallel workers used by train_on_batch/evaluate
  int threads() const;

  // One optimizer step on n examples: x [n, input...], y one-hot [n, classes].
  // Refuses (and changes nothing) when the loss or a gradient is not finite.
  Result<BatchResult> train_on_batch(const float* x, const float* y, int n);
  // Runs the data through the model (no dropout), batch by batch. Optionally records each
  // example's predicted class, and calls `keep_going(examples_done)` after every batch: when
  // it returns false, evaluation stops early and reports what it has seen.
  EvaluateResult evaluate(const Dataset& data, int batch_size = 256, std::vector<uint8_t>* predictions = nullptr,
                          const std::function<bool(int)>& keep_going = {});
  // Probabilities [n, classes] for x [n, input...]. Single-threaded; safe for one caller.
  void predict(const float* x, int n, float* probabilities);
  // Keras' fit over a uint8 dataset, scaled per batch, with the hooks above: the one training
  // loop. A diverging step restores the last good weights, then asks on_divergence whether to go
  // on; stopping returns the message as an error. A run ended by keep_going returns the epochs
  // completed so far.
  Result<std::vector<EpochLogs>> fit(const Dataset& train, const Dataset* validation, const FitOptions& options,
                                     uint64_t shuffle_seed = 1);

  // Saliency: the gradient of one class's score for one example x [input...] with respect to x,
  // written to `gradient` (the input's size), by the training step's own backward kernels. The
  // score is the class's logit (before the softmax) when the output is a softmax, else the
  // output itself; `of_probability` takes the softmax's output instead. No parameter changes.
  // Single-threaded, like predict(); afterwards layer_output() holds this example's outputs.
  void input_gradient(const float* x, int target_class, float* gradient, bool of_probability = false);

  // After predict(): each layer's output for the examples just predicted (for visualisation).
  const Tensor& layer_output(int layer) const;

  std::vector<SummaryRow> summary_rows() const;
  std::string summary() const;  // the Keras table
  size_t param_count() const { return params_.size(); }
  int layer_count() const { return static_cast<int>(layers_.size()); }
  const Layer& layer(int i) const { return *layers_[static_cast<size_t>(i)]; }
  const std::string& layer_name(int i) const { return names_[static_cast<size_t>(i)]; }
  const Shape& input_shape() const { return input_shape_; }
  const Shape& output_shape() const;
  int classes() const { return static_cast<int>(shape_size(output_shape())); }

  const std::vector<ParamView>& param_views() const { return views_; }
  const ParamView* find_param(const std::string& name) const;
  const std::vector<float>& parameters() const { return params_; }
  // Replaces all parameters (e.g. a snapshot from the trainer); sizes must match.
  Status set_parameters(const std::vector<float>& values);
  Optimizer& optimizer() { return *optimizer_; }
  const Optimizer& optimizer() const { return *optimizer_; }
  long long steps() const { return static_cast<long long>(step_); }

  SafetensorsFile to_safetensors() const;
  // All-or-nothing: every tensor must be present with the right shape and finite values.
  Status load_safetensors(const SafetensorsFile& file);
  Status save(const std::string& path) const;
  Status load(const std::string& path);

 private:
  struct Replica;
  void ensure_replicas();
  void forward_replica(Replica& r, const float* x, int n, bool training, int64_t first_example);

  Shape input_shape_;
  std::vector<LayerPtr> layers_;
  std::vector<std::string> names_;
  std::vector<size_t> layer_param_offset_;
  std::vector<ParamView> views_;
  std::vector<float> params_;
  std::vector<float> scratch_param_grads_;  // input_gradient's parameter gradients, thrown away
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::unique_ptr<WorkerPool> pool_;
  int threads_ = 1;
  uint64_t seed_ = 1;
  uint64_t step_ = 0;
  bool compiled_ = false;
};

// Thousands separators: 1251450 -> "1,251,450".
std::string with_commas(unsigned long long value);
// A duration as a clock shows it: 7 -> "0:07", 750 -> "12:30", 3723 -> "1:02:03"; "-" when unknown.
std::string clock_text(double seconds);
// A layer's output shape as Keras prints it, batch first: {26, 26, 32} -> "(None, 26, 26, 32)".
std::string keras_shape(const Shape& shape);
// The message of a diverged step (the page shows it, the CLI prints it).
std::string divergence_message(long long step);

}  // namespace dl
