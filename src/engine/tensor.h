// Tensor: a float32 array with a shape. Layout is row-major; images are NHWC (batch, height,
// width, channels), Keras' channels_last, so Flatten order and kernel layouts match Keras:
// Dense kernel [in, out], Conv2D kernel [KH, KW, C_in, C_out].
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/check.h"

namespace dl {

using Shape = std::vector<int>;

inline size_t shape_size(const Shape& shape) {
  size_t n = 1;
  for (int d : shape) n *= static_cast<size_t>(d);
  return n;
}

std::string shape_to_string(const Shape& shape);  // "(26, 26, 32)"

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape) : shape_(std::move(shape)), values_(shape_size(shape_), 0.0f) {}
  Tensor(Shape shape, std::vector<float> values) : shape_(std::move(shape)), values_(std::move(values)) {
    DL_CHECK(values_.size() == shape_size(shape_));
  }

  // Changes the shape; keeps the allocation when it is large enough (no allocation in
  // steady-state training loops). Contents are unspecified afterwards.
  void resize(const Shape& shape) {
    shape_ = shape;
    values_.resize(shape_size(shape_));
  }
  void fill(float v) { std::fill(values_.begin(), values_.end(), v); }

  const Shape& shape() const { return shape_; }
  int dim(int i) const { return shape_[static_cast<size_t>(i)]; }
  int rank() const { return static_cast<int>(shape_.size()); }
  size_t size() const { return values_.size(); }
  float* data() { return values_.data(); }
  const float* data() const { return values_.data(); }
  float& operator[](size_t i) { return values_[i]; }
  float operator[](size_t i) const { return values_[i]; }
  std::vector<float>& values() { return values_; }
  const std::vector<float>& values() const { return values_; }

 private:
  Shape shape_;
  std::vector<float> values_;
};

}  // namespace dl
