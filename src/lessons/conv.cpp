// ConvLesson: the feature map pixel by pixel through dl::conv_output_pixel.
#include "lessons/conv.h"

#include <algorithm>

#include "engine/check.h"
#include "lessons/feature_maps.h"

namespace dl::lessons {

const char* kernel_choice_name(ConvKernelChoice choice) {
  switch (choice) {
    case ConvKernelChoice::vertical_edges: return "vertical_edges";
    case ConvKernelChoice::horizontal_edges: return "horizontal_edges";
    case ConvKernelChoice::outline: return "outline";
    case ConvKernelChoice::blur: return "blur";
    case ConvKernelChoice::sharpen: return "sharpen";
    case ConvKernelChoice::learned: return "learned";
    case ConvKernelChoice::custom: return "custom";
  }
  return "?";
}

Kernel3x3 preset_kernel(ConvKernelChoice choice) {
  constexpr float ninth = 1.0f / 9.0f;
  switch (choice) {
    case ConvKernelChoice::vertical_edges: return {-1, 0, 1, -2, 0, 2, -1, 0, 1};
    case ConvKernelChoice::horizontal_edges: return {-1, -2, -1, 0, 0, 0, 1, 2, 1};
    case ConvKernelChoice::outline: return {0, -1, 0, -1, 4, -1, 0, -1, 0};
    case ConvKernelChoice::blur: return {ninth, ninth, ninth, ninth, ninth, ninth, ninth, ninth, ninth};
    case ConvKernelChoice::sharpen: return {0, -1, 0, -1, 5, -1, 0, -1, 0};
    case ConvKernelChoice::learned:
    case ConvKernelChoice::custom: break;
  }
  DL_CHECK(false && "learned and custom kernels have no preset values");
  return {};
}

ConvLesson::ConvLesson() : image_({28, 28, 1}) {
  kernel_ = preset_kernel(kernel_choice_);
  recompute();
  refresh();
}

void ConvLesson::set_image(const Dataset& data, int index) {
  image_ = digit_image(data, index);
  image_index_ = index;
  recompute();
  refresh();
}

Status ConvLesson::set_image(const Tensor& image) {
  const std::optional<MapShape> shape = feature_map_shape(image.shape());
  if (!shape || shape->channels != 1)
    return Status::error("the image must be [H, W] or [H, W, 1], got " + shape_to_string(image.shape()));
  if (shape->height < kKernelSize || shape->width < kKernelSize)
    return Status::error("the image must be at least 3 x 3 for a 3 x 3 kernel");
  image_ = Tensor({shape->height, shape->width, 1}, image.values());
  image_index_ = -1;
  recompute();
  refresh();
  return Status::ok();
}

void ConvLesson::set_kernel(ConvKernelChoice preset) {
  kernel_ = preset_kernel(preset);
  kernel_choice_ = preset;
  learned_filter_ = -1;
  recompute();
  refresh();
}

Status ConvLesson::set_learned_kernel(const Sequential& model, int filter, const std::string& param) {
  const ParamView* view = model.find_param(param);
  if (!view) return Status::error("the model has no parameter '" + param + "'");
  const Shape& s = view->shape;
  if (s.size() != 4 || s[0] != kKernelSize || s[1] != kKernelSize || s[2] != 1)
    return Status::error("'" + param + "' is " + shape_to_string(s) + ", not a 3 x 3 kernel over one channel");
  const int filters = s[3];
  if (filter < 0 || filter >= filters)
    return Status::error("'" + param + "' has filters 0.." + std::to_string(filters - 1));
  // Keras layout [KH, KW, C=1, F]: weight (kh, kw) of filter f is at (kh * KW + kw) * F + f.
  const float* weights = model.parameters().data() + view->offset;
  for (int i = 0; i < kKernelSize * kKernelSize; ++i)
    kernel_[static_cast<size_t>(i)] = weights[static_cast<size_t>(i) * filters + filter];
  kernel_choice_ = ConvKernelChoice::learned;
  learned_filter_ = filter;
  recompute();
  refresh();
  return Status::ok();
}

void ConvLesson::set_kernel_weight(int row, int col, float value) {
  DL_CHECK(row >= 0 && row < kKernelSize && col >= 0 && col < kKernelSize);
  kernel_[static_cast<size_t>(row * kKernelSize + col)] = value;
  kernel_choice_ = ConvKernelChoice::custom;
  learned_filter_ = -1;
  recompute();
  refresh();
}

void ConvLesson::recompute() {
  geometry_ = {};
  geometry_.height = image_.dim(0);
  geometry_.width = image_.dim(1);
  geometry_.channels = 1;
  geometry_.kernel = kKernelSize;
  geometry_.filters = 1;
  geometry_.padding = Padding::valid;  // Keras' default, as in the workshop: 28 x 28 -> 26 x 26
  feature_map_ = Tensor({out_rows(), out_cols()});
  for (int r = 0; r < out_rows(); ++r)
    for (int c = 0; c < out_cols(); ++c)
      feature_map_[static_cast<size_t>(step_of(r, c))] =
          conv_output_pixel(geometry_, image_.data(), kernel_.data(), r, c, 0);
}

void ConvLesson::update_current_step() {
  ConvStep s;
  s.out_row = step() / out_cols();
  s.out_col = step() % out_cols();
  s.weights = kernel_;
  for (int kh = 0; kh < kKernelSize; ++kh)
    for (int kw = 0; kw < kKernelSize; ++kw) {
      const size_t i = static_cast<size_t>(kh * kKernelSize + kw);
      s.window[i] = image_[static_cast<size_t>(s.out_row + kh) * geometry_.width + (s.out_col + kw)];
      s.products[i] = s.window[i] * s.weights[i];
    }
  s.sum = feature_map_[static_cast<size_t>(step())];
  current_ = s;

  feature_map_so_far_ = Tensor({out_rows(), out_cols()});
  std::copy_n(feature_map_.values().begin(), step() + 1, feature_map_so_far_.values().begin());
}

std::string ConvLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("image_index", image_index_)
      .string("kernel", kernel_choice_name(kernel_choice_))
      .integer("filter", learned_filter_)
      .numbers("weights", kernel_)
      .integer("out_row", current_.out_row)
      .integer("out_col", current_.out_col)
      .numbers("window", current_.window)
      .numbers("products", current_.products)
      .number("sum", current_.sum);
  return json.finish();
}

std::string ConvLesson::describe() const {
  const ConvStep& s = current_;
  const std::vector<float> window(s.window.begin(), s.window.end()), weights(s.weights.begin(), s.weights.end());
  return "Feature map pixel (" + std::to_string(s.out_row) + ", " + std::to_string(s.out_col) + ") = the 3 x 3 patch at (" +
         std::to_string(s.out_row) + ", " + std::to_string(s.out_col) + ") times the kernel, summed: " +
         products_text(window, weights, 9) + " = " + number_text(s.sum) + ".";
}

}  // namespace dl::lessons
