// ImagesLesson: a view of one dataset image per step.
#include "lessons/images.h"

#include <algorithm>

#include "engine/check.h"

namespace dl::lessons {

ImagesLesson::ImagesLesson(const Dataset& data) : data_(&data) { refresh(); }

void ImagesLesson::update_current_step() {
  current_ = {step(), 0, data_->rows, data_->cols, {}};
  if (!has_image()) return;
  current_.label = data_->labels[static_cast<size_t>(step())];
  current_.pixels = {data_->image(step()), data_->pixels_per_image()};
}

uint8_t ImagesLesson::pixel(int row, int col) const {
  DL_CHECK(has_image() && row >= 0 && row < current_.rows && col >= 0 && col < current_.cols);
  return current_.pixels[static_cast<size_t>(row) * current_.cols + col];
}

std::string ImagesLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("index", current_.index).integer("rows", current_.rows).integer("cols", current_.cols);
  if (has_image()) {
    const auto inked = std::count_if(current_.pixels.begin(), current_.pixels.end(), [](uint8_t p) { return p > 0; });
    json.integer("label", current_.label)
        .integer("inked_pixels", inked)
        .integer("max_pixel", *std::max_element(current_.pixels.begin(), current_.pixels.end()));
  }
  return json.finish();
}

std::string ImagesLesson::describe() const {
  if (!has_image()) return "No image yet: the training set is loading.";
  const DigitView& d = current_;
  int inked = 0;
  for (uint8_t p : d.pixels) inked += p > 0;
  return "X_train[" + std::to_string(d.index) + "] is a " + std::to_string(d.label) + ": a " + std::to_string(d.rows) +
         " x " + std::to_string(d.cols) + " matrix of pixel values 0 to 255, " + std::to_string(inked) +
         " of them inked.";
}

}  // namespace dl::lessons
