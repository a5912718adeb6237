// What the networks classify, defined once: ten classes with their names per dataset, the argmax
// that picks one from a row of scores, and the confusion matrix that counts the picks.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dl {

inline constexpr int kClassCount = 10;

enum class DatasetKind { mnist, fashion_mnist };

struct DatasetInfo {
  DatasetKind kind;
  const char* slug;   // "mnist", "fashion-mnist" (links, file names)
  const char* title;  // "MNIST", "Fashion-MNIST"
  std::array<const char*, kClassCount> class_names;  // "0".."9" or "T-shirt/top", ...
};

const DatasetInfo& dataset_info(DatasetKind kind);
std::optional<DatasetKind> dataset_from_slug(std::string_view slug);  // ASCII case-insensitive

// The index of the first largest of `count` values (count >= 1): the predicted class.
int argmax(const float* values, int count);

// ConfusionMatrix[true class][predicted class], counted over a set of examples.
using ConfusionMatrix = std::array<std::array<int, kClassCount>, kClassCount>;
ConfusionMatrix confusion_matrix(const uint8_t* labels, const uint8_t* predicted, int count);
int confusion_total(const ConfusionMatrix& m);
int confusion_correct(const ConfusionMatrix& m);  // the diagonal

}  // namespace dl
