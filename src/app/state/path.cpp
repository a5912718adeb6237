// The workshop's path: its stops in the notebook's order and each stop's checkpoint, read from the
// session (the lessons' models, the trainer's snapshot, the chosen test image, what was taught).
#include "app/state/path.h"

#include <charconv>
#include <cstdlib>

#include "lessons/registry.h"


using dl::lessons::LessonId;

namespace {

constexpr std::array<PathStop, kPathStopCount> kStops{{
    {"dot-products", "Numpy and Matrices",
     "A network's work is multiplying matrices: each cell of C = A × B is a dot product of a row and a column.",
     "Step C = A × B through to its last product.", View::lessons, LessonId::matmul},
    {"images", "Reading in the Data",
     "An MNIST digit is a 28 x 28 matrix of numbers from 0 (paper) to 255 (ink), and X_train stacks 60,000 of them.",
     "Browse X_train to an image of a 7.", View::lessons, LessonId::images},
    {"perceptron", "The Simplest Neural Network - The Perceptron",
     "One neuron draws one straight line. Its learning rule moves the line after every mistake.",
     "Choose XOR and step the perceptron to its end: no straight line separates XOR.", View::lessons,
     LessonId::perceptron},
    {"dense", "What is a densely connected layer?",
     "A dense layer is one matrix product plus biases; softmax turns the last layer into probabilities.",
     "Step the dense layer on to its softmax.", View::lessons, LessonId::dense},
    {"crossentropy", "Categorical Cross Entropy",
     "The loss says how wrong a prediction is: -log of the probability given to the right class.",
     "Find a probability whose loss is below 0.1.", View::lessons, LessonId::crossentropy},
    {"descent", "(Stochastic) Gradient Descent",
     "An optimizer steps downhill on the loss: the slope times the learning rate. Momentum keeps rolling.",
     "Play the optimizers' race to its end.", View::lessons, LessonId::descent},
    {"train-mlp", "Training the model",
     "Now the real thing: the workshop's MLP (784-784-800-10, sigmoid, softmax) with Adam, on 60,000 digits.",
     "Train the MLP until val_acc reaches 90%.", View::train, std::nullopt},
    {"draw", "Testing the model",
     "Draw a digit; the page centres and scales it as MNIST's digits are, and the model reads it.",
     "Draw a digit the model gets wrong, then teach it: add it to your digits with its right label.", View::draw,
     std::nullopt},
    {"mistakes", "Evaluating the model",
     "The confusion matrix counts, for each true digit, what the model said. The red cells are its mistakes.",
     "Find a test digit the model gets wrong (a 9 read as a 4?): click a red cell, then one of its images.",
     View::test, std::nullopt},
    {"conv", "Convolutional Layers",
     "A 3 x 3 kernel slides over the image; each position's weighted sum is one pixel of a feature map.",
     "Choose the kernel that finds horizontal edges.", View::lessons, LessonId::conv},
    {"pool", "Pooling",
     "Max pooling keeps the largest number of each 2 x 2 window: the map halves, the strong features stay.",
     "Step max pooling across its first row of windows.", View::lessons, LessonId::pool},
    {"dropout", "Dropout",
     "While training, dropout zeroes random neurons so no one neuron is relied on; at test time it does nothing.",
     "Switch dropout to test time: nothing is dropped.", View::lessons, LessonId::dropout},
}};

}  // namespace

const std::array<PathStop, kPathStopCount>& path_stops() { return kStops; }

std::optional<int> parse_path_link(std::string_view link) {
  constexpr std::string_view kPrefix = "#path/";
  if (link.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const std::string_view rest = link.substr(kPrefix.size());
  int number = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (error == std::errc() && end == rest.data() + rest.size())
    return number >= 1 && number <= kPathStopCount ? std::optional<int>(number - 1) : std::nullopt;
  for (int i = 0; i < kPathStopCount; ++i)
    if (rest == kStops[size_t(i)].slug) return i;
  return std::nullopt;
}

int PathProgress::met_count() const {
  int n = 0;
  for (bool m : met) n += m;
  return n;
}

std::string met_text(const PathProgress& path) {
  std::string text;
  for (bool m : path.met) text += m ? '1' : '0';
  return text;
}

void read_met(PathProgress& path, std::string_view text) {
  for (size_t i = 0; i < path.met.size() && i < text.size(); ++i) path.met[i] = text[i] == '1';
}
