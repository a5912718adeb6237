// The lessons' questions: each reads the answer from a copy of the lesson's model stepped once, so
// the value checked is the very number the next step shows.
#include "lessons/exercise.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lessons/conv.h"
#include "lessons/crossentropy.h"
#include "lessons/dense.h"
#include "lessons/descent.h"
#include "lessons/dropout.h"
#include "lessons/images.h"
#include "lessons/inside.h"
#include "lessons/matmul.h"
#include "lessons/perceptron.h"
#include "lessons/pool.h"
#include "lessons/relu.h"

namespace dl::lessons {

std::optional<float> parse_typed_number(std::string_view typed) {
  std::string text;
  for (char c : typed)
    if (c != ',' && c != ' ' && c != '\t') text += c == '\xE2' ? '-' : c;  // thousands separators go
  // A typographic minus (U+2212, E2 88 92) reads as '-'.
  if (size_t at = text.find("-\x88\x92"); at != std::string::npos) text.replace(at, 3, "-");
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  if (text.empty()) return std::nullopt;
  // strtod, not from_chars: libc++ has no floating-point from_chars. The page runs in the "C" locale.
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return static_cast<float>(value);
}

bool Question::accepts(std::string_view typed) const {
  if (!is_number()) return false;
  const std::optional<float> value = parse_typed_number(typed);
  return value && std::fabs(*value - answer) <= tolerance;
}

std::string Question::answer_text() const {
  if (!is_number()) return choices[static_cast<size_t>(answer)];
  return number_text(answer);
}

namespace {

// Four significant digits: the numbers a prompt gives the student to work with.
std::string short_number(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", double(v) + 0.0);
  return text;
}

// Right within `absolute`, or `relative` of the answer, whichever is larger: room for rounding the
// prompt's four digits and for the fused multiply-add's last bit.
float tolerance(float answer, float absolute, float relative) {
  return std::max(absolute, relative * std::fabs(answer));
}

// The lesson as it will be one step on: a copy, so the page's model does not move.
template <class Lesson>
Lesson next_of(const Lesson& lesson) {
  Lesson next(lesson);
  next.set_step(lesson.step() + 1);
  return next;
}

std::optional<Question> matmul_question(const MatmulLesson& m) {
  const MatmulLesson next = next_of(m);
  const MatmulStep& s = next.current();
  if (!s.cell_complete) return std::nullopt;  // asked once per cell: its finished value
  Question q;
  const std::string cell = "C[" + std::to_string(s.row) + "][" + std::to_string(s.col) + "]";
  q.prompt = cell + " is row " + std::to_string(s.row) + " of A . column " + std::to_string(s.col) +
             " of B. What number will it be?";
  q.answer = s.running_sum;
  q.tolerance = tolerance(q.answer, 0.01f, 0.001f);
  q.hint = cell + " = " + products_text(s.row_values, s.col_values, s.row_values.size());
  q.solution = q.hint + " = " + number_text(q.answer);
  q.reveal_step = next.step();
  return q;
}

std::optional<Question> images_question(const ImagesLesson& lesson) {
  if (lesson.step() > 1 || !lesson.has_image()) return std::nullopt;
  const DigitView& d = lesson.current();
  Question q;
  q.reveal_step = lesson.step() + 1;
  if (lesson.step() == 0) {
    q.prompt = "One image is a " + std::to_string(d.rows) + " x " + std::to_string(d.cols) +
               " matrix of pixels. How many numbers is one image?";
    q.answer = float(d.rows * d.cols);
    q.hint = "rows x columns = " + std::to_string(d.rows) + " x " + std::to_string(d.cols);
  } else {
    q.prompt = "X_train stacks " + std::to_string(lesson.step_count()) + " images of " + std::to_string(d.rows) +
               " x " + std::to_string(d.cols) + " pixels. How many numbers does it hold?";
    q.answer = float(double(lesson.step_count()) * d.rows * d.cols);
    q.hint = "images x rows x columns = " + std::to_string(lesson.step_count()) + " x " + std::to_string(d.rows) +
             " x " + std::to_string(d.cols);
  }
  q.tolerance = 0.5f;
  q.solution = q.hint + " = " + std::to_string(static_cast<long long>(q.answer));
  return q;
}

std::optional<Question> perceptron_question(const PerceptronLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count() || (next_step > 8 && next_step % 10 != 0)) return std::nullopt;
  const PerceptronLesson next = next_of(lesson);
  const PerceptronStep& s = next.current();
  const PerceptronLine& line = s.before;
  const int label = s.point.label > 0 ? 1 : -1;
  Question q;
  q.prompt = "The next point is x = (" + short_number(s.point.x0) + ", " + short_number(s.point.x1) + "), class " +
             std::to_string(label) + ". With w = (" + short_number(line.weights[0]) + ", " +
             short_number(line.weights[1]) + ") and threshold " + short_number(line.threshold) +
             ", what does the perceptron output, and does it learn?";
  for (int output : {1, -1}) {
    q.choices.push_back(std::to_string(output) + (output == label ? ": right, the line stays" : ": wrong, the line moves"));
  }
  q.answer = s.output.output > 0 ? 0.0f : 1.0f;
  q.hint = "w.x = " + short_number(line.weights[0]) + "×" + short_number(s.point.x0) + " + " +
           short_number(line.weights[1]) + "×" + short_number(s.point.x1) + " = " +
           short_number(s.output.weighted_sum) + "; compare it with the threshold " + short_number(line.threshold);
  q.solution = q.hint + ": output " + std::to_string(int(s.output.output)) +
               (s.mistake ? ", not the class, so w += lr × (class - output) × x" : ", the class, so nothing changes");
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> dense_question(const DenseLesson& lesson) {
  if (lesson.step() + 1 >= lesson.step_count()) return std::nullopt;
  const DenseLesson next = next_of(lesson);
  const DenseStep& s = next.current();
  Question q;
  q.reveal_step = next.step();
  const std::string j = std::to_string(s.neuron);
  switch (s.phase) {
    case DensePhase::weighted_sum: {
      q.prompt = "Neuron " + j + ": z = x . W[:, " + j + "] + b. What is z?";
      q.answer = s.pre_activation;
      const std::vector<float> column = [&] {
        std::vector<float> c;
        for (int i = 0; i < next.input_count(); ++i) c.push_back(next.kernel()[size_t(i) * next.units() + s.neuron]);
        return c;
      }();
      q.hint = next.input_count() <= 6
                   ? "z = " + products_text(next.inputs(), column, column.size()) + " + " + number_text(s.bias)
                   : "z = x . W[:, " + j + "] + b = " + short_number(s.weighted_sum) + " + " + short_number(s.bias);
      q.tolerance = tolerance(q.answer, 0.01f, 0.005f);
      break;
    }
    case DensePhase::elementwise: {
      const bool sigmoid = s.activation == Activation::sigmoid;
      q.prompt = std::string(sigmoid ? "sigmoid" : "relu") + "(z) of neuron " + j + ", where z = " +
                 short_number(s.pre_activation) + "?";
      q.answer = s.activation_value;
      q.hint = sigmoid ? "sigmoid(z) = 1 / (1 + e^-z) = 1 / (1 + e^" + short_number(-s.pre_activation) + ")"
                       : "relu(z) = max(0, " + short_number(s.pre_activation) + ")";
      q.tolerance = tolerance(q.answer, 0.005f, 0.01f);
      break;
    }
    case DensePhase::softmax: {
      const std::vector<float>& z = next.pre_activations();
      q.prompt = "Softmax turns z = (";
      for (size_t i = 0; i < z.size(); ++i) q.prompt += (i ? ", " : "") + short_number(z[i]);
      q.prompt += ") into probabilities. Which neuron gets the most?";
      for (int i = 0; i < next.units(); ++i) q.choices.push_back("neuron " + std::to_string(i));
      q.answer = float(next.predicted_class());
      q.hint = "softmax(z)_i = e^z_i / sum of e^z_k: the largest z gets the largest share";
      const float p = next.softmax().empty() ? 0.0f : next.softmax()[size_t(next.predicted_class())];
      q.solution = q.hint + ": neuron " + std::to_string(next.predicted_class()) + ", with " + short_number(100 * p) + "%";
      return q;
    }
  }
  q.solution = q.hint + " = " + number_text(q.answer);
  return q;
}

std::optional<Question> crossentropy_question(const CrossEntropyLesson& lesson) {
  const int next_step = lesson.step() + 1;
  constexpr int kAskAt[] = {1, 10, 25, 50, 75, 90, 99};
  if (std::find(std::begin(kAskAt), std::end(kAskAt), next_step) == std::end(kAskAt)) return std::nullopt;
  const CrossEntropyLesson next = next_of(lesson);
  Question q;
  const std::string p = number_text(next.probability());
  q.prompt = "The network gives the right class p = " + p + ". What is the cross-entropy loss?";
  q.answer = next.loss();
  q.tolerance = tolerance(q.answer, 0.01f, 0.02f);
  q.hint = "loss = -(1 × log(" + p + ") + 0 × log(" + number_text(1 - next.probability()) + ")) = -log(" + p + ")";
  q.solution = q.hint + " = " + number_text(q.answer);
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> descent_question(const DescentLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count() || (next_step > 4 && next_step % 25 != 0)) return std::nullopt;
  const DescentPoint& now = lesson.at_current_step(0);  // plain gradient descent, the first racer
  const DescentLesson next = next_of(lesson);
  const DescentPoint& then = next.at_current_step(0);
  if (now.diverged || then.diverged) return std::nullopt;
  const bool two_d = lesson.dimensions() == 2;
  const std::string w = two_d ? "x" : "w";
  Question q;
  q.prompt = "Plain gradient descent is at " + w + " = " + short_number(now.w[0]) + ", where the slope dL/d" + w +
             " = " + short_number(now.gradient[0]) + ". With learning rate " + short_number(lesson.learning_rate()) +
             ", where is " + w + " after the next update?";
  q.answer = then.w[0];
  const float step = lesson.learning_rate() * now.gradient[0];
  q.tolerance = std::max({0.002f, 0.01f * std::fabs(q.answer), 0.05f * std::fabs(step)});
  q.hint = w + " <- " + w + " - lr × dL/d" + w + " = " + short_number(now.w[0]) + " - " +
           short_number(lesson.learning_rate()) + " × " + short_number(now.gradient[0]);
  q.solution = q.hint + " = " + number_text(q.answer) + (step > 0 ? " (downhill, to the left)" : step < 0 ? " (downhill, to the right)" : "");
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> conv_question(const ConvLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count() || next_step % 9 != 0) return std::nullopt;
  const ConvLesson next = next_of(lesson);
  const ConvStep& s = next.current();
  if (std::all_of(s.window.begin(), s.window.end(), [](float v) { return v == 0.0f; })) return std::nullopt;
  Question q;
  auto values = [](const Kernel3x3& k) {
    std::string t;
    for (size_t i = 0; i < k.size(); ++i) t += (i ? (i % 3 ? ", " : " / ") : "") + short_number(k[i]);
    return t;
  };
  q.prompt = "The kernel moves to output pixel (" + std::to_string(s.out_row) + ", " + std::to_string(s.out_col) +
             "). Window, row by row: " + values(s.window) + ". Kernel: " + values(s.weights) +
             ". What is the output pixel?";
  q.answer = s.sum;
  q.tolerance = tolerance(q.answer, 0.02f, 0.01f);
  const std::vector<float> window(s.window.begin(), s.window.end()), weights(s.weights.begin(), s.weights.end());
  std::string products;
  for (size_t i = 0; i < 9; ++i)
    if (window[i] != 0.0f && weights[i] != 0.0f)
      products += (products.empty() ? "" : " + ") + short_number(window[i]) + "×" + short_number(weights[i]);
  q.hint = "sum of window × kernel, cell by cell = " + (products.empty() ? std::string("0") : products);
  q.solution = q.hint + " = " + number_text(q.answer);
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> relu_question(const ReluLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count() || next_step % 5 != 0) return std::nullopt;
  const ReluLesson next = next_of(lesson);
  const ReluStep& s = next.current();
  Question q;
  q.prompt = "The next element is z = " + short_number(s.z) + ". What does ReLU make of it?";
  q.answer = s.a;
  q.tolerance = tolerance(q.answer, 0.001f, 0.001f);
  q.hint = "R(z) = max(0, z) = max(0, " + short_number(s.z) + ")";
  q.solution = q.hint + " = " + number_text(q.answer) + (s.zeroed ? ": a negative becomes 0" : ": a positive passes");
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> pool_question(const PoolLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count()) return std::nullopt;
  const PoolGeometry& g = lesson.geometry();
  if (lesson.step() == 0) {
    Question q;
    const int rows = lesson.input_grid().dim(0);
    q.prompt = "This map is " + std::to_string(rows) + " x " + std::to_string(lesson.input_grid().dim(1)) +
               ". Max pooling takes 2 x 2 windows with stride 2. How many rows will the pooled map have?";
    q.answer = float(lesson.out_rows());
    q.tolerance = 0.1f;
    q.hint = "rows / stride = " + std::to_string(rows) + " / " + std::to_string(g.stride);
    q.solution = q.hint + " = " + std::to_string(lesson.out_rows()) + " (a leftover odd row is dropped)";
    q.reveal_step = next_step;
    return q;
  }
  if (next_step % 4 != 0) return std::nullopt;
  const PoolLesson next = next_of(lesson);
  const PoolStep& s = next.current();
  if (g.pool != 2 || s.window.size() != 4) return std::nullopt;
  // Only a window with one largest number makes a fair question.
  if (std::count(s.window.begin(), s.window.end(), s.max) != 1) return std::nullopt;
  Question q;
  q.prompt = "The next window holds these four numbers. Which one does max pooling keep?";
  const char* kPlaces[] = {"top left", "top right", "bottom left", "bottom right"};
  for (size_t i = 0; i < 4; ++i) q.choices.push_back(std::string(kPlaces[i]) + ": " + short_number(s.window[i]));
  q.answer = float(s.max_in_window);
  q.hint = "max(" + short_number(s.window[0]) + ", " + short_number(s.window[1]) + ", " + short_number(s.window[2]) +
           ", " + short_number(s.window[3]) + ")";
  q.solution = q.hint + " = " + short_number(s.max) + ", the " + kPlaces[s.max_in_window] + " cell";
  q.reveal_step = next_step;
  return q;
}

std::optional<Question> dropout_question(const DropoutLesson& lesson) {
  const int next_step = lesson.step() + 1;
  if (next_step >= lesson.step_count() || (next_step > 5 && next_step % 20 != 0)) return std::nullopt;
  const DropoutLesson next = next_of(lesson);
  const DropoutStep& s = next.current();
  const int n = static_cast<int>(s.kept.size());
  Question q;
  q.reveal_step = next_step;
  if (!s.training) {
    q.prompt = "At test time, with dropout rate " + short_number(s.rate) + ", how many of the " + std::to_string(n) +
               " neurons does dropout zero?";
    q.answer = 0.0f;
    q.tolerance = 0.1f;
    q.hint = "at test time the Dropout layer passes every value on";
    q.solution = q.hint + ": 0";
    return q;
  }
  q.prompt = "Training step " + std::to_string(s.training_step) + ": dropout rate " + short_number(s.rate) + " on " +
             std::to_string(n) + " neurons. About how many will this step zero?";
  // The count is random (one coin per neuron), so the check is against what the rate makes likely:
  // the expected n × rate, give or take two standard deviations. The step then shows this mask's count.
  q.answer = float(n) * s.rate;
  q.tolerance = std::max(1.0f, std::round(2.0f * std::sqrt(float(n) * s.rate * (1 - s.rate))));
  q.hint = "each neuron is dropped with probability " + short_number(s.rate) + ": about " + std::to_string(n) +
           " × " + short_number(s.rate) + " = " + short_number(float(n) * s.rate);
  q.solution = q.hint + "; this step's mask dropped " + std::to_string(n - s.kept_count);
  return q;
}

std::optional<Question> inside_question(const InsideLesson& lesson) {
  if (!lesson.has_run() || lesson.step() + 1 >= lesson.step_count()) return std::nullopt;
  const LayerSnapshot& now = lesson.layers()[size_t(lesson.step())];
  const LayerSnapshot& then = lesson.layers()[size_t(lesson.step() + 1)];
  if (!now.spatial) return std::nullopt;  // the shapes that teach: convolutions, pooling, flatten
  Question q;
  const std::string shape = std::to_string(now.maps.height) + " x " + std::to_string(now.maps.width) + " x " +
                            std::to_string(now.maps.channels);
  q.reveal_step = lesson.step() + 1;
  q.tolerance = 0.1f;
  if (then.kind == "Conv2D" || then.kind == "MaxPooling2D") {
    q.prompt = "The next layer, " + then.name + " (" + then.kind + "), takes the " + shape +
               " maps. How many rows will its output have?";
    q.answer = float(then.maps.height);
    q.hint = then.kind == "Conv2D"
                 ? "a 3 x 3 kernel without padding loses a pixel on each side: " + std::to_string(now.maps.height) + " - 3 + 1"
                 : "2 x 2 windows with stride 2 halve it: " + std::to_string(now.maps.height) + " / 2";
  } else if (then.kind == "Flatten") {
    q.prompt = "Flatten lays the " + shape + " maps out as one vector. How many numbers long?";
    q.answer = float(then.maps.width);
    q.hint = "height x width x channels = " + shape;
  } else {
    return std::nullopt;
  }
  q.solution = q.hint + " = " + number_text(q.answer);
  return q;
}

}  // namespace

std::optional<Question> question_before_next_step(const StepModel& lesson) {
  if (lesson.step() + 1 >= lesson.step_count()) return std::nullopt;
  switch (lesson.id()) {
    case LessonId::matmul: return matmul_question(static_cast<const MatmulLesson&>(lesson));
    case LessonId::images: return images_question(static_cast<const ImagesLesson&>(lesson));
    case LessonId::perceptron: return perceptron_question(static_cast<const PerceptronLesson&>(lesson));
    case LessonId::dense: return dense_question(static_cast<const DenseLesson&>(lesson));
    case LessonId::crossentropy: return crossentropy_question(static_cast<const CrossEntropyLesson&>(lesson));
    case LessonId::descent: return descent_question(static_cast<const DescentLesson&>(lesson));
    case LessonId::conv: return conv_question(static_cast<const ConvLesson&>(lesson));
    case LessonId::relu: return relu_question(static_cast<const ReluLesson&>(lesson));
    case LessonId::pool: return pool_question(static_cast<const PoolLesson&>(lesson));
    case LessonId::dropout: return dropout_question(static_cast<const DropoutLesson&>(lesson));
    case LessonId::inside: return inside_question(static_cast<const InsideLesson&>(lesson));
    case LessonId::count: break;
  }
  return std::nullopt;
}

}  // namespace dl::lessons
