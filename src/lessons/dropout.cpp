// DropoutLesson: the mask from dl::Dropout::keeps, the outputs from the Dropout layer itself.
#include "lessons/dropout.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"
#include "engine/layers.h"
#include "engine/random.h"

namespace dl::lessons {

namespace {

// A Dense(16, sigmoid) layer on 8 inputs, weights and inputs drawn from a fixed seed, run by
// the engine's own layer: activations spread over (0, 1) like a real hidden layer's.
std::vector<float> small_dense_layer_activations() {
  constexpr int kInputs = 8, kUnits = 16;
  Dense dense(kUnits, Activation::sigmoid);
  dense.build({kInputs});
  Rng rng(2018);  // the workshop's year; any fixed seed would do
  std::vector<float> params(static_cast<size_t>(kInputs * kUnits + kUnits));
  for (float& p : params) p = rng.uniform(-1.0f, 1.0f);
  Tensor x({1, kInputs}), y;
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.uniform(0.0f, 1.0f);
  LayerWorkspace workspace;
  dense.forward(params.data(), x, y, workspace, {});
  return y.values();
}

}  // namespace

DropoutLesson::DropoutLesson() : activations_(small_dense_layer_activations()) { refresh(); }

void DropoutLesson::set_rate(float rate) {
  if (std::isnan(rate)) return;
  rate_ = std::clamp(rate, 0.0f, 0.9f);
  refresh();
}

void DropoutLesson::set_training(bool training) {
  training_ = training;
  refresh();
}

void DropoutLesson::set_seed(uint64_t seed) {
  seed_ = seed;
  refresh();
}

void DropoutLesson::set_activations(std::vector<float> values) {
  DL_CHECK(!values.empty());
  activations_ = std::move(values);
  refresh();
}

void DropoutLesson::update_current_step() {
  const int n = static_cast<int>(activations_.size());
  // The context the trainer would pass this layer at training step `step()`; the lesson's layer
  // is one example and layer 0.
  const ForwardContext context{training_, seed_, static_cast<uint64_t>(step()), 0, 0};

  DropoutStep s;
  s.training_step = step();
  s.training = training_;
  s.rate = rate_;
  s.scale = training_ ? 1.0f / (1.0f - rate_) : 1.0f;
  for (int e = 0; e < n; ++e) s.kept.push_back(!training_ || rate_ == 0.0f || Dropout::keeps(rate_, context, 0, e));
  s.kept_count = static_cast<int>(std::count(s.kept.begin(), s.kept.end(), uint8_t{1}));

  Dropout layer(rate_);
  layer.build({n});
  Tensor x({1, n}, activations_), y;
  LayerWorkspace workspace;
  layer.forward(nullptr, x, y, workspace, context);
  s.outputs = y.values();
  current_ = std::move(s);
}

std::string DropoutLesson::values_json() const {
  const DropoutStep& s = current_;
  std::vector<int> kept(s.kept.begin(), s.kept.end());
  JsonWriter json = json_header();
  json.boolean("training", s.training)
      .number("rate", s.rate)
      .number("scale", s.scale)
      .integer("neurons", static_cast<long long>(s.kept.size()))
      .integer("kept_count", s.kept_count)
      .integers("kept", kept)
      .numbers("outputs", s.outputs);
  return json.finish();
}

std::string DropoutLesson::describe() const {
  const DropoutStep& s = current_;
  if (!s.training)
    return "At test time nothing is dropped: all " + std::to_string(s.kept.size()) + " neurons pass unchanged.";
  return "Training step " + std::to_string(s.training_step) + ": " + std::to_string(s.kept_count) + " of " +
         std::to_string(s.kept.size()) + " neurons kept at rate " + number_text(s.rate) +
         ", the kept ones scaled by 1 / (1 - rate) = " + number_text(s.scale) + ".";
}

}  // namespace dl::lessons
