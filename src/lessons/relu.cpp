// ReluLesson: max(0, z) element by element through dl::relu.
#include "lessons/relu.h"

#include <algorithm>

#include "engine/activation.h"

namespace dl::lessons {

ReluLesson::ReluLesson() : before_({1, 1}), after_({1, 1}) { refresh(); }

Status ReluLesson::set_feature_maps(const Tensor& maps, int channel) {
  const std::optional<MapShape> shape = feature_map_shape(maps.shape());
  if (!shape)
    return Status::error("expected feature maps [H, W], [H, W, C] or [1, H, W, C], got " +
                         shape_to_string(maps.shape()));
  if (channel < 0 || channel >= shape->channels)
    return Status::error("channel " + std::to_string(channel) + " is not in 0.." + std::to_string(shape->channels - 1));
  before_ = channel_grid(maps, channel);
  after_ = Tensor(before_.shape());
  for (size_t i = 0; i < before_.size(); ++i) after_[i] = relu(before_[i]);
  refresh();
  return Status::ok();
}

void ReluLesson::update_current_step() {
  const size_t i = static_cast<size_t>(step());
  current_ = {step() / cols(), step() % cols(), before_[i], after_[i], before_[i] < 0.0f};
  const auto done = before_.values().begin() + step() + 1;
  zeroed_so_far_ = static_cast<int>(std::count_if(before_.values().begin(), done, [](float z) { return z < 0.0f; }));
  after_so_far_ = Tensor(before_.shape());
  std::copy_n(after_.values().begin(), step() + 1, after_so_far_.values().begin());
}

std::string ReluLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("row", current_.row)
      .integer("col", current_.col)
      .number("z", current_.z)
      .number("a", current_.a)
      .boolean("zeroed", current_.zeroed)
      .integer("zeroed_so_far", zeroed_so_far_);
  return json.finish();
}

std::string ReluLesson::describe() const {
  const ReluStep& s = current_;
  return "ReLU at (" + std::to_string(s.row) + ", " + std::to_string(s.col) + "): max(0, " + number_text(s.z) + ") = " +
         number_text(s.a) + (s.zeroed ? ", a negative value clipped to 0" : ", passed unchanged") + "; " +
         std::to_string(zeroed_so_far_) + " zeroed so far.";
}

}  // namespace dl::lessons
