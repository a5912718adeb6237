// PoolLesson: one window per step through dl::pool_window.
#include "lessons/pool.h"

#include <algorithm>

namespace dl::lessons {

PoolLesson::PoolLesson() : maps_({2, 2, 1}) {
  recompute();
  refresh();
}

Status PoolLesson::set_feature_maps(const Tensor& maps, int channel) {
  const std::optional<MapShape> shape = feature_map_shape(maps.shape());
  if (!shape)
    return Status::error("expected feature maps [H, W], [H, W, C] or [1, H, W, C], got " +
                         shape_to_string(maps.shape()));
  if (shape->height < 2 || shape->width < 2) return Status::error("a 2 x 2 window needs a map of at least 2 x 2");
  if (channel < 0 || channel >= shape->channels)
    return Status::error("channel " + std::to_string(channel) + " is not in 0.." + std::to_string(shape->channels - 1));
  maps_ = Tensor({shape->height, shape->width, shape->channels}, maps.values());
  channel_ = channel;
  recompute();
  refresh();
  return Status::ok();
}

Status PoolLesson::set_channel(int channel) {
  if (channel < 0 || channel >= maps_.dim(2))
    return Status::error("channel " + std::to_string(channel) + " is not in 0.." + std::to_string(maps_.dim(2) - 1));
  channel_ = channel;
  recompute();
  refresh();
  return Status::ok();
}

void PoolLesson::recompute() {
  geometry_ = {};
  geometry_.height = maps_.dim(0);
  geometry_.width = maps_.dim(1);
  geometry_.channels = maps_.dim(2);
  geometry_.pool = 2;
  geometry_.stride = 2;
  pooled_ = Tensor({out_rows(), out_cols()});
  argmax_.assign(pooled_.size(), 0);
  for (int r = 0; r < out_rows(); ++r)
    for (int c = 0; c < out_cols(); ++c) {
      const PoolWindow w = pool_window(geometry_, maps_.data(), r, c, channel_);
      pooled_[static_cast<size_t>(step_of(r, c))] = w.max;
      argmax_[static_cast<size_t>(step_of(r, c))] = w.argmax;
    }
}

void PoolLesson::update_current_step() {
  const PoolGeometry& g = geometry_;
  const MapShape shape{g.height, g.width, g.channels};
  PoolStep s;
  s.out_row = step() / out_cols();
  s.out_col = step() % out_cols();
  s.top = s.out_row * g.stride;
  s.left = s.out_col * g.stride;
  for (int pr = 0; pr < g.pool; ++pr)
    for (int pc = 0; pc < g.pool; ++pc) s.window.push_back(maps_[shape.index(s.top + pr, s.left + pc, channel_)]);
  s.max = pooled_[static_cast<size_t>(step())];
  // pool_window's argmax is a flat [H, W, C] index; unpack it into the pixel it names.
  const int pixel = argmax_[static_cast<size_t>(step())] / g.channels;
  s.max_row = pixel / g.width;
  s.max_col = pixel % g.width;
  s.max_in_window = (s.max_row - s.top) * g.pool + (s.max_col - s.left);
  current_ = std::move(s);

  pooled_so_far_ = Tensor({out_rows(), out_cols()});
  std::copy_n(pooled_.values().begin(), step() + 1, pooled_so_far_.values().begin());
}

std::string PoolLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("channel", channel_)
      .integer("out_row", current_.out_row)
      .integer("out_col", current_.out_col)
      .integer("top", current_.top)
      .integer("left", current_.left)
      .numbers("window", current_.window)
      .number("max", current_.max)
      .integer("max_row", current_.max_row)
      .integer("max_col", current_.max_col);
  return json.finish();
}

std::string PoolLesson::describe() const {
  const PoolStep& s = current_;
  std::string values;
  for (size_t i = 0; i < s.window.size(); ++i) values += (i ? ", " : "") + number_text(s.window[i]);
  return "Output (" + std::to_string(s.out_row) + ", " + std::to_string(s.out_col) + ") = max of the window at (" +
         std::to_string(s.top) + ", " + std::to_string(s.left) + ") = max(" + values + ") = " + number_text(s.max) +
         ", found at (" + std::to_string(s.max_row) + ", " + std::to_string(s.max_col) + ").";
}

}  // namespace dl::lessons
