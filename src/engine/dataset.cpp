// Reads MNIST's IDX files into uint8 arrays, checking every size before allocating, and turns
// them into float batches (pixels / 255, one-hot labels) for training.
#include "engine/dataset.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>

#include "engine/check.h"
#include "engine/file_bytes.h"
#include "engine/tensor.h"

namespace dl {
namespace {

constexpr uint32_t kImagesMagic = 2051;  // 0x00000803: unsigned bytes, 3 dimensions
constexpr uint32_t kLabelsMagic = 2049;  // 0x00000801: unsigned bytes, 1 dimension
constexpr uint8_t kUnsignedByteType = 0x08;
constexpr size_t kMagicBytes = 4;
constexpr size_t kMaxHeaderBytes = kMagicBytes + 4 * 3;  // the accepted magic numbers allow 1 or 3 dims

uint32_t load_big_endian_u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// The IDX element types, named so a refusal says what the file actually holds.
const char* idx_type_name(uint8_t type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "not an IDX type";
  }
}

std::string hex_byte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(b));
  return text;
}

// How make_dataset's messages name an array: its source, or what it should have been.
std::string name_of(const IdxArray& array, const char* fallback) {
  return array.source.empty() ? std::string(fallback) : array.source;
}

Status check_byte_count(const IdxArray& array, const std::string& name) {
  if (array.data.size() == shape_size(array.dims)) return Status::ok();
  return Status::error(name + ": the IDX array holds " + std::to_string(array.data.size()) +
                       " bytes but its dimensions " + shape_to_string(array.dims) + " declare " +
                       std::to_string(shape_size(array.dims)));
}

}  // namespace

Result<IdxArray> parse_idx(const uint8_t* bytes, size_t size, size_t max_bytes) {
  if (size == 0) return Status::error("IDX data is empty");
  if (size < kMagicBytes) {
    return Status::error("IDX header is truncated: " + std::to_string(size) +
                         " bytes, the magic number alone needs 4");
  }
  if (bytes[0] != 0 || bytes[1] != 0) {
    return Status::error("not an IDX file: the first two bytes are " + hex_byte(bytes[0]) + " " +
                         hex_byte(bytes[1]) + ", expected 0x00 0x00");
  }
  const uint8_t type = bytes[2];
  if (type != kUnsignedByteType) {
    return Status::error("unsupported IDX element type " + hex_byte(type) + " (" + idx_type_name(type) +
                         "); only 0x08 (unsigned byte) is supported");
  }
  const uint32_t magic = load_big_endian_u32(bytes);
  if (magic != kImagesMagic && magic != kLabelsMagic) {
    return Status::error("unexpected IDX magic number " + std::to_string(magic) +
                         " (expected 2051 for images or 2049 for labels)");
  }

  const size_t ndims = bytes[3];
  const size_t header_bytes = kMagicBytes + 4 * ndims;
  if (size < header_bytes) {
    return Status::error("IDX header is truncated: " + std::to_string(ndims) + " dimensions need " +
                         std::to_string(header_bytes) + " header bytes but the data has only " +
                         std::to_string(size));
  }

  IdxArray array;
  array.dims.reserve(ndims);
  for (size_t i = 0; i < ndims; ++i) {
    const uint32_t dim = load_big_endian_u32(bytes + kMagicBytes + 4 * i);
    if (dim > static_cast<uint32_t>(INT_MAX)) {
      return Status::error("IDX dimension " + std::to_string(i) + " is " + std::to_string(dim) +
                           ", larger than supported (" + std::to_string(INT_MAX) + ")");
    }
    array.dims.push_back(static_cast<int>(dim));
  }
  // The product is checked against max_bytes before each multiplication, so it cannot overflow
  // (dims such as 2^31 x 2^31 x 2^31 would wrap a plain product around to a small number).
  const bool has_zero_dim = std::find(array.dims.begin(), array.dims.end(), 0) != array.dims.end();
  uint64_t element_count = has_zero_dim ? 0 : 1;
  for (size_t i = 0; i < ndims && !has_zero_dim; ++i) {
    const uint64_t dim = static_cast<uint64_t>(array.dims[i]);
    if (element_count > max_bytes / dim) {
      return Status::error("IDX dimensions " + shape_to_string(array.dims) +
                           " declare more than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    element_count *= dim;
  }

  const size_t data_bytes = size - header_bytes;
  if (element_count > data_bytes) {
    return Status::error("IDX data is truncated: dimensions " + shape_to_string(array.dims) + " need " +
                         std::to_string(element_count) + " bytes but only " + std::to_string(data_bytes) +
                         " follow the header");
  }
  if (element_count < data_bytes) {
    return Status::error("IDX data has " + std::to_string(data_bytes - element_count) +
                         " unexpected bytes after the " + std::to_string(element_count) +
                         " that dimensions " + shape_to_string(array.dims) + " declare");
  }
  // Only now, with the size verified to exist in the input, is the data allocated.
  array.data.assign(bytes + header_bytes, bytes + size);
  return array;
}

Result<IdxArray> parse_idx(std::string_view source, const uint8_t* bytes, size_t size, size_t max_bytes) {
  Result<IdxArray> array = parse_idx(bytes, size, max_bytes);
  if (!array) return Status::error(std::string(source) + ": " + array.message());
  array->source = std::string(source);
  return array;
}

Result<IdxArray> read_idx_file(const std::string& path, size_t max_bytes) {
  // Refusing oversized files here keeps a huge file from being read only to be rejected.
  const size_t max_file_bytes =
      max_bytes > SIZE_MAX - kMaxHeaderBytes ? SIZE_MAX : max_bytes + kMaxHeaderBytes;
  Result<std::vector<uint8_t>> bytes = read_file_bytes(path, max_file_bytes);
  if (!bytes) return bytes.status();
  return parse_idx(path, bytes->data(), bytes->size(), max_bytes);
}

Dataset Dataset::first(int n) const {
  DL_CHECK(n >= 0);
  Dataset subset;
  subset.count = std::min(n, count);
  subset.rows = rows;
  subset.cols = cols;
  subset.source = source;
  const size_t kept = static_cast<size_t>(subset.count);
  subset.images.assign(images.begin(), images.begin() + static_cast<ptrdiff_t>(kept * pixels_per_image()));
  subset.labels.assign(labels.begin(), labels.begin() + static_cast<ptrdiff_t>(kept));
  return subset;
}

Result<Dataset> make_dataset(IdxArray images, IdxArray labels) {
  const std::string images_name = name_of(images, "the images array");
  const std::string labels_name = name_of(labels, "the labels array");
  if (images.dims.size() != 3) {
    return Status::error(images_name + ": images file must have 3 dimensions (count, rows, cols) but has " +
                         std::to_string(images.dims.size()) + ": " + shape_to_string(images.dims) +
                         "; is it a labels file?");
  }
  if (labels.dims.size() != 1) {
    return Status::error(labels_name + ": labels file must have 1 dimension (count) but has " +
                         std::to_string(labels.dims.size()) + ": " + shape_to_string(labels.dims) +
                         "; is it an images file?");
  }
  if (Status s = check_byte_count(images, images_name); !s) return s;
  if (Status s = check_byte_count(labels, labels_name); !s) return s;
  const int count = images.dims[0];
  if (count == 0) {
    return Status::error(images_name + ": images file holds no images (dimensions " +
                         shape_to_string(images.dims) + ")");
  }
  if (images.dims[1] == 0 || images.dims[2] == 0) {
    return Status::error(images_name + ": images have an empty size: " + std::to_string(images.dims[1]) +
                         " x " + std::to_string(images.dims[2]) + " pixels");
  }
  if (labels.dims[0] != count) {
    return Status::error(images_name + ", " + labels_name + ": the images file has " + std::to_string(count) +
                         " images but labels file has " + std::to_string(labels.dims[0]) +
                         " labels; they must pair one to one");
  }
  for (size_t i = 0; i < labels.data.size(); ++i) {
    if (labels.data[i] >= Dataset::kClasses) {
      return Status::error(labels_name + ": label " + std::to_string(labels.data[i]) + " at index " +
                           std::to_string(i) + " is outside 0.." + std::to_string(Dataset::kClasses - 1));
    }
  }

  Dataset dataset;
  dataset.count = count;
  dataset.rows = images.dims[1];
  dataset.cols = images.dims[2];
  dataset.images = std::move(images.data);
  dataset.labels = std::move(labels.data);
  dataset.source = std::move(images.source);
  return dataset;
}

Result<Dataset> load_mnist(const std::string& dir, const std::string& prefix) {
  const std::filesystem::path base(dir);
  const std::string images_path = (base / (prefix + "-images-idx3-ubyte")).string();
  const std::string labels_path = (base / (prefix + "-labels-idx1-ubyte")).string();
  const char* hint = "; run tools/setup.sh to download MNIST into data/mnist/";

  Result<IdxArray> images = read_idx_file(images_path);
  if (!images) return Status::error(images.message() + hint);
  Result<IdxArray> labels = read_idx_file(labels_path);
  if (!labels) return Status::error(labels.message() + hint);
  Result<Dataset> dataset = make_dataset(std::move(images.value()), std::move(labels.value()));
  if (!dataset) return Status::error("MNIST '" + prefix + "' set: " + dataset.message());
  return dataset;
}

void image_to_input(const uint8_t* pixels, size_t count, float* input) {
  for (size_t i = 0; i < count; ++i) input[i] = pixel_to_input(pixels[i]);
}

Status check_input_shape(const Dataset& data, const Shape& input_shape) {
  bool fits = false;
  if (input_shape.size() == 1) {
    fits = shape_size(input_shape) == data.pixels_per_image();  // flattened, as the MLP reads them
  } else if (input_shape.size() == 2 || input_shape.size() == 3) {
    fits = input_shape[0] == data.rows && input_shape[1] == data.cols &&
           (input_shape.size() == 2 || input_shape[2] == 1);  // one channel: IDX images are greyscale
  }
  if (fits) return Status::ok();
  const std::string where = data.source.empty() ? std::string("the dataset") : data.source;
  const std::string expected = input_shape.size() == 1 ? std::to_string(input_shape[0]) + " values per image"
                                                       : shape_to_string(input_shape);
  return Status::error(where + ": the images are " + std::to_string(data.rows) + " x " + std::to_string(data.cols) +
                       " pixels (" + std::to_string(data.pixels_per_image()) + " values) but the model's input is " +
                       expected);
}

void fill_batch(const Dataset& data, const int* indices, int n, float* x, float* y_one_hot) {
  DL_CHECK(n >= 0 && x != nullptr && y_one_hot != nullptr);
  const size_t pixels = data.pixels_per_image();
  for (int i = 0; i < n; ++i) {
    const int index = indices[i];
    DL_CHECK(index >= 0 && index < data.count);
    const uint8_t label = data.labels[static_cast<size_t>(index)];
    DL_CHECK(label < Dataset::kClasses);
    const uint8_t* image = data.image(index);
    float* x_row = x + static_cast<size_t>(i) * pixels;
    image_to_input(image, pixels, x_row);
    float* y_row = y_one_hot + static_cast<size_t>(i) * Dataset::kClasses;
    std::fill(y_row, y_row + Dataset::kClasses, 0.0f);
    y_row[label] = 1.0f;
  }
}

std::vector<float> to_categorical(int label, int classes) {
  DL_CHECK(classes > 0 && label >= 0 && label < classes);
  std::vector<float> one_hot(static_cast<size_t>(classes), 0.0f);
  one_hot[static_cast<size_t>(label)] = 1.0f;
  return one_hot;
}

}  // namespace dl
