// Every number explained: the sentences carry their formula with the current values.
#include <doctest/doctest.h>

#include <string>

#include "app/state/explanations.h"
#include "engine/workshop_models.h"

namespace {
bool has(const std::string& text, const std::string& part) {
  INFO(text);
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("explanations: model.summary()'s Param # from its layer's shapes, the workshop's 615,440 first") {
  const dl::SummaryRow dense{"dense_1", "Dense", {784}, 615440};
  CHECK(explain_param_count(dense, {784}).rfind("Param # 615,440 = 784 inputs x 784 units + 784 biases", 0) == 0);
  const dl::SummaryRow conv{"conv2d_1", "Conv2D", {26, 26, 32}, 320};
  CHECK(has(explain_param_count(conv, {28, 28, 1}), "Param # 320 = 3 x 3 kernel x 1 input channels x 32 filters + 32 biases"));
  const dl::SummaryRow pool{"max_pooling2d_1", "MaxPooling2D", {12, 12, 32}, 0};
  CHECK(has(explain_param_count(pool, {24, 24, 32}), "no weights to learn"));
}

TEST_CASE("explanations: metrics, speed, a probability and a confusion cell, each with its numbers") {
  CHECK(has(explain_val_accuracy(0.9512, 10000), "val_acc 0.9512 = 9,512 right / 10,000 test images"));
  CHECK(has(explain_accuracy(0.75, 6400), "acc 0.7500 = 4,800 right / 6,400"));
  CHECK(has(explain_loss(0.6931, 640), "e^-0.6931 = 0.500"));
  CHECK(has(explain_val_loss(0.1, 1000), "over 1,000 test images"));
  CHECK(has(explain_examples_per_second(6400, 64), "6,400 / 64 = 100.0 weight updates"));
  const std::array<float, 10> p{0.01f, 0.02f, 0.0f, 0.0f, 0.07f, 0.0f, 0.0f, 0.9f, 0.0f, 0.0f};
  const dl::DatasetInfo& mnist = dl::dataset_info(dl::DatasetKind::mnist);
  CHECK(has(explain_probability(p, 7, mnist), "P(7) = 90.0%"));
  CHECK(has(explain_probability(p, 7, mnist), "this is the largest"));
  CHECK(has(explain_probability(p, 4, mnist), "the answer is the largest, 7 with 90.0%"));
  CHECK(has(explain_confusion_cell(9, 4, 31, 1009, mnist), "31 test images of a 9 were read as a 4: 31 / 1,009"));
  CHECK(has(explain_confusion_cell(9, 4, 31, 1009, mnist), "= 3.1%"));
  CHECK(has(explain_confusion_cell(3, 3, 990, 1010, mnist), "were read right"));
}
