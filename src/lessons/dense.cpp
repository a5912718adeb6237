// DenseLesson: weighted sums through dl::matmul_cell, activations through dl::activation_forward.
#include "lessons/dense.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"
#include "engine/classes.h"
#include "engine/gemm.h"

namespace dl::lessons {

namespace {
// values_json() carries whole vectors only for layers this small, to stay compact.
constexpr int kMaxJsonVector = 32;

// A copy of one named parameter tensor, so the lesson does not follow later training.
std::vector<float> copy_of(const Sequential& model, const ParamView& view) {
  const float* first = model.parameters().data() + view.offset;
  return std::vector<float>(first, first + view.count);
}
}  // namespace

const char* dense_phase_name(DensePhase phase) {
  switch (phase) {
    case DensePhase::weighted_sum: return "weighted_sum";
    case DensePhase::elementwise: return "elementwise";
    case DensePhase::softmax: return "softmax";
  }
  return "?";
}

DenseLesson::DenseLesson() { load_workshop_example(); }

void DenseLesson::load_workshop_example() {
  inputs_ = {1, 2};
  kernel_ = Tensor({2, 3}, {1, 0.5f, 2, 1, 0.5f, 2});
  bias_ = {0, 0, 0};
  // The workshop applies sigmoid to the example, then shows softmax on the same outputs instead.
  activations_shown_ = {Activation::sigmoid, Activation::softmax};
  source_ = "workshop example";
  model_probabilities_.clear();
  recompute();
  refresh();
}

Status DenseLesson::load_from_model(Sequential& model, std::span<const float> example, int layer) {
  if (!model.compiled()) return Status::error("the model has no weights yet (compile or load it first)");
  if (layer < 0) layer = model.layer_count() - 1;
  if (layer >= model.layer_count()) return Status::error("the model has no layer " + std::to_string(layer));
  const Layer& dense = model.layer(layer);
  if (std::string(dense.kind()) != "Dense")
    return Status::error(model.layer_name(layer) + " is a " + dense.kind() + " layer, not Dense");
  if (example.size() != shape_size(model.input_shape()))
    return Status::error("the example has " + std::to_string(example.size()) + " values; the model expects " +
                         std::to_string(shape_size(model.input_shape())));

  model_probabilities_.assign(static_cast<size_t>(model.classes()), 0.0f);
  model.predict(example.data(), 1, model_probabilities_.data());
  if (layer == 0) {
    inputs_.assign(example.begin(), example.end());
  } else {
    const Tensor& previous = model.layer_output(layer - 1);
    inputs_.assign(previous.values().begin(), previous.values().end());
  }
  const std::string& name = model.layer_name(layer);
  const ParamView* kernel = model.find_param(name + ".kernel");
  const ParamView* bias = model.find_param(name + ".bias");
  DL_CHECK(kernel && bias && "a Dense layer has a kernel and a bias");
  kernel_ = Tensor(kernel->shape, copy_of(model, *kernel));
  bias_ = copy_of(model, *bias);
  DL_CHECK(kernel_.dim(0) == input_count() && kernel_.dim(1) == units());
  activations_shown_.clear();
  if (dense.activation() != Activation::linear) activations_shown_.push_back(dense.activation());
  source_ = name + " of the model";
  recompute();
  refresh();
  return Status::ok();
}

void DenseLesson::set_input(int i, float value) {
  DL_CHECK(i >= 0 && i < input_count());
  inputs_[static_cast<size_t>(i)] = value;
  recompute();
  refresh();
}

void DenseLesson::set_weight(int input, int neuron, float value) {
  DL_CHECK(input >= 0 && input < input_count() && neuron >= 0 && neuron < units());
  kernel_[static_cast<size_t>(input) * units() + neuron] = value;
  recompute();
  refresh();
}

void DenseLesson::recompute() {
  const int n_in = input_count(), n_out = units();
  // inputs [1, in] x kernel [in, units]: neuron j's weighted sum is output cell (0, j).
  const GemmArgs layer{
      .m = 1, .n = n_out, .k = n_in, .a = inputs_.data(), .lda = n_in, .b = kernel_.data(), .ldb = n_out};
  weighted_sums_.resize(static_cast<size_t>(n_out));
  pre_activations_.resize(static_cast<size_t>(n_out));
  for (int j = 0; j < n_out; ++j) {
    const size_t u = static_cast<size_t>(j);
    weighted_sums_[u] = matmul_cell(layer, 0, j);
    pre_activations_[u] = weighted_sums_[u] + bias_[u];
  }

  elementwise_.clear();
  softmax_.clear();
  exponentials_.clear();
  exponential_sum_ = 0.0f;
  elementwise_activation_ = Activation::linear;
  for (Activation f : activations_shown_) {
    if (f == Activation::softmax) {
      softmax_.resize(static_cast<size_t>(n_out));
      activation_forward(Activation::softmax, pre_activations_.data(), softmax_.data(), 1, n_out);
      // Only for the explanation's arithmetic (e^z_j / sum); the probabilities above are the
      // engine's. Large z overflow to infinity here, which the page shows as "too large".
      for (float z : pre_activations_) {
        exponentials_.push_back(std::exp(z));
        exponential_sum_ += exponentials_.back();
      }
    } else {
      elementwise_activation_ = f;
      elementwise_.resize(static_cast<size_t>(n_out));
      activation_forward(f, pre_activations_.data(), elementwise_.data(), 1, n_out);
    }
  }
}

int DenseLesson::step_count() const { return units() * (elementwise_.empty() ? 1 : 2) + (softmax_.empty() ? 0 : 1); }

int DenseLesson::first_step_of(DensePhase phase) const {
  switch (phase) {
    case DensePhase::weighted_sum: return 0;
    case DensePhase::elementwise: return units();
    case DensePhase::softmax: return units() * (elementwise_.empty() ? 1 : 2);
  }
  return 0;
}

void DenseLesson::update_current_step() {
  DenseStep s;
  const int t = step();
  if (t < first_step_of(DensePhase::elementwise)) {
    s.phase = DensePhase::weighted_sum;
    s.neuron = t;
  } else if (!elementwise_.empty() && t < first_step_of(DensePhase::softmax)) {
    s.phase = DensePhase::elementwise;
    s.neuron = t - units();
    s.activation = elementwise_activation_;
  } else {
    s.phase = DensePhase::softmax;
    s.activation = Activation::softmax;
  }
  const size_t j = static_cast<size_t>(s.neuron);
  s.weighted_sum = weighted_sums_[j];
  s.bias = bias_[j];
  s.pre_activation = pre_activations_[j];
  if (s.phase == DensePhase::weighted_sum) {
    for (int i = 0; i < input_count(); ++i)
      s.products.push_back(inputs_[static_cast<size_t>(i)] * kernel_[static_cast<size_t>(i) * units() + j]);
  }
  if (s.phase == DensePhase::elementwise) s.activation_value = elementwise_[j];
  current_ = std::move(s);
}

int DenseLesson::predicted_class() const {
  const std::vector<float>* last = &pre_activations_;
  if (!elementwise_.empty()) last = &elementwise_;
  if (!softmax_.empty()) last = &softmax_;
  return last->empty() ? 0 : argmax(last->data(), static_cast<int>(last->size()));
}

std::string DenseLesson::values_json() const {
  const DenseStep& s = current_;
  JsonWriter json = json_header();
  json.string("source", source_)
      .string("phase", dense_phase_name(s.phase))
      .integer("neuron", s.neuron)
      .integer("inputs", input_count())
      .integer("units", units());
  if (s.phase == DensePhase::weighted_sum) {
    if (input_count() <= kMaxJsonVector) json.numbers("products", s.products);
    json.number("weighted_sum", s.weighted_sum).number("bias", s.bias).number("z", s.pre_activation);
  } else if (s.phase == DensePhase::elementwise) {
    json.string("activation", activation_name(s.activation))
        .number("z", s.pre_activation)
        .number("a", s.activation_value);
  }
  if (units() <= kMaxJsonVector) {
    // Only what the stepping has revealed so far.
    const size_t through_current = static_cast<size_t>(s.neuron) + 1;
    const size_t z_shown = s.phase == DensePhase::weighted_sum ? through_current : pre_activations_.size();
    json.numbers("z_so_far", std::span(pre_activations_).first(z_shown));
    if (s.phase == DensePhase::elementwise) json.numbers("a_so_far", std::span(elementwise_).first(through_current));
    if (s.phase == DensePhase::softmax) json.numbers("softmax", softmax_).number("exp_sum", exponential_sum_);
  }
  if (s.phase == DensePhase::softmax) json.integer("predicted", predicted_class());
  return json.finish();
}

std::string DenseLesson::describe() const {
  const DenseStep& s = current_;
  const std::string neuron = "neuron " + std::to_string(s.neuron);
  switch (s.phase) {
    case DensePhase::weighted_sum: {
      std::vector<float> column;
      for (int i = 0; i < input_count(); ++i) column.push_back(kernel_[static_cast<size_t>(i) * units() + s.neuron]);
      const bool short_sum = input_count() <= 8;
      return "z of " + neuron + " = " + (short_sum ? products_text(inputs_, column, inputs_.size()) + " + bias " : "x . W[:, " + std::to_string(s.neuron) + "] + bias ") +
             number_text(s.bias) + " = " + number_text(s.pre_activation) + ".";
    }
    case DensePhase::elementwise:
      return std::string(activation_name(s.activation)) + "(" + number_text(s.pre_activation) + ") = " +
             number_text(s.activation_value) + ": the activation of " + neuron + ".";
    case DensePhase::softmax: {
      std::string values;
      for (size_t j = 0; j < softmax_.size() && j < 10; ++j) values += (j ? ", " : "") + number_text(softmax_[j]);
      return "softmax turns z into probabilities that add up to 1: [" + values + "]; the largest is neuron " +
             std::to_string(predicted_class()) + ".";
    }
  }
  return "";
}

}  // namespace dl::lessons
