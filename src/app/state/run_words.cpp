// Runs in words.
#include "app/state/run_words.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace {

std::string rate_text(float lr) {
  char text[24];
  std::snprintf(text, sizeof text, "%g", lr);
  return text;
}

// The last validation on the whole test set (after an epoch), if any.
const dl::EpochLogs* last_epoch(const dl::TrainerStatus& s) { return s.epochs.empty() ? nullptr : &s.epochs.back(); }

}  // namespace

std::string describe_setup(const dl::TrainerConfig& c) {
  std::string t = std::string(dl::optimizer_name(c.optimizer)) + ", lr " + rate_text(c.learning_rate) + ", batch " +
                  std::to_string(c.batch_size) + ", " + (c.variant.hidden == dl::Activation::relu ? "ReLU" : "sigmoid");
  if (c.variant.dropout >= 0) t += ", dropout " + rate_text(c.variant.dropout);
  return t;
}

std::string describe_difference(const dl::TrainerConfig& a, const dl::TrainerConfig& b) {
  std::vector<std::string> parts;
  if (a.optimizer != b.optimizer) parts.push_back(dl::optimizer_name(b.optimizer));
  if (a.learning_rate != b.learning_rate) parts.push_back("lr " + rate_text(b.learning_rate));
  if (a.batch_size != b.batch_size) parts.push_back("batch " + std::to_string(b.batch_size));
  if (a.variant.hidden != b.variant.hidden) parts.push_back(b.variant.hidden == dl::Activation::relu ? "ReLU" : "sigmoid");
  if (a.variant.dropout != b.variant.dropout)
    parts.push_back(b.variant.dropout < 0 ? "the workshop's dropout" : "dropout " + rate_text(b.variant.dropout));
  if (parts.empty()) return "nothing";
  std::string t;
  for (size_t i = 0; i < parts.size(); ++i) t += (i ? ", " : "") + parts[i];
  return t;
}

std::string comparison_verdict(const dl::TrainerStatus& a, const dl::TrainerStatus& b) {
  const dl::EpochLogs *ea = last_epoch(a), *eb = last_epoch(b);
  if (!ea || !eb || ea->epoch != eb->epoch) return {};
  const double points = 100.0 * (eb->val_accuracy - ea->val_accuracy);
  char text[160];
  if (std::abs(points) < 0.005)
    std::snprintf(text, sizeof text, "After epoch %d: the same accuracy to the last image.", ea->epoch);
  else
    std::snprintf(text, sizeof text, "After epoch %d: B is %.2f points %s than A (%s).", ea->epoch, std::abs(points),
                  points > 0 ? "better" : "worse", describe_difference(a.config, b.config).c_str());
  return text;
}
