// Every refusal from the IDX reader, load_mnist, make_dataset and the safetensors reader names
// the file (or source name) and says what was expected against what was found.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/dataset.h"
#include "engine/safetensors.h"
#include "engine/workshop_models.h"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::vector<uint8_t> idx_bytes(std::initializer_list<uint32_t> dims, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> bytes = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<uint8_t>(d >> shift));
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

void write_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.string().c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
}

// A fresh folder under the temp directory, removed when the test ends.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) : path(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// An MNIST-style pair "<prefix>-images-idx3-ubyte" / "<prefix>-labels-idx1-ubyte" of `count`
// images of rows x cols pixels, labelled 0, 1, 2, ...
void write_mnist_pair(const TempDir& dir, const std::string& prefix, uint32_t count, uint32_t rows, uint32_t cols) {
  write_file(dir.file(prefix + "-images-idx3-ubyte"),
             idx_bytes({count, rows, cols}, std::vector<uint8_t>(size_t{count} * rows * cols, 128)));
  std::vector<uint8_t> labels;
  for (uint32_t i = 0; i < count; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
  write_file(dir.file(prefix + "-labels-idx1-ubyte"), idx_bytes({count}, labels));
}

}  // namespace

TEST_CASE("messages: parse_idx with a source starts every refusal with it and keeps it") {
  const std::string source = "train-images-idx3-ubyte";
  const std::vector<std::vector<uint8_t>> bad = {
      {},                                     // empty
      {0, 0, 8},                              // truncated magic
      {0x1F, 0x8B, 8, 3},                     // gzip
      {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0},  // float32
      idx_bytes({2, 2}, {1, 2, 3, 4}),        // magic 2050
      idx_bytes({2, 2, 2}, {1, 2, 3}),        // truncated data
      idx_bytes({2}, {1, 2, 3}),              // trailing data
  };
  for (const std::vector<uint8_t>& bytes : bad) {
    auto array = dl::parse_idx(source, bytes.data(), bytes.size());
    REQUIRE_FALSE(array.is_ok());
    CHECK_MESSAGE(starts_with(array.message(), source + ": "), array.message());
  }
  const std::vector<uint8_t> good = idx_bytes({2}, {3, 4});
  auto array = dl::parse_idx(source, good.data(), good.size());
  REQUIRE_MESSAGE(array.is_ok(), array.message());
  CHECK(array->source == source);
  CHECK(dl::parse_idx(good.data(), good.size())->source.empty());
}

TEST_CASE("messages: parse_idx says what it expected and what it found") {
  const std::vector<uint8_t> truncated = idx_bytes({3, 2, 2}, std::vector<uint8_t>(10, 0));
  auto array = dl::parse_idx("x", truncated.data(), truncated.size());
  CHECK(contains(array.message(), "dimensions (3, 2, 2) need 12 bytes but only 10 follow the header"));
}

TEST_CASE("messages: make_dataset names both arrays and the sizes that disagree") {
  const auto images = [](std::vector<int> dims, size_t bytes) {
    return dl::IdxArray{std::move(dims), std::vector<uint8_t>(bytes, 0), "dir/train-images-idx3-ubyte"};
  };
  const auto labels = [](std::vector<uint8_t> values) {
    const int n = static_cast<int>(values.size());
    return dl::IdxArray{{n}, std::move(values), "dir/train-labels-idx1-ubyte"};
  };
  SUBCASE("counts") {
    auto d = dl::make_dataset(images({3, 2, 2}, 12), labels({1, 2}));
    REQUIRE_FALSE(d.is_ok());
    CHECK(contains(d.message(), "dir/train-images-idx3-ubyte"));
    CHECK(contains(d.message(), "dir/train-labels-idx1-ubyte"));
    CHECK(contains(d.message(), "3 images but labels file has 2 labels"));
  }
  SUBCASE("a label out of range names the labels file") {
    auto d = dl::make_dataset(images({2, 1, 1}, 2), labels({1, 12}));
    CHECK(starts_with(d.message(), "dir/train-labels-idx1-ubyte: label 12 at index 1 is outside 0..9"));
  }
  SUBCASE("files swapped") {
    auto d = dl::make_dataset(labels({1, 2}), labels({1, 2}));
    CHECK(starts_with(d.message(), "dir/train-labels-idx1-ubyte: images file must have 3 dimensions"));
  }
  SUBCASE("bytes that disagree with the dims say both") {
    auto d = dl::make_dataset(images({2, 2, 2}, 7), labels({1, 2}));
    CHECK(contains(d.message(), "dir/train-images-idx3-ubyte: the IDX array holds 7 bytes but its dimensions "
                                "(2, 2, 2) declare 8"));
  }
  SUBCASE("empty images say their size") {
    auto d = dl::make_dataset(images({2, 0, 28}, 0), labels({1, 2}));
    CHECK(contains(d.message(), "dir/train-images-idx3-ubyte: images have an empty size: 0 x 28 pixels"));
  }
  SUBCASE("no source: the message says which array") {
    auto d = dl::make_dataset(dl::IdxArray{{1, 1, 1}, {0}, ""}, dl::IdxArray{{1}, {10}, ""});
    CHECK(starts_with(d.message(), "the labels array: label 10"));
  }
  SUBCASE("a good pair keeps the images' source, and first() keeps it too") {
    auto d = dl::make_dataset(images({2, 1, 1}, 2), labels({1, 2}));
    REQUIRE_MESSAGE(d.is_ok(), d.message());
    CHECK(d->source == "dir/train-images-idx3-ubyte");
    CHECK(d->first(1).source == d->source);
  }
}

TEST_CASE("messages: an MNIST folder of 32 x 32 images is named with both sizes") {
  TempDir dir("digitlab_messages_32x32");
  write_mnist_pair(dir, "train", 3, 32, 32);
  auto train = dl::load_mnist(dir.path.string(), "train");
  // The files themselves are valid IDX; they only do not fit the workshop's models.
  REQUIRE_MESSAGE(train.is_ok(), train.message());
  CHECK(train->rows == 32);
  CHECK(train->source == dir.file("train-images-idx3-ubyte"));

  const dl::Status mlp = dl::check_input_shape(train.value(), dl::make_workshop_mlp().input_shape());
  REQUIRE_FALSE(mlp.is_ok());
  CHECK(mlp.message() == dir.file("train-images-idx3-ubyte") +
                             ": the images are 32 x 32 pixels (1024 values) but the model's input is 784 values per image");
  const dl::Status cnn = dl::check_input_shape(train.value(), dl::make_workshop_cnn().input_shape());
  REQUIRE_FALSE(cnn.is_ok());
  CHECK(contains(cnn.message(), dir.file("train-images-idx3-ubyte")));
  CHECK(contains(cnn.message(), "32 x 32 pixels"));
  CHECK(contains(cnn.message(), "(28, 28, 1)"));

  CHECK(dl::check_input_shape(train.value(), {1024}).is_ok());
  CHECK(dl::check_input_shape(train.value(), {32, 32, 1}).is_ok());
  CHECK_FALSE(dl::check_input_shape(train.value(), {32, 32, 3}).is_ok());
  CHECK(contains(dl::check_input_shape(dl::Dataset{}, {784}).message(), "the dataset: the images are 0 x 0"));
}

TEST_CASE("messages: 28 x 28 images fit both workshop models") {
  TempDir dir("digitlab_messages_28x28");
  write_mnist_pair(dir, "t10k", 2, 28, 28);
  auto test = dl::load_mnist(dir.path.string(), "t10k");
  REQUIRE_MESSAGE(test.is_ok(), test.message());
  CHECK(dl::check_input_shape(test.value(), dl::make_workshop_mlp().input_shape()).is_ok());
  CHECK(dl::check_input_shape(test.value(), dl::make_workshop_cnn().input_shape()).is_ok());
}

TEST_CASE("messages: load_mnist names the file that is wrong") {
  TempDir dir("digitlab_messages_bad_mnist");
  SUBCASE("labels out of range") {
    write_mnist_pair(dir, "train", 2, 28, 28);
    write_file(dir.file("train-labels-idx1-ubyte"), idx_bytes({2}, {3, 200}));
    auto d = dl::load_mnist(dir.path.string(), "train");
    REQUIRE_FALSE(d.is_ok());
    CHECK(contains(d.message(), dir.file("train-labels-idx1-ubyte") + ": label 200 at index 1 is outside 0..9"));
  }
  SUBCASE("a truncated images file") {
    write_mnist_pair(dir, "train", 2, 28, 28);
    std::filesystem::resize_file(dir.file("train-images-idx3-ubyte"), 16 + 1000);
    auto d = dl::load_mnist(dir.path.string(), "train");
    REQUIRE_FALSE(d.is_ok());
    CHECK(contains(d.message(), dir.file("train-images-idx3-ubyte") +
                                    ": IDX data is truncated: dimensions (2, 28, 28) need 1568 bytes but only 1000"));
  }
  SUBCASE("more labels than images") {
    write_mnist_pair(dir, "train", 2, 28, 28);
    write_file(dir.file("train-labels-idx1-ubyte"), idx_bytes({3}, {1, 2, 3}));
    auto d = dl::load_mnist(dir.path.string(), "train");
    REQUIRE_FALSE(d.is_ok());
    CHECK(contains(d.message(), dir.file("train-images-idx3-ubyte")));
    CHECK(contains(d.message(), dir.file("train-labels-idx1-ubyte")));
    CHECK(contains(d.message(), "2 images but labels file has 3 labels"));
  }
  SUBCASE("an images file in place of the labels") {
    write_mnist_pair(dir, "train", 2, 28, 28);
    std::filesystem::copy_file(dir.file("train-images-idx3-ubyte"), dir.file("train-labels-idx1-ubyte"),
                               std::filesystem::copy_options::overwrite_existing);
    auto d = dl::load_mnist(dir.path.string(), "train");
    REQUIRE_FALSE(d.is_ok());
    CHECK(contains(d.message(), dir.file("train-labels-idx1-ubyte") +
                                    ": labels file must have 1 dimension (count) but has 3: (2, 28, 28)"));
  }
}

TEST_CASE("messages: decode_safetensors with a source starts every refusal with it") {
  const std::string header = "[]      ";
  std::vector<uint8_t> bytes = {static_cast<uint8_t>(header.size()), 0, 0, 0, 0, 0, 0, 0};
  bytes.insert(bytes.end(), header.begin(), header.end());
  auto file = dl::decode_safetensors("model.safetensors", bytes.data(), bytes.size());
  REQUIRE_FALSE(file.is_ok());
  CHECK(file.message() == "model.safetensors: model file header does not start with '{' but with '['");

  bytes[8] = 0xFF;
  file = dl::decode_safetensors("model.safetensors", bytes.data(), bytes.size());
  CHECK(file.message() ==
        "model.safetensors: model file header is not valid UTF-8: byte 0 (0xFF) does not start a valid sequence");

  const std::vector<uint8_t> empty_header = {0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(contains(dl::decode_safetensors(empty_header.data(), empty_header.size()).message(),
                 "header is empty; expected a JSON object"));
}

TEST_CASE("messages: printable() escapes control characters and shortens long text") {
  CHECK(dl::printable("dense_1.kernel") == "dense_1.kernel");
  CHECK(dl::printable("a\x1B[2Jb\n") == "a\\x1B[2Jb\\x0A");
  CHECK(dl::printable("\xC2\x9B" "1m") == "\\x9B1m");     // C1 CSI, as UTF-8
  CHECK(dl::printable("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");  // other UTF-8 stays
  CHECK(dl::printable(std::string(100, 'x'), 10) == std::string(10, 'x') + "...");
  CHECK(dl::printable("abc\xC3\xA9", 4) == "abc\xC3\xA9");  // cut after a whole character, nothing left
  CHECK(dl::printable("ab\xC3\xA9z", 3) == "ab\xC3\xA9...");
}

TEST_CASE("messages: model file errors quote hostile names printable and short; ranks over 64 are refused") {
  const auto decode_error = [](const std::string& header, size_t data_bytes = 4) {
    std::vector<uint8_t> bytes;
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(static_cast<uint64_t>(header.size()) >> (8 * i)));
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), data_bytes, 0);
    auto file = dl::decode_safetensors(bytes.data(), bytes.size());
    return file.is_ok() ? std::string("(decoded)") : file.message();
  };
  // Any name decodes (the safetensors library allows them); messages escape it.
  CHECK(decode_error(R"({"a\u001b[2J":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})") == "(decoded)");
  CHECK(decode_error(R"({"a\u001b[2J":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})") ==
        "model file: tensor 'a\\x1B[2J' has shape (2,), which needs 8 bytes, but its data_offsets span 4 bytes");
  CHECK(contains(decode_error(R"({"\u0085":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}})"),
                 "tensor '\\x85' has dtype"));
  const std::string long_name(100000, 'n');
  const std::string long_message =
      decode_error("{\"" + long_name + R"(":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}})");
  CHECK(contains(long_message, "tensor '" + std::string(80, 'n') + "...' has data_offsets [0, 8] outside"));
  CHECK(long_message.size() < 200);
  const std::string twice = R"({"\n":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                            R"("\n":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}})";
  CHECK(decode_error(twice) == "model file header: tensor '\\x0A' appears twice");
  CHECK(contains(decode_error(R"({"a":{"dtype":"F\u001b16","shape":[1],"data_offsets":[0,4]}})"),
                 "has dtype \"F\\x1B16\""));
  // A raw control character after a backslash (found by the fuzzer) is named, not copied.
  CHECK(decode_error("{\"\\\x02\":{}}") ==
        "malformed JSON in the model file header at byte 4: invalid escape '\\' then byte 0x02 in a string");
  CHECK(contains(decode_error(R"({"\q":{}})"), "invalid escape '\\q' in a string"));
  // 64 dimensions decode; 65 are refused.
  std::string dims;
  for (int i = 0; i < 65; ++i) dims += i ? ",1" : "1";
  CHECK(decode_error(R"({"a":{"dtype":"F32","shape":[)" + dims.substr(0, 127) + R"(],"data_offsets":[0,4]}})") ==
        "(decoded)");
  CHECK(contains(decode_error(R"({"a":{"dtype":"F32","shape":[)" + dims + R"(],"data_offsets":[0,4]}})"),
                 "tensor 'a' has more than 64 dimensions"));
}
