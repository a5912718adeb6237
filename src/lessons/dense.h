// Lesson 4 (dense layers): inputs x weights = outputs, one output neuron at a time — the
// workshop's [1 2] x [[1,.5,2],[1,.5,2]] = [3, 1.5, 6], then sigmoid of each, then softmax — and
// the same for a real network's Dense layer on a real digit.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "engine/activation.h"
#include "engine/sequential.h"
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/step_model.h"

namespace dl::lessons {

enum class DensePhase {
  weighted_sum,  // one step per neuron: z_j = x . W[:, j] + b_j
  elementwise,   // one step per neuron: a_j = f(z_j) for an element-wise f (sigmoid, relu)
  softmax,       // one step for the whole layer: a = softmax(z)
};
const char* dense_phase_name(DensePhase phase);  // "weighted_sum", "elementwise", "softmax"

struct DenseStep {
  DensePhase phase = DensePhase::weighted_sum;
  Activation activation = Activation::linear;  // the f of an elementwise or softmax step
  int neuron = 0;                              // the output neuron; 0 in the softmax step
  std::vector<float> products;                 // x_i * W[i][neuron] (weighted_sum steps only)
  float weighted_sum = 0.0f;                   // x . W[:, neuron], via dl::matmul_cell
  float bias = 0.0f;
  float pre_activation = 0.0f;    // z = weighted_sum + bias
  float activation_value = 0.0f;  // f(z) in an elementwise step
};

class DenseLesson final : public StepModel {
 public:
  DenseLesson();  // the workshop's example

  static constexpr LessonId kId = LessonId::dense;
  LessonId id() const override { return kId; }
  int step_count() const override;
  // {lesson, step, steps, source, phase, neuron, inputs, units; weighted_sum steps: products
  //  (layers of <= 32 inputs), weighted_sum, bias, z; elementwise steps: activation, z, a; for
  //  layers of <= 32 units: z_so_far, a_so_far, softmax, exp_sum; softmax step: predicted}
  std::string values_json() const override;
  std::string describe() const override;

  // [1 2] x [[1,.5,2],[1,.5,2]], no bias, shown with sigmoid and then (instead) softmax.
  void load_workshop_example();
  // Dense layer `layer` of `model` (-1: the last layer) on one example: runs model.predict and
  // takes the layer's input from the previous layer's output. Copies what it needs, so the
  // model may change afterwards. Refuses a layer that is not Dense.
  Status load_from_model(Sequential& model, std::span<const float> example, int layer = -1);
  // Editing (any source): the step stays put.
  void set_input(int i, float value);
  void set_weight(int input, int neuron, float value);

  int input_count() const { return static_cast<int>(inputs_.size()); }
  int units() const { return static_cast<int>(bias_.size()); }
  const std::vector<float>& inputs() const { return inputs_; }
  const Tensor& kernel() const { return kernel_; }  // [inputs, units], Keras' layout
  const std::vector<float>& bias() const { return bias_; }
  const std::string& source() const { return source_; }  // "workshop example" or "dense_3 of the model"
  // What is shown after the weighted sums, in order: {sigmoid, softmax} for the workshop's
  // example, the layer's own activation for a model's layer.
  const std::vector<Activation>& activations_shown() const { return activations_shown_; }

  const DenseStep& current() const { return current_; }
  // All weighted sums z and activations, computed once; the view reveals them up to current().
  const std::vector<float>& pre_activations() const { return pre_activations_; }
  const std::vector<float>& elementwise_activations() const { return elementwise_; }  // empty if none shown
  const std::vector<float>& softmax() const { return softmax_; }                      // empty if not shown
  // The softmax explanation: e^z_j and their sum ("e^3 + e^1.5 + e^6 ≈ 427.996").
  const std::vector<float>& exponentials() const { return exponentials_; }
  float exponential_sum() const { return exponential_sum_; }
  // From a model: its predicted probabilities, for comparison with a softmax output layer.
  const std::vector<float>& model_probabilities() const { return model_probabilities_; }
  int predicted_class() const;  // argmax of the last activation shown

 private:
  void update_current_step() override;
  void recompute();  // the weighted sums and activations, after any input change
  int first_step_of(DensePhase phase) const;

  std::vector<float> inputs_;
  Tensor kernel_;
  std::vector<float> bias_;
  std::vector<Activation> activations_shown_;
  std::string source_;

  std::vector<float> weighted_sums_, pre_activations_, elementwise_, softmax_, exponentials_;
  float exponential_sum_ = 0.0f;
  Activation elementwise_activation_ = Activation::linear;
  std::vector<float> model_probabilities_;
  DenseStep current_;
};

}  // namespace dl::lessons
