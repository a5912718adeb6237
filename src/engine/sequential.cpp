// Sequential: building, the training step (data parallel, fixed-order reduction), evaluation,
// fit, summary and safetensors I/O.
#include "engine/sequential.h"

#include "engine/background.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <numeric>

#include "engine/loss.h"
#include "engine/random.h"

namespace dl {

struct Sequential::Replica {
  Tensor input;                  // [n, input...]
  std::vector<Tensor> outputs;   // outputs[l]: layer l's output
  std::vector<Tensor> grads;     // grads[l]: dL/d outputs[l]
  std::vector<LayerWorkspace> workspaces;
  std::vector<float> param_grads;  // this worker's share of the batch gradient
  BatchResult result;
  bool finite = true;
};

std::string with_commas(unsigned long long value) {
  std::string digits = std::to_string(value), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const long long s = std::llround(seconds);
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  return text;
}

std::string keras_shape(const Shape& shape) {
  std::string s = "(None";
  for (int d : shape) s += ", " + std::to_string(d);
  return s + ")";
}

Sequential::Sequential(Shape input_shape) : input_shape_(std::move(input_shape)) {}
Sequential::~Sequential() = default;
Sequential::Sequential(Sequential&&) noexcept = default;
Sequential& Sequential::operator=(Sequential&&) noexcept = default;

void Sequential::add_layer(LayerPtr layer) {
  DL_CHECK(!compiled_ && "add layers before compile()");
  const Shape in = layers_.empty() ? input_shape_ : layers_.back()->output_shape();
  layer->build(in);
  int same_kind = 1;  // Keras-style names: dense_1, dense_2, conv2d_1, ...
  for (const LayerPtr& l : layers_) same_kind += std::strcmp(l->name_prefix(), layer->name_prefix()) == 0;
  names_.push_back(std::string(layer->name_prefix()) + "_" + std::to_string(same_kind));
  layers_.push_back(std::move(layer));
}

const Shape& Sequential::output_shape() const {
  DL_CHECK(!layers_.empty());
  return layers_.back()->output_shape();
}

void Sequential::compile(const OptimizerConfig& optimizer, uint64_t seed) {
  DL_CHECK(!layers_.empty());
  seed_ = seed;
  views_.clear();
  layer_param_offset_.clear();
  size_t offset = 0;
  for (size_t l = 0; l < layers_.size(); ++l) {
    layer_param_offset_.push_back(offset);
    for (const ParamSpec& spec : layers_[l]->param_specs()) {
      const size_t count = shape_size(spec.shape);
      views_.push_back({names_[l] + "." + spec.name, spec.shape, offset, count, static_cast<int>(l)});
      offset += count;
    }
  }
  params_.assign(offset, 0.0f);
  Rng rng(seed);
  size_t v = 0;
  for (size_t l = 0; l < layers_.size(); ++l) {
    for (const ParamSpec& spec : layers_[l]->param_specs()) {
      const ParamView& view = views_[v++];
      if (spec.init == Init::glorot_uniform) {
        const float limit = std::sqrt(6.0f / static_cast<float>(spec.fan_in + spec.fan_out));
        for (size_t i = 0; i < view.count; ++i) params_[view.offset + i] = rng.uniform(-limit, limit);
      }
    }
  }
  optimizer_ = std::make_unique<Optimizer>(optimizer);
  step_ = 0;
  compiled_ = true;
  replicas_.clear();
  ensure_replicas();
}

void Sequential::set_threads(int threads) {
  threads = std::max(1, threads);
  if (threads == threads_ && pool_) return;
  threads_ = threads;
  pool_.reset();
  ensure_replicas();
}

int Sequential::threads() const { return threads_; }

void Sequential::ensure_replicas() {
  if (!pool_) pool_ = std::make_unique<WorkerPool>(threads_);
  if (!compiled_) return;
  while (static_cast<int>(replicas_.size()) < threads_) {
    auto r = std::make_unique<Replica>();
    r->outputs.resize(layers_.size());
    r->grads.resize(layers_.size());
    r->workspaces.resize(layers_.size());
    r->param_grads.assign(params_.size(), 0.0f);
    replicas_.push_back(std::move(r));
    background::yield_point();  // a fiber: each replica's memory in a slice of its own
  }
}

void Sequential::forward_replica(Replica& r, const float* x, int n, bool training, int64_t first_example) {
  r.input.resize(batched(n, input_shape_));
  std::memcpy(r.input.data(), x, sizeof(float) * r.input.size());
  ForwardContext ctx{training, seed_, step_, 0, first_example};
  for (size_t l = 0; l < layers_.size(); ++l) {
    ctx.layer_index = static_cast<int>(l);
    const Tensor& in = l == 0 ? r.input : r.outputs[l - 1];
    layers_[l]->forward(params_.data() + layer_param_offset_[l], in, r.outputs[l], r.workspaces[l], ctx);
  }
}

namespace {

// No NaN or infinity among `count` floats. Tests the exponent bits as integers, which
// vectorizes (a float compare chain does not): this runs over every gradient every step.
bool all_finite(const float* values, size_t count) {
  constexpr uint32_t exponent = 0x7f800000u;
  uint32_t any_special = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, values + i, sizeof bits);
    any_special |= static_cast<uint32_t>((bits & exponent) == exponent);
  }
  return any_special == 0;
}
}  // namespace

Result<BatchResult> Sequential::train_on_batch(const float* x, const float* y, int n) {
  DL_CHECK(compiled_ && n > 0);
  ensure_replicas();
  const int workers = std::min(threads_, n);
  const int classes = this->classes();
  const size_t in_size = shape_size(input_shape_);
  const size_t last = layers_.size() - 1;
  const bool fused = layers_[last]->activation() == Activation::softmax;
  const size_t count = params_.size();

  pool_->run([&](int w) {
    if (w >= workers) return;
    Replica& r = *replicas_[static_cast<size_t>(w)];
    const int lo = n * w / workers, hi = n * (w + 1) / workers, m = hi - lo;
    forward_replica(r, x + lo * in_size, m, /*training=*/true, lo);

    const Tensor& probabilities = r.outputs[last];
    const float* targets = y + static_cast<size_t>(lo) * classes;
    r.result = {};
    r.result.count = m;
    for (int i = 0; i < m; ++i) {
      const float* p = probabilities.data() + static_cast<size_t>(i) * classes;
      const float* t = targets + static_cast<size_t>(i) * classes;
      r.result.loss_sum += categorical_crossentropy(t, p, classes);
      r.result.correct += argmax(p, classes) == argmax(t, classes);
    }
    // Each worker scales by the whole batch size, so the reduced sum is the batch mean gradient.
    Tensor& top = r.grads[last];
    top.resize(probabilities.shape());
    if (fused) softmax_crossentropy_grad(targets, probabilities.data(), m, classes, float(n), top.data());
    else categorical_crossentropy_grad(targets, probabilities.data(), m, classes, float(n), top.data());

    for (size_t l = layers_.size(); l-- > 0;) {
      const Tensor& in = l == 0 ? r.input : r.outputs[l - 1];
      Tensor* dx = l == 0 ? nullptr : &r.grads[l - 1];
      const IncomingGradient incoming =
          (l == last && fused) ? IncomingGradient::before_activation : IncomingGradient::after_activation;
      layers_[l]->backward(params_.data() + layer_param_offset_[l], in, r.outputs[l], r.grads[l], dx,
                           r.param_grads.data() + layer_param_offset_[l], r.workspaces[l], incoming);
    }
  });

  // Fixed-order reduction into worker 0's block, split by parameter ranges across the workers.
  // Each cache-sized block is checked for NaN and infinity right after its sum, while it is
  // still in L1, rather than in a second pass over the whole gradient.
  float* total = replicas_[0]->param_grads.data();
  pool_->run([&](int w) {
    const size_t begin = count * static_cast<size_t>(w) / threads_, end = count * (static_cast<size_t>(w) + 1) / threads_;
    constexpr size_t kBlock = 2048;
    bool finite = true;
    for (size_t block = begin; block < end; block += kBlock) {
      const size_t block_end = std::min(end, block + kBlock);
      for (int other = 1; other < workers; ++other) {
        const float* g = replicas_[static_cast<size_t>(other)]->param_grads.data();
        for (size_t i = block; i < block_end; ++i) total[i] += g[i];
      }
      finite &= all_finite(total + block, block_end - block);
    }
    replicas_[static_cast<size_t>(w)]->finite = finite;
  });

  BatchResult batch;
  bool finite = true;
  for (int w = 0; w < threads_; ++w) finite &= replicas_[static_cast<size_t>(w)]->finite;
  for (int w = 0; w < workers; ++w) {
    const BatchResult& r = replicas_[static_cast<size_t>(w)]->result;
    batch.loss_sum += r.loss_sum;
    batch.correct += r.correct;
    batch.count += r.count;
  }
  if (!finite || !std::isfinite(batch.loss_sum)) {
    return Status::error("training diverged at step " + std::to_string(step_ + 1) +
                         ": the loss or its gradient is not a finite number. The weights were kept as they were "
                         "before this batch; lower the learning rate and continue.");
  }
  optimizer_->begin_step(count);
  pool_->run([&](int w) {
    const size_t begin = count * static_cast<size_t>(w) / threads_, end = count * (static_cast<size_t>(w) + 1) / threads_;
    optimizer_->update_range(params_.data(), total, begin, end);
  });
  ++step_;
  return batch;
}

EvaluateResult Sequential::evaluate(const Dataset& data, int batch_size, std::vector<uint8_t>* predictions,
                                    const std::function<bool(int)>& keep_going) {
  DL_CHECK(compiled_);
  ensure_replicas();
  batch_size = std::max(1, batch_size);
  const int classes = this->classes();
  const size_t in_size = shape_size(input_shape_);
  std::vector<int> indices(static_cast<size_t>(batch_size));
  std::vector<float> x(static_cast<size_t>(batch_size) * in_size), y(static_cast<size_t>(batch_size) * classes);
  if (predictions) predictions->assign(static_cast<size_t>(data.count), 0);
  double loss_sum = 0.0;
  long long correct = 0;
  int seen = 0;
  for (int start = 0; start < data.count; start += batch_size) {
    const int n = std::min(batch_size, data.count - start);
    std::iota(indices.begin(), indices.begin() + n, start);
    fill_batch(data, indices.data(), n, x.data(), y.data());
    const int workers = std::min(threads_, n);
    pool_->run([&](int w) {
      if (w >= workers) return;
      Replica& r = *replicas_[static_cast<size_t>(w)];
      const int lo = n * w / workers, hi = n * (w + 1) / workers;
      forward_replica(r, x.data() + lo * in_size, hi - lo, /*training=*/false, lo);
      r.result = {};
      for (int i = 0; i < hi - lo; ++i) {
        const float* p = r.outputs.back().data() + static_cast<size_t>(i) * classes;
        const float* t = y.data() + static_cast<size_t>(lo + i) * classes;
        const int predicted = argmax(p, classes);
        if (predictions) (*predictions)[static_cast<size_t>(start + lo + i)] = static_cast<uint8_t>(predicted);
        r.result.loss_sum += categorical_crossentropy(t, p, classes);
        r.result.correct += predicted == argmax(t, classes);
      }
    });
    for (int w = 0; w < workers; ++w) {
      loss_sum += replicas_[static_cast<size_t>(w)]->result.loss_sum;
      correct += replicas_[static_cast<size_t>(w)]->result.correct;
    }
    seen += n;
    if (keep_going && !keep_going(seen)) break;
  }
  if (seen == 0) return {};
  return {loss_sum / seen, static_cast<double>(correct) / seen};
}

void Sequential::predict(const float* x, int n, float* probabilities) {
  DL_CHECK(compiled_);
  ensure_replicas();
  Replica& r = *replicas_[0];
  forward_replica(r, x, n, /*training=*/false, 0);
  std::memcpy(probabilities, r.outputs.back().data(), sizeof(float) * r.outputs.back().size());
}

void Sequential::input_gradient(const float* x, int target_class, float* gradient, bool of_probability) {
  DL_CHECK(compiled_ && target_class >= 0 && target_class < classes());
  ensure_replicas();
  Replica& r = *replicas_[0];
  forward_replica(r, x, 1, /*training=*/false, 0);
  const size_t last = layers_.size() - 1;
  const bool softmax = layers_[last]->activation() == Activation::softmax;
  // d score / d (the last layer's output, or its pre-activation for the logit): a one-hot row.
  Tensor& top = r.grads[last];
  top.resize(r.outputs[last].shape());
  std::fill(top.values().begin(), top.values().end(), 0.0f);
  top[static_cast<size_t>(target_class)] = 1.0f;
  scratch_param_grads_.resize(params_.size());  // written by each layer's backward
  Tensor input_grad;
  for (size_t l = layers_.size(); l-- > 0;) {
    const Tensor& in = l == 0 ? r.input : r.outputs[l - 1];
    Tensor* dx = l == 0 ? &input_grad : &r.grads[l - 1];
    const IncomingGradient incoming = (l == last && softmax && !of_probability) ? IncomingGradient::before_activation
                                                                               : IncomingGradient::after_activation;
    layers_[l]->backward(params_.data() + layer_param_offset_[l], in, r.outputs[l], r.grads[l], dx,
                         scratch_param_grads_.data() + layer_param_offset_[l], r.workspaces[l], incoming);
  }
  std::memcpy(gradient, input_grad.data(), sizeof(float) * input_grad.size());
}

const Tensor& Sequential::layer_output(int layer) const {
  DL_CHECK(!replicas_.empty() && layer >= 0 && layer < layer_count() && "call predict() first");
  return replicas_[0]->outputs[static_cast<size_t>(layer)];
}

double FitProgress::epochs_done() const {
  return (epoch - 1) + (samples_total > 0 ? double(samples_done) / samples_total : 0.0);
}

std::string divergence_message(long long step) {
  return "Training diverged at step " + std::to_string(step) +
         ": the loss or its gradient became NaN or infinite. The model was restored to its last good weights; "
         "lower the learning rate, then resume.";
}

namespace {
// Why `data` cannot feed a model whose examples have `input_size` values; "" when it can.
std::string input_mismatch(const char* role, const Dataset& data, size_t input_size) {
  if (data.pixels_per_image() == input_size) return "";
  return std::string("the ") + role + " images are " + std::to_string(data.rows) + " x " + std::to_string(data.cols) +
         " pixels (" + with_commas(data.pixels_per_image()) + " values each) but the model takes " +
         with_commas(input_size) + " values per example (28 x 28 for the workshop's networks)";
}
}  // namespace

Result<std::vector<EpochLogs>> Sequential::fit(const Dataset& train, const Dataset* validation, const FitOptions& o,
                                               uint64_t shuffle_seed) {
  using Clock = std::chrono::steady_clock;
  DL_CHECK(compiled_);
  if (train.count == 0) return Status::error("the training set is empty");
  if (o.batch_size < 1 || o.epochs < 1) return Status::error("batch size and epochs must be at least 1");
  const int classes = this->classes();
  const size_t in_size = shape_size(input_shape_);
  for (const auto& [role, data] : {std::pair<const char*, const Dataset*>{"training", &train},
                                   {"validation", validation}, {"quick validation", o.quick_validation}}) {
    if (!data || data->count == 0) continue;
    const std::string mismatch = input_mismatch(role, *data, in_size);
    if (!mismatch.empty()) return Status::error(mismatch);
  }
  const int evaluation_batch = o.evaluation_batch > 0 ? o.evaluation_batch : std::max(o.batch_size, 128);
  auto keep_going = [&] { return !o.keep_going || o.keep_going(); };
  auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };

  std::vector<float> x(static_cast<size_t>(o.batch_size) * in_size), y(static_cast<size_t>(o.batch_size) * classes);
  std::vector<float> last_good;
  Clock::time_point last_checkpoint;
  auto checkpoint = [&] {
    last_good = params_;
    last_checkpoint = Clock::now();
    if (o.on_checkpoint) o.on_checkpoint(*this);
  };
  checkpoint();

  FitProgress progress;
  progress.epochs = o.epochs;
  progress.samples_total = train.count;
  // A validation pass; false when keep_going ended the run during it.
  auto validate = [&](const Dataset& data, bool full, ValidationPass& pass) {
    pass = {};
    pass.full = full;
    pass.epoch = progress.epoch;
    pass.epochs_done = progress.epochs_done();
    pass.examples = data.count;
    if (o.on_validation_progress) o.on_validation_progress(full, 0, data.count);
    bool completed = true;
    pass.result = evaluate(data, evaluation_batch, full && o.full_validation_predictions ? &pass.predictions : nullptr,
                           [&](int done) {
                             if (o.on_validation_progress) o.on_validation_progress(full, done, data.count);
                             return completed = keep_going();
                           });
    if (completed && o.on_validation) o.on_validation(pass);
    return completed;
  };

  Rng rng(shuffle_seed);
  std::vector<EpochLogs> history;
  ValidationPass pass;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    std::vector<int> order = o.shuffle ? shuffled_indices(train.count, rng) : std::vector<int>();
    if (!o.shuffle) {
      order.resize(static_cast<size_t>(train.count));
      std::iota(order.begin(), order.end(), 0);
    }
    progress.epoch = epoch;
    progress.samples_done = 0;
    progress.loss = progress.accuracy = progress.epoch_seconds = 0.0;
    double loss_sum = 0.0;
    long long correct = 0;
    int since_quick_validation = 0;
    for (int start = 0; start < train.count;) {
      if (!keep_going()) return history;
      if (o.before_batch) o.before_batch(*this);
      const int n = std::min(o.batch_size, train.count - start);
      const auto batch_start = Clock::now();
      fill_batch(train, order.data() + start, n, x.data(), y.data());
      Result<BatchResult> step = train_on_batch(x.data(), y.data(), n);
      if (!step) {
        // Back to the last good weights with a fresh optimizer state; the same batch is tried
        // again if the run goes on (with the lower learning rate the student chose meanwhile).
        params_ = last_good;
        optimizer_->reset();
        if (o.on_checkpoint) o.on_checkpoint(*this);
        const std::string message = divergence_message(static_cast<long long>(step_) + 1);
        if (!o.on_divergence || !o.on_divergence(message)) return Status::error(message);
        continue;
      }
      const double batch_seconds = seconds_since(batch_start);
      start += n;
      loss_sum += step->loss_sum;
      correct += step->correct;
      since_quick_validation += n;
      progress.samples_done = start;
      progress.loss = loss_sum / start;
      progress.accuracy = double(correct) / start;
      progress.steps = static_cast<long long>(step_);
      progress.epoch_seconds += batch_seconds;
      progress.run_seconds += batch_seconds;
      if (o.on_batch) o.on_batch(progress);
      if (seconds_since(last_checkpoint) >= o.checkpoint_seconds) checkpoint();
      if (o.quick_validation && o.quick_validation->count > 0 && o.quick_validation_every > 0 &&
          since_quick_validation >= o.quick_validation_every && start < train.count) {
        since_quick_validation = 0;
        if (!validate(*o.quick_validation, /*full=*/false, pass)) return history;
      }
    }
    checkpoint();
    EpochLogs logs;
    logs.epoch = epoch;
    logs.epochs = o.epochs;
    logs.loss = progress.loss;
    logs.accuracy = progress.accuracy;
    if (validation && validation->count > 0) {
      if (!validate(*validation, /*full=*/true, pass)) return history;
      logs.has_validation = true;
      logs.val_loss = pass.result.loss;
      logs.val_accuracy = pass.result.accuracy;
    }
    logs.seconds = seconds_since(epoch_start);
    history.push_back(logs);
    if (o.on_epoch_end) o.on_epoch_end(logs);
  }
  return history;
}

std::vector<SummaryRow> Sequential::summary_rows() const {
  std::vector<SummaryRow> rows;
  for (size_t l = 0; l < layers_.size(); ++l) {
    size_t params = 0;
    for (const ParamSpec& spec : layers_[l]->param_specs()) params += shape_size(spec.shape);
    rows.push_back({names_[l], layers_[l]->kind(), layers_[l]->output_shape(), params});
  }
  return rows;
}

std::string Sequential::summary() const {
  auto pad = [](std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s + ' ';
  };
  const std::string rule(65, '_'), double_rule(65, '=');
  std::string out = rule + "\n" + pad("Layer (type)", 28) + pad("Output Shape", 25) + "Param #\n" + double_rule + "\n";
  size_t total = 0;
  const std::vector<SummaryRow> rows = summary_rows();
  for (size_t i = 0; i < rows.size(); ++i) {
    out += pad(rows[i].name + " (" + rows[i].kind + ")", 28) + pad(keras_shape(rows[i].output_shape), 25) + std::to_string(rows[i].params) + "\n";
    out += (i + 1 < rows.size() ? rule : double_rule) + "\n";
    total += rows[i].params;
  }
  out += "Total params: " + with_commas(total) + "\nTrainable params: " + with_commas(total) +
         "\nNon-trainable params: 0\n" + rule + "\n";
  return out;
}

const ParamView* Sequential::find_param(const std::string& name) const {
  for (const ParamView& v : views_)
    if (v.name == name) return &v;
  return nullptr;
}

Status Sequential::set_parameters(const std::vector<float>& values) {
  if (values.size() != params_.size())
    return Status::error("parameter count mismatch: the model has " + with_commas(params_.size()) + ", got " +
                         with_commas(values.size()));
  params_ = values;
  return Status::ok();
}

SafetensorsFile Sequential::to_safetensors() const {
  SafetensorsFile file;
  std::string architecture;
  for (size_t l = 0; l < layers_.size(); ++l) {
    if (l) architecture += ';';
    architecture += layers_[l]->describe();
  }
  file.metadata["format"] = "digitlab";
  file.metadata["input_shape"] = shape_to_string(input_shape_);
  file.metadata["architecture"] = architecture;
  for (const ParamView& v : views_)
    file.tensors.push_back({v.name, v.shape, std::vector<float>(params_.begin() + v.offset, params_.begin() + v.offset + v.count)});
  return file;
}

Status Sequential::load_safetensors(const SafetensorsFile& file) {
  // Validate everything first; only then copy, so a bad file changes nothing.
  for (const ParamView& v : views_) {
    const NamedTensor* t = file.find(v.name);
    if (!t) return Status::error("the model file has no tensor '" + v.name + "' — it was saved from a different model");
    if (t->shape != v.shape)
      return Status::error("tensor '" + v.name + "' has shape " + shape_to_string(t->shape) + " but this model needs " +
                           shape_to_string(v.shape));
    for (float value : t->values)
      if (!std::isfinite(value)) return Status::error("tensor '" + v.name + "' contains NaN or infinite values");
  }
  for (const NamedTensor& t : file.tensors)
    if (!find_param(t.name)) return Status::error("the model file has an unexpected tensor '" + t.name + "' — it was saved from a different model");
  for (const ParamView& v : views_) {
    const NamedTensor* t = file.find(v.name);
    std::copy(t->values.begin(), t->values.end(), params_.begin() + v.offset);
  }
  optimizer_->reset();
  return Status::ok();
}

Status Sequential::save(const std::string& path) const { return write_safetensors_file(path, to_safetensors()); }

Status Sequential::load(const std::string& path) {
  Result<SafetensorsFile> file = read_safetensors_file(path);
  if (!file) return file.status();
  return load_safetensors(file.value());
}

}  // namespace dl
