// InsideLesson: a snapshot of every layer's output for one prediction.
#include "lessons/inside.h"

#include <algorithm>

#include "engine/check.h"
#include "engine/classes.h"

namespace dl::lessons {

Status InsideLesson::run(Sequential& model, std::span<const float> example) {
  if (!model.compiled()) return Status::error("the model has no weights yet (compile or load it first)");
  if (example.size() != shape_size(model.input_shape()))
    return Status::error("the example has " + std::to_string(example.size()) + " values; the model expects " +
                         std::to_string(shape_size(model.input_shape())));
  probabilities_.assign(static_cast<size_t>(model.classes()), 0.0f);
  model.predict(example.data(), 1, probabilities_.data());
  predicted_class_ = argmax(probabilities_.data(), static_cast<int>(probabilities_.size()));

  layers_.clear();
  for (int l = 0; l < model.layer_count(); ++l) {
    const Layer& layer = model.layer(l);
    LayerSnapshot snapshot;
    snapshot.name = model.layer_name(l);
    snapshot.kind = layer.kind();
    snapshot.shape = layer.output_shape();
    snapshot.spatial = snapshot.shape.size() == 3;
    snapshot.maps = snapshot.spatial ? MapShape{snapshot.shape[0], snapshot.shape[1], snapshot.shape[2]}
                                     : MapShape{1, static_cast<int>(shape_size(snapshot.shape)), 1};
    snapshot.values = model.layer_output(l).values();
    DL_CHECK(snapshot.values.size() == shape_size(snapshot.shape) && "layer_output holds the one predicted example");
    const MapShape& m = snapshot.maps;
    for (int c = 0; c < m.channels; ++c) {
      ValueRange r{snapshot.values[m.index(0, 0, c)], snapshot.values[m.index(0, 0, c)]};
      for (int row = 0; row < m.height; ++row)
        for (int col = 0; col < m.width; ++col) {
          const float v = snapshot.values[m.index(row, col, c)];
          r.min = std::min(r.min, v);
          r.max = std::max(r.max, v);
        }
      snapshot.channel_ranges.push_back(r);
    }
    snapshot.range = value_range(snapshot.values);
    snapshot.tiles = tile_layout(snapshot.spatial ? m.channels : m.width);
    layers_.push_back(std::move(snapshot));
  }
  refresh();
  return Status::ok();
}

const LayerSnapshot& InsideLesson::current() const {
  DL_CHECK(has_run());
  return layers_[static_cast<size_t>(step())];
}

Tensor InsideLesson::channel(int layer, int channel) const {
  DL_CHECK(layer >= 0 && layer < step_count());
  const LayerSnapshot& s = layers_[static_cast<size_t>(layer)];
  return channel_grid(Tensor({s.maps.height, s.maps.width, s.maps.channels}, s.values), channel);
}

float InsideLesson::value(int layer, int row, int col, int channel) const {
  DL_CHECK(layer >= 0 && layer < step_count());
  const LayerSnapshot& s = layers_[static_cast<size_t>(layer)];
  DL_CHECK(row >= 0 && row < s.maps.height && col >= 0 && col < s.maps.width && channel >= 0 &&
           channel < s.maps.channels);
  return s.values[s.maps.index(row, col, channel)];
}

std::string InsideLesson::values_json() const {
  JsonWriter json = json_header();
  if (!has_run()) return json.finish();
  const LayerSnapshot& s = current();
  json.string("layer", s.name)
      .string("kind", s.kind)
      .integers("shape", s.shape)
      .number("min", s.range.min)
      .number("max", s.range.max)
      .integer("predicted", predicted_class_)
      .numbers("probabilities", probabilities_);
  return json.finish();
}

std::string InsideLesson::describe() const {
  if (!has_run()) return "Train the CNN (or load one) to follow a digit through it.";
  const LayerSnapshot& s = current();
  std::string shape;
  for (size_t i = 0; i < s.shape.size(); ++i) shape += (i ? " x " : "") + std::to_string(s.shape[i]);
  return "Layer " + std::to_string(step() + 1) + " of " + std::to_string(step_count()) + ", " + s.name + " (" + s.kind +
         "): output " + shape + ", values from " + number_text(s.range.min) + " to " + number_text(s.range.max) +
         ". The network reads the digit as " + std::to_string(predicted_class_) + ".";
}

}  // namespace dl::lessons
