// MNIST-style data: the IDX file format (big-endian header, magic 2051 images / 2049 labels)
// read into uint8 arrays that stay uint8 in memory; pixels are scaled to [0, 1] per batch.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/classes.h"
#include "engine/status.h"
#include "engine/tensor.h"

namespace dl {

// A decoded IDX file (unsigned-byte element type only, as MNIST uses).
struct IdxArray {
  std::vector<int> dims;       // e.g. {60000, 28, 28} or {60000}
  std::vector<uint8_t> data;   // product(dims) bytes
  std::string source = {};     // where it came from (a path, or a name such as a download's), for messages
};

// Refuses (with a clear message): short header, wrong magic / element type, dims that do not
// match the byte count, or a declared size above max_bytes (never allocates more than that).
// With a `source` (a path or a name), every message starts with it, and the array keeps it.
Result<IdxArray> parse_idx(const uint8_t* bytes, size_t size, size_t max_bytes = size_t{1} << 30);
Result<IdxArray> parse_idx(std::string_view source, const uint8_t* bytes, size_t size,
                           size_t max_bytes = size_t{1} << 30);
Result<IdxArray> read_idx_file(const std::string& path, size_t max_bytes = size_t{1} << 30);

// Images [count, rows, cols] with one label in 0..9 each.
struct Dataset {
  static constexpr int kClasses = kClassCount;
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> images;  // count * rows * cols
  std::vector<uint8_t> labels;  // count
  std::string source = {};      // where the images came from (their IdxArray's source), for messages

  size_t pixels_per_image() const { return static_cast<size_t>(rows) * cols; }
  const uint8_t* image(int i) const { return images.data() + static_cast<size_t>(i) * pixels_per_image(); }
  Dataset first(int n) const;  // the first min(n, count) examples
};

// Pairs an images file with a labels file; checks magic numbers, counts, and label range.
// Messages name the arrays' sources; the dataset's source is the images'.
Result<Dataset> make_dataset(IdxArray images, IdxArray labels);
// Loads "<dir>/<prefix>-images-idx3-ubyte" and "<dir>/<prefix>-labels-idx1-ubyte";
// prefix is "train" or "t10k".
Result<Dataset> load_mnist(const std::string& dir, const std::string& prefix);

// What the network sees of a pixel: its byte scaled to [0, 1], as the workshop's X / 255 (the one
// place this scaling is written). Division, not multiplication by 1/255, rounds exactly like
// Keras' `x / 255.0` in float32.
inline float pixel_to_input(uint8_t value) { return static_cast<float>(value) / 255.0f; }
// `count` pixels of an image as network input.
void image_to_input(const uint8_t* pixels, size_t count, float* input);
// Whether the images fit a model whose input per example is `input_shape`: (rows * cols) for a
// flattening model such as the MLP, (rows, cols, 1) for a CNN. The error names data.source and
// both sizes: "data/x/train-images-idx3-ubyte: the images are 32 x 32 pixels but the model's
// input is (28, 28, 1)" (a flat input: "... is 784 values per image").
Status check_input_shape(const Dataset& data, const Shape& input_shape);

// Writes n examples picked by `indices` as floats in [0, 1] (x: n*rows*cols, NHWC with C=1)
// and one-hot labels (y: n*10). No allocation.
void fill_batch(const Dataset& data, const int* indices, int n, float* x, float* y_one_hot);

// Keras' to_categorical for one label.
std::vector<float> to_categorical(int label, int classes = Dataset::kClasses);

}  // namespace dl
