// Lesson 2 (images are matrices): an MNIST digit as a 28 x 28 grid of pixel values 0..255,
// browsed by index — X_train[1] is a 0, X_train[5] is a 2. The step is the image index.
#pragma once
#include <cstdint>
#include <span>

#include "engine/dataset.h"
#include "lessons/step_model.h"

namespace dl::lessons {

struct DigitView {
  int index = 0;
  int label = 0;
  int rows = 0, cols = 0;
  std::span<const uint8_t> pixels;  // rows * cols values, row-major, as stored in the IDX file
};

class ImagesLesson final : public StepModel {
 public:
  // Keeps a reference: `data` must outlive the lesson (the page owns the loaded datasets).
  explicit ImagesLesson(const Dataset& data);

  static constexpr LessonId kId = LessonId::images;
  LessonId id() const override { return kId; }
  int step_count() const override { return data_->count; }  // one step per image
  // {lesson, step, steps, index, rows, cols, and with an image: label, inked_pixels, max_pixel}
  std::string values_json() const override;
  std::string describe() const override;

  void set_index(int index) { set_step(index); }
  int index() const { return step(); }
  bool has_image() const { return data_->count > 0; }

  const DigitView& current() const { return current_; }  // empty pixels when there is no image
  uint8_t pixel(int row, int col) const;

 private:
  void update_current_step() override;

  const Dataset* data_;
  DigitView current_;
};

}  // namespace dl::lessons
