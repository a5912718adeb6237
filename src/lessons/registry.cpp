// The lesson table and the deep-link parser.
#include "lessons/registry.h"

#include <charconv>
#include <iterator>

#include "engine/check.h"
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

namespace {

template <class Lesson>
std::unique_ptr<StepModel> make(const LessonInputs&) {
  return std::make_unique<Lesson>();
}

std::unique_ptr<StepModel> make_images(const LessonInputs& inputs) {
  if (!inputs.train) return nullptr;
  return std::make_unique<ImagesLesson>(*inputs.train);
}

// One row per lesson, in LessonId order (checked at compile time below).
constexpr LessonInfo kLessons[] = {
    {LessonId::matmul, "matmul", "Vectors, dot products and matrix multiplication", "Dot products",
     "Numpy and Matrices",
     "A dot product multiplies two vectors element by element and adds the products up. Matrix "
     "multiplication is nothing more than many dot products: each cell of the result pairs a row of "
     "the left matrix with a column of the right one. A neural network spends almost all of its time "
     "doing exactly this, so step through it once by hand.",
     false, make<MatmulLesson>},
    {LessonId::images, "images", "Images are matrices", "Images",
     "Reading in the Data",
     "To a computer an MNIST digit is a 28 x 28 matrix: one number per pixel, from 0 (white paper) to "
     "255 (full ink). The training set stacks 60,000 of them. Point at the grid (or touch and hold) to read pixels, "
     "and browse the set by index: X_train[1] is a 0, X_train[5] is a 2.",
     true, make_images},
    {LessonId::perceptron, "perceptron", "The perceptron", "Perceptron",
     "The Simplest Neural Network - The Perceptron",
     "The perceptron is a single artificial neuron: it multiplies each input by a weight, adds them "
     "up, and outputs 1 if the sum reaches a threshold and -1 otherwise. Its learning rule nudges "
     "the weights after every mistake, which moves a straight line until the two classes sit on "
     "opposite sides. When no straight line can separate them, as with XOR, it never settles.",
     false, make<PerceptronLesson>},
    {LessonId::dense, "dense", "Dense layers, sigmoid and softmax", "Dense & softmax",
     "What is a densely connected layer?",
     "In a dense layer every input is connected to every output neuron, so the layer is one "
     "matrix product: inputs × weights = outputs. An activation is then applied: sigmoid squeezes "
     "each value into (0, 1) on its own, while softmax looks at the whole layer and turns it into "
     "probabilities that sum to 1, which is what the network's last layer reports for the ten digits.",
     false, make<DenseLesson>},
    {LessonId::crossentropy, "crossentropy", "One-hot labels and cross-entropy", "Cross-entropy",
     "Categorical Cross Entropy - A Loss Function for Softmax Outputs",
     "Training needs a number that says how wrong a prediction is. The label becomes a one-hot "
     "vector (to_categorical), and categorical cross-entropy adds up -y log(y_hat): only the "
     "probability given to the correct class counts. Predicting 0.5 for the right class costs 0.6931; "
     "the loss falls to 0 as that probability nears 1 and shoots up as it nears 0.",
     false, make<CrossEntropyLesson>},
    {LessonId::descent, "descent", "Gradient descent and momentum", "Gradient descent",
     "(Stochastic) Gradient Descent - A Basic Optimization Algorithm",
     "An optimizer lowers the loss by changing the weights. Gradient descent reads the slope of the "
     "loss and steps downhill, by the slope times the learning rate. On a bumpy surface it can stop in "
     "a dip that is not the lowest; momentum lets it roll through, and Adam adapts its step size.",
     false, make<DescentLesson>},
    {LessonId::conv, "conv", "Convolution", "Convolution",
     "Convolutional Layers",
     "A convolutional layer slides a small 3 x 3 kernel of weights across the image. At each "
     "position it multiplies the 3 x 3 patch under the kernel by the weights and sums them, a small "
     "2-D dot product, giving one pixel of a feature map. Different kernels find different features, "
     "such as edges in one direction.",
     false, make<ConvLesson>},
    {LessonId::relu, "relu", "ReLU", "ReLU",
     "ReLU Activation Function",
     "Convolutional layers usually use ReLU, R(z) = max(0, z): negative values become 0 and "
     "positive values pass unchanged. It is cheap to compute, and it keeps only the places where a "
     "filter found its feature.",
     false, make<ReluLesson>},
    {LessonId::pool, "pool", "Max pooling", "Max pooling",
     "Max Pooling Layers",
     "Max pooling shrinks a feature map by keeping only the largest value of each 2 x 2 window. The "
     "map gets four times smaller, so later layers do less work, and each of their pixels sees a "
     "larger part of the original image.",
     false, make<PoolLesson>},
    {LessonId::dropout, "dropout", "Dropout", "Dropout",
     "Introducing Dropout - Controlling Overfitting",
     "Large dense layers can memorise the training data instead of learning to generalise. Dropout "
     "switches off a random share of a layer's neurons at every training step (and scales up the "
     "rest), so no neuron can rely on any single other one. At test time nothing is dropped.",
     false, make<DropoutLesson>},
    {LessonId::inside, "inside", "Inside the CNN", "Inside the CNN",
     "Training a Convolutional Neural Network",
     "Follow one digit through a whole trained network: convolution, ReLU, pooling, dropout, the "
     "dense layers and finally the softmax that names the digit. Each step shows one layer's output, "
     "the feature maps it found or the activations it passed on.",
     false, make<InsideLesson>},
};

constexpr bool rows_in_id_order() {
  for (size_t i = 0; i < std::size(kLessons); ++i)
    if (kLessons[i].id != static_cast<LessonId>(i)) return false;
  return true;
}
static_assert(std::size(kLessons) == kLessonCount, "every LessonId has exactly one row");
static_assert(rows_in_id_order(), "rows are in LessonId order, so the table is indexed by id");

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool is_separator(char c) { return c == '/' || c == '?' || c == '&' || c == ';'; }

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A step is plain decimal digits that fit an int; anything else is rejected, not repaired.
std::optional<int> parse_step_value(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::span<const LessonInfo> all_lessons() { return kLessons; }

const LessonInfo& lesson_info(LessonId id) {
  DL_CHECK(static_cast<size_t>(id) < kLessonCount);
  return kLessons[static_cast<size_t>(id)];
}

std::optional<LessonId> lesson_from_slug(std::string_view slug) {
  for (const LessonInfo& info : kLessons)
    if (equals_ignoring_case(slug, info.slug)) return info.id;
  return std::nullopt;
}

std::optional<DeepLink> parse_deep_link(std::string_view link) {
  link = trim(link);
  if (const size_t hash = link.find('#'); hash != std::string_view::npos) link.remove_prefix(hash + 1);
  while (!link.empty() && is_separator(link.front())) link.remove_prefix(1);

  size_t slug_end = 0;
  while (slug_end < link.size() && !is_separator(link[slug_end])) ++slug_end;
  const std::optional<LessonId> lesson = lesson_from_slug(link.substr(0, slug_end));
  if (!lesson) return std::nullopt;

  DeepLink result{*lesson, std::nullopt};
  std::string_view rest = link.substr(slug_end);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the separator
    size_t end = 0;
    while (end < rest.size() && !is_separator(rest[end])) ++end;
    const std::string_view parameter = rest.substr(0, end);
    rest.remove_prefix(end);
    const size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || !equals_ignoring_case(parameter.substr(0, equals), "step")) continue;
    // The first step= decides, even when malformed: a later one should not silently win.
    result.step = parse_step_value(parameter.substr(equals + 1));
    break;
  }
  return result;
}

std::string make_deep_link(LessonId lesson, int step) {
  return std::string("#") + lesson_info(lesson).slug + "/step=" + std::to_string(step < 0 ? 0 : step);
}

}  // namespace dl::lessons
