// Class names per dataset, argmax and confusion counting.
#include "engine/classes.h"

#include "engine/check.h"

namespace dl {

namespace {
constexpr DatasetInfo kDatasets[] = {
    {DatasetKind::mnist, "mnist", "MNIST", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
    {DatasetKind::fashion_mnist, "fashion-mnist", "Fashion-MNIST",
     {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}},
};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

const DatasetInfo& dataset_info(DatasetKind kind) {
  for (const DatasetInfo& info : kDatasets)
    if (info.kind == kind) return info;
  DL_CHECK(false && "every DatasetKind has a row");
  return kDatasets[0];
}

std::optional<DatasetKind> dataset_from_slug(std::string_view slug) {
  for (const DatasetInfo& info : kDatasets) {
    const std::string_view name = info.slug;
    if (name.size() != slug.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) same = ascii_lower(slug[i]) == name[i];
    if (same) return info.kind;
  }
  return std::nullopt;
}

int argmax(const float* values, int count) {
  DL_CHECK(values != nullptr && count >= 1);
  int best = 0;
  for (int i = 1; i < count; ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

ConfusionMatrix confusion_matrix(const uint8_t* labels, const uint8_t* predicted, int count) {
  ConfusionMatrix m{};
  for (int i = 0; i < count; ++i) {
    DL_CHECK(labels[i] < kClassCount && predicted[i] < kClassCount);
    ++m[labels[i]][predicted[i]];
  }
  return m;
}

int confusion_total(const ConfusionMatrix& m) {
  int total = 0;
  for (const auto& row : m)
    for (int n : row) total += n;
  return total;
}

int confusion_correct(const ConfusionMatrix& m) {
  int correct = 0;
  for (int c = 0; c < kClassCount; ++c) correct += m[static_cast<size_t>(c)][static_cast<size_t>(c)];
  return correct;
}

}  // namespace dl
