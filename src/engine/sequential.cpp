// Sequential: building, the training step (data parallel, fixed-order reduction), evaluation,
// fit, summary and safetensors I/O.
#include "engine/sequential.h"

#include <algorithm>
#include <chrono>
#include <cmath>
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
int argmax_row(const float* row, int classes) {
  return static_cast<int>(std::max_element(row, row + classes) - row);
}

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
      r.result.correct += argmax_row(p, classes) == argmax_row(t, classes);
    }
    // Each worker scales by the whole batch size, so the reduced sum is the batch mean gradient.
    Tensor& top = r.grads[last];
    top.resize(probabilities.shape());
    if (fused) softmax_crossentropy_grad(targets, probabilities.data(), m, classes, float(n), top.data());
    else categorical_crossentropy_grad(targets, probabilities.data(), m, classes, float(n), top.data());

    std::fill(r.param_grads.begin(), r.param_grads.end(), 0.0f);
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
  float* total = replicas_[0]->param_grads.data();
  pool_->run([&](int w) {
    const size_t begin = count * static_cast<size_t>(w) / threads_, end = count * (static_cast<size_t>(w) + 1) / threads_;
    for (int other = 1; other < workers; ++other) {
      const float* g = replicas_[static_cast<size_t>(other)]->param_grads.data();
      for (size_t i = begin; i < end; ++i) total[i] += g[i];
    }
    replicas_[static_cast<size_t>(w)]->finite = all_finite(total + begin, end - begin);
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
        const int predicted = argmax_row(p, classes);
        if (predictions) (*predictions)[static_cast<size_t>(start + lo + i)] = static_cast<uint8_t>(predicted);
        r.result.loss_sum += categorical_crossentropy(t, p, classes);
        r.result.correct += predicted == argmax_row(t, classes);
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

const Tensor& Sequential::layer_output(int layer) const {
  DL_CHECK(!replicas_.empty() && layer >= 0 && layer < layer_count() && "call predict() first");
  return replicas_[0]->outputs[static_cast<size_t>(layer)];
}

Result<std::vector<EpochLogs>> Sequential::fit(const Dataset& train, const Dataset* validation,
                                               const FitOptions& options, uint64_t shuffle_seed) {
  DL_CHECK(compiled_);
  if (train.count == 0) return Status::error("the training set is empty");
  if (options.batch_size < 1 || options.epochs < 1) return Status::error("batch size and epochs must be at least 1");
  const int classes = this->classes();
  const size_t in_size = shape_size(input_shape_);
  if (train.pixels_per_image() != in_size) return Status::error("the training images do not match the model's input");
  std::vector<float> x(static_cast<size_t>(options.batch_size) * in_size);
  std::vector<float> y(static_cast<size_t>(options.batch_size) * classes);
  Rng rng(shuffle_seed);
  std::vector<EpochLogs> history;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<int> order = options.shuffle ? shuffled_indices(train.count, rng) : std::vector<int>();
    if (!options.shuffle) {
      order.resize(static_cast<size_t>(train.count));
      std::iota(order.begin(), order.end(), 0);
    }
    double loss_sum = 0.0;
    long long correct = 0;
    int done = 0;
    for (int start = 0; start < train.count; start += options.batch_size) {
      const int n = std::min(options.batch_size, train.count - start);
      fill_batch(train, order.data() + start, n, x.data(), y.data());
      Result<BatchResult> step = train_on_batch(x.data(), y.data(), n);
      if (!step) return step.status();
      loss_sum += step->loss_sum;
      correct += step->correct;
      done += n;
      if (options.on_batch)
        options.on_batch({epoch, options.epochs, done, train.count, loss_sum / done, double(correct) / done});
    }
    EpochLogs logs;
    logs.epoch = epoch;
    logs.epochs = options.epochs;
    logs.loss = loss_sum / done;
    logs.accuracy = double(correct) / done;
    if (validation && validation->count > 0) {
      const EvaluateResult v = evaluate(*validation, std::max(options.batch_size, 128));
      logs.has_validation = true;
      logs.val_loss = v.loss;
      logs.val_accuracy = v.accuracy;
    }
    logs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    history.push_back(logs);
    if (options.on_epoch_end) options.on_epoch_end(logs);
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
    std::string shape = "(None";
    for (int d : rows[i].output_shape) shape += ", " + std::to_string(d);
    shape += ")";
    out += pad(rows[i].name + " (" + rows[i].kind + ")", 28) + pad(shape, 25) + std::to_string(rows[i].params) + "\n";
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
