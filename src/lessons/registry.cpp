// The lesson table and the deep-link parser.
#include "lessons/registry.h"

#include <charconv>

#include "engine/check.h"

namespace dl::lessons {

namespace {

constexpr LessonInfo kLessons[] = {
    {LessonId::matmul, "matmul", "Vectors, dot products and matrix multiplication", "Numpy and Matrices"},
    {LessonId::images, "images", "Images are matrices", "Reading in the Data"},
    {LessonId::perceptron, "perceptron", "The perceptron", "The Simplest Neural Network - The Perceptron"},
    {LessonId::dense, "dense", "Dense layers, sigmoid and softmax", "What is a densely connected layer?"},
    {LessonId::crossentropy, "crossentropy", "One-hot labels and cross-entropy",
     "Categorical Cross Entropy - A Loss Function for Softmax Outputs"},
    {LessonId::descent, "descent", "Gradient descent and momentum",
     "(Stochastic) Gradient Descent - A Basic Optimization Algorithm"},
    {LessonId::conv, "conv", "Convolution", "Convolutional Layers"},
    {LessonId::relu, "relu", "ReLU", "ReLU Activation Function"},
    {LessonId::pool, "pool", "Max pooling", "Max Pooling Layers"},
    {LessonId::dropout, "dropout", "Dropout", "Introducing Dropout - Controlling Overfitting"},
    {LessonId::inside, "inside", "Inside the CNN", "Training a Convolutional Neural Network"},
};

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
  for (const LessonInfo& info : kLessons)
    if (info.id == id) return info;
  DL_CHECK(false && "every LessonId has a row in kLessons");
  return kLessons[0];
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
