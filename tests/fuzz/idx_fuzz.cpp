// Fuzz target for MNIST's IDX files: dl::parse_idx on the whole input, and dl::make_dataset on the
// input read as a pair (two bytes giving the images part's length, the images part, the labels).
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/dataset.h"
#include "engine/digit_preprocess.h"
#include "fuzz_support.h"

namespace {

uint32_t big_endian_u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// What a successful parse promises: the header's dims, product(dims) bytes, exactly the bytes after the header.
void check_parsed(const dl::Result<dl::IdxArray>& array, const uint8_t* data, size_t size, size_t max_bytes,
                  std::string_view source) {
  if (!array) {
    FUZZ_CHECK(fuzz::is_displayable_message(array.message()), "bad message: %s", array.message().c_str());
    FUZZ_CHECK(source.empty() || fuzz::starts_with(array.message(), std::string(source) + ": "),
               "message does not name its source: %s", array.message().c_str());
    return;
  }
  const dl::IdxArray& a = array.value();
  FUZZ_CHECK(size >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0x08, "accepted a bad magic number");
  const uint32_t magic = big_endian_u32(data);
  FUZZ_CHECK((magic == 2049 && a.dims.size() == 1) || (magic == 2051 && a.dims.size() == 3),
             "magic %u with %zu dims", magic, a.dims.size());
  const size_t header = 4 + 4 * a.dims.size();
  FUZZ_CHECK(size >= header, "accepted a truncated header");
  size_t product = 1;
  for (size_t i = 0; i < a.dims.size(); ++i) {
    FUZZ_CHECK(a.dims[i] >= 0 && static_cast<uint32_t>(a.dims[i]) == big_endian_u32(data + 4 + 4 * i), "dim %zu", i);
    product *= static_cast<size_t>(a.dims[i]);
  }
  FUZZ_CHECK(product == a.data.size() && product == size - header && product <= max_bytes,
             "dims hold %zu bytes, data %zu, input after header %zu, limit %zu", product, a.data.size(), size - header,
             max_bytes);
  FUZZ_CHECK(a.data.empty() || std::memcmp(a.data.data(), data + header, a.data.size()) == 0, "data bytes differ");
  FUZZ_CHECK(a.source == source, "source not kept");
}

void check_dataset(dl::IdxArray images, dl::IdxArray labels) {
  const dl::IdxArray images_copy = images, labels_copy = labels;
  dl::Result<dl::Dataset> dataset = dl::make_dataset(std::move(images), std::move(labels));
  if (!dataset) {
    const std::string& m = dataset.message();
    FUZZ_CHECK(fuzz::is_displayable_message(m), "bad message: %s", m.c_str());
    FUZZ_CHECK(fuzz::starts_with(m, images_copy.source) || fuzz::starts_with(m, labels_copy.source),
               "message names neither file: %s", m.c_str());
    return;
  }
  const dl::Dataset& d = dataset.value();
  FUZZ_CHECK(images_copy.dims.size() == 3 && labels_copy.dims.size() == 1, "accepted wrong ranks");
  FUZZ_CHECK(d.count >= 1 && d.rows >= 1 && d.cols >= 1, "count %d, %d x %d", d.count, d.rows, d.cols);
  FUZZ_CHECK(d.count == images_copy.dims[0] && d.count == labels_copy.dims[0], "counts differ");
  FUZZ_CHECK(d.images.size() == static_cast<size_t>(d.count) * d.pixels_per_image() && d.labels.size() == size_t(d.count),
             "sizes differ");
  FUZZ_CHECK(d.images == images_copy.data && d.labels == labels_copy.data, "bytes differ");
  FUZZ_CHECK(std::all_of(d.labels.begin(), d.labels.end(), [](uint8_t l) { return l < dl::Dataset::kClasses; }),
             "a label outside 0..9 was accepted");
  FUZZ_CHECK(d.source == images_copy.source, "source not kept");

  FUZZ_CHECK(dl::check_input_shape(d, {d.rows * d.cols}).is_ok(), "flat input refused");
  FUZZ_CHECK(dl::check_input_shape(d, {d.rows, d.cols, 1}).is_ok(), "image input refused");
  const dl::Status wrong = dl::check_input_shape(d, {d.rows, d.cols + 1, 1});
  FUZZ_CHECK(!wrong && fuzz::starts_with(wrong.message(), d.source + ": "), "%s", wrong.message().c_str());

  // The first and last examples as a batch: pixels in [0, 1], one-hot labels.
  const int picks[2] = {0, d.count - 1};
  std::vector<float> x(2 * d.pixels_per_image()), y(2 * dl::Dataset::kClasses);
  dl::fill_batch(d, picks, 2, x.data(), y.data());
  for (float v : x) FUZZ_CHECK(v >= 0.0f && v <= 1.0f, "pixel %g", double(v));
  for (int i = 0; i < 2; ++i) {
    float sum = 0;
    for (int c = 0; c < dl::Dataset::kClasses; ++c) sum += y[static_cast<size_t>(i * dl::Dataset::kClasses + c)];
    FUZZ_CHECK(sum == 1.0f && y[static_cast<size_t>(i * dl::Dataset::kClasses + d.labels[size_t(picks[i])])] == 1.0f,
               "one-hot");
  }
  // A 28 x 28 image as the Draw panel's input (digit_from_image): the same pixels, scaled.
  if (d.rows == 28 && d.cols == 28) {
    const uint8_t* image = d.image(d.count - 1);
    const dl::PreprocessedDigit digit = dl::digit_from_image(image);
    const bool blank = std::all_of(image, image + 784, [](uint8_t p) { return p == 0; });
    FUZZ_CHECK(digit.empty == blank, "empty=%d for a %s image", digit.empty, blank ? "blank" : "inked");
    for (size_t p = 0; p < 784; ++p) FUZZ_CHECK(digit.pixels[p] == dl::pixel_to_input(image[p]), "pixel %zu", p);
    FUZZ_CHECK(blank || (digit.box.left >= 0 && digit.box.left + digit.box.width <= 280 && digit.box.top >= 0 &&
                         digit.box.top + digit.box.height <= 280 && digit.center_x > 0 && digit.center_x < 28 &&
                         digit.center_y > 0 && digit.center_y < 28),
               "box %d %d %d %d, centre %g %g", digit.box.left, digit.box.top, digit.box.width, digit.box.height,
               double(digit.center_x), double(digit.center_y));
  }
  const dl::Dataset head = d.first(d.count / 2);
  FUZZ_CHECK(head.count == d.count / 2 && head.images.size() == head.count * d.pixels_per_image(), "first()");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The whole input as one file, with the default limit, a limit from the input, and named.
  check_parsed(dl::parse_idx(data, size), data, size, size_t{1} << 30, "");
  const size_t small_limit = size > 0 ? size_t{data[size - 1]} * 8 : 0;
  check_parsed(dl::parse_idx(data, size, small_limit), data, size, small_limit, "");
  check_parsed(dl::parse_idx("whole.idx", data, size), data, size, size_t{1} << 30, "whole.idx");

  // The input as a pair of files.
  if (size < 2) return 0;
  const size_t split = std::min(size - 2, (size_t{data[0]} << 8) | data[1]);
  const uint8_t* images_bytes = data + 2;
  const uint8_t* labels_bytes = images_bytes + split;
  const size_t labels_size = size - 2 - split;
  dl::Result<dl::IdxArray> images = dl::parse_idx("images-idx3-ubyte", images_bytes, split);
  dl::Result<dl::IdxArray> labels = dl::parse_idx("labels-idx1-ubyte", labels_bytes, labels_size);
  check_parsed(images, images_bytes, split, size_t{1} << 30, "images-idx3-ubyte");
  check_parsed(labels, labels_bytes, labels_size, size_t{1} << 30, "labels-idx1-ubyte");
  if (images && labels) check_dataset(std::move(images.value()), std::move(labels.value()));
  return 0;
}
