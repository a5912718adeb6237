// The numbers' explanations, each with its formula and the current values.
#include "app/state/explanations.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace {

std::string fixed(double value, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string percent(double fraction) { return fixed(100.0 * fraction, 1) + "%"; }

std::string commas(long long value) { return dl::with_commas(static_cast<unsigned long long>(std::max(0LL, value))); }

}  // namespace

int validation_images(const dl::TrainerStatus& s, int test_count) {
  const bool full = !s.validation_curve.empty() && s.validation_curve.back().epoch > 0 &&
                    s.validation_curve.back().epoch == std::floor(s.validation_curve.back().epoch) &&
                    !s.fine_tune.active;
  return full ? test_count : std::min(s.config.quick_validation_size, test_count);
}

std::string explain_loss(double loss, long long samples) {
  return "loss " + fixed(loss, 4) + ": the mean of -log(probability given to the right digit) over the " +
         commas(samples) + " training examples of this epoch so far. e^-" + fixed(loss, 4) + " = " +
         fixed(std::exp(-loss), 3) + ": the right digit gets about " + percent(std::exp(-loss)) +
         " on average (a geometric mean). Lower is better; 0 would be certain and right.";
}

std::string explain_accuracy(double accuracy, long long samples) {
  const long long right = std::llround(accuracy * double(samples));
  return "acc " + fixed(accuracy, 4) + " = " + commas(right) + " right / " + commas(samples) +
         " training examples of this epoch so far: the share whose largest probability is the right digit "
         "(the weights kept changing while they were counted).";
}

std::string explain_val_loss(double val_loss, int images) {
  return "val_loss " + fixed(val_loss, 4) + ": the same mean -log(probability of the right digit), over " +
         commas(images) + " test images the model never trains on. e^-" + fixed(val_loss, 4) + " = " +
         fixed(std::exp(-val_loss), 3) + ". When it rises while loss falls, the model is overfitting.";
}

std::string explain_val_accuracy(double val_accuracy, int images) {
  const long long right = std::llround(val_accuracy * images);
  return "val_acc " + fixed(val_accuracy, 4) + " = " + commas(right) + " right / " + commas(images) +
         " test images the model never trains on: the number to trust.";
}

std::string explain_examples_per_second(double examples_per_second, int batch_size) {
  const double updates = batch_size > 0 ? examples_per_second / batch_size : 0.0;
  return commas(std::llround(examples_per_second)) + " examples/s: training images through the forward and " +
         "backward pass each second. At batch size " + std::to_string(batch_size) + " that is " +
         commas(std::llround(examples_per_second)) + " / " + std::to_string(batch_size) + " = " + fixed(updates, 1) +
         " weight updates a second.";
}

std::string explain_param_count(const dl::SummaryRow& row, const dl::Shape& input) {
  const long long in = input.empty() ? 0 : input.back();
  const long long out = row.output_shape.empty() ? 0 : row.output_shape.back();
  const std::string params = "Param # " + dl::with_commas(row.params);
  if (row.kind == "Dense" && out > 0)
    return params + " = " + commas(in) + " inputs x " + commas(out) + " units + " + commas(out) +
           " biases: every input meets every unit through one weight.";
  if (row.kind == "Conv2D" && out > 0 && in > 0) {
    const long long window = (static_cast<long long>(row.params) / out - 1) / in;  // k x k
    const int k = static_cast<int>(std::lround(std::sqrt(double(window))));
    return params + " = " + std::to_string(k) + " x " + std::to_string(k) + " kernel x " + commas(in) +
           " input channels x " + commas(out) + " filters + " + commas(out) +
           " biases: each filter is one small kernel, slid over the whole image.";
  }
  return params + ": " + row.kind + " has no weights to learn; it only reshapes, pools or drops values.";
}

std::string explain_probability(const std::array<float, 10>& p, int index, const dl::DatasetInfo& classes) {
  const size_t i = static_cast<size_t>(std::clamp(index, 0, 9));
  const int best = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  double total = 0;
  for (float v : p) total += v;
  std::string text = "P(" + std::string(classes.class_names[i]) + ") = " + percent(p[i]) +
                     ": softmax's share for it, e^z" + std::to_string(i) + " / (e^z0 + ... + e^z9), from the " +
                     "last layer's ten outputs z. The ten shares add up to " + percent(total) + "; ";
  text += int(i) == best ? "this is the largest, so it is the answer."
                         : "the answer is the largest, " + std::string(classes.class_names[size_t(best)]) + " with " +
                               percent(p[size_t(best)]) + ".";
  return text;
}

std::string explain_confusion_cell(int truth, int predicted, int count, int row_total, const dl::DatasetInfo& classes) {
  const std::string t = classes.class_names[size_t(std::clamp(truth, 0, 9))];
  const std::string p = classes.class_names[size_t(std::clamp(predicted, 0, 9))];
  const double share = row_total > 0 ? double(count) / row_total : 0.0;
  const std::string of = commas(count) + " / " + commas(row_total) + " test images of a " + t + " = " + percent(share);
  if (truth == predicted) return commas(count) + " test images of a " + t + " were read right: " + of + " of them.";
  return commas(count) + " test images of a " + t + " were read as a " + p + ": " + of +
         " of them. Click the cell to see them.";
}
