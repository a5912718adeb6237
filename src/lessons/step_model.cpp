// StepModel's shared stepping and JSON header.
#include "lessons/step_model.h"

#include <algorithm>
#include <cmath>

namespace dl::lessons {

void StepModel::set_step(int step) {
  step_ = std::clamp(step, 0, std::max(0, step_count() - 1));
  update_current_step();
}

bool StepModel::next_step() {
  if (step_ + 1 >= step_count()) return false;
  set_step(step_ + 1);
  return true;
}

bool StepModel::previous_step() {
  if (step_ == 0) return false;
  set_step(step_ - 1);
  return true;
}

JsonWriter StepModel::json_header() const {
  JsonWriter json;
  json.string("lesson", lesson_info(id()).slug).integer("step", step_).integer("steps", step_count());
  return json;
}

std::string number_text(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  return format_float(value);
}

std::string products_text(const std::vector<float>& a, const std::vector<float>& b, size_t count) {
  std::string text;
  for (size_t i = 0; i < count && i < a.size() && i < b.size(); ++i)
    text += (i ? " + " : "") + number_text(a[i]) + "×" + number_text(b[i]);
  return text;
}

}  // namespace dl::lessons
