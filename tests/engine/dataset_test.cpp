// Tests for Dataset: pairing images with labels (and refusing mismatches), batches of floats
// with one-hot labels, and the real MNIST files when tools/setup.sh has fetched them.
#include "engine/dataset.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

dl::IdxArray images_array(int count, int rows, int cols, std::vector<uint8_t> pixels) {
  return dl::IdxArray{{count, rows, cols}, std::move(pixels)};
}

dl::IdxArray labels_array(std::vector<uint8_t> labels) {
  return dl::IdxArray{{static_cast<int>(labels.size())}, std::move(labels)};
}

// Three 2x2 images whose pixels encode their index, labelled 3, 7, 0.
dl::Dataset tiny_dataset() {
  auto dataset = dl::make_dataset(images_array(3, 2, 2, {0, 255, 51, 102, 10, 11, 12, 13, 20, 21, 22, 23}),
                                  labels_array({3, 7, 0}));
  REQUIRE_MESSAGE(dataset.is_ok(), dataset.message());
  return std::move(dataset).value();
}

void write_idx(const std::string& path, std::vector<uint8_t> header, const std::vector<uint8_t>& data) {
  header.insert(header.end(), data.begin(), data.end());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(header.data(), 1, header.size(), f) == header.size());
  std::fclose(f);
}

const std::string kMnistDir = DIGITLAB_SOURCE_DIR "/data/mnist";

bool mnist_present() {
  return std::filesystem::exists(kMnistDir + "/train-images-idx3-ubyte") &&
         std::filesystem::exists(kMnistDir + "/t10k-labels-idx1-ubyte");
}

}  // namespace

TEST_CASE("dataset: make_dataset pairs images with labels") {
  dl::Dataset dataset = tiny_dataset();
  CHECK(dataset.count == 3);
  CHECK(dataset.rows == 2);
  CHECK(dataset.cols == 2);
  CHECK(dataset.pixels_per_image() == 4);
  CHECK(dataset.image(1)[0] == 10);
  CHECK(dataset.labels == std::vector<uint8_t>{3, 7, 0});
}

TEST_CASE("dataset: make_dataset refuses arrays that are not images + labels") {
  SUBCASE("images with 1 dim (files swapped)") {
    auto dataset = dl::make_dataset(labels_array({1, 2}), labels_array({1, 2}));
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "images file must have 3 dimensions"));
  }
  SUBCASE("labels with 3 dims") {
    auto dataset = dl::make_dataset(images_array(1, 1, 1, {0}), images_array(1, 1, 1, {0}));
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "labels file must have 1 dimension"));
  }
  SUBCASE("a count mismatch") {
    auto dataset = dl::make_dataset(images_array(3, 1, 1, {0, 0, 0}), labels_array({1, 2}));
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "3 images but labels file has 2 labels"));
  }
  SUBCASE("a label out of 0..9") {
    auto dataset = dl::make_dataset(images_array(2, 1, 1, {0, 0}), labels_array({9, 10}));
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "label 10 at index 1"));
  }
  SUBCASE("no images") {
    auto dataset = dl::make_dataset(images_array(0, 28, 28, {}), labels_array({}));
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "no images"));
  }
  SUBCASE("data that disagrees with the dims") {
    auto dataset = dl::make_dataset(images_array(2, 2, 2, {0, 0, 0}), labels_array({1, 2}));
    REQUIRE_FALSE(dataset.is_ok());
  }
}

TEST_CASE("dataset: first keeps the first n examples") {
  dl::Dataset dataset = tiny_dataset();
  dl::Dataset two = dataset.first(2);
  CHECK(two.count == 2);
  CHECK(two.rows == 2);
  CHECK(two.images.size() == 8);
  CHECK(two.labels == std::vector<uint8_t>{3, 7});
  CHECK(dataset.first(100).count == 3);
  CHECK(dataset.first(0).images.empty());
}

TEST_CASE("dataset: fill_batch scales pixels by 1/255 and writes one-hot labels") {
  dl::Dataset dataset = tiny_dataset();
  const int indices[] = {1, 0};
  std::vector<float> x(2 * 4, -1.0f), y(2 * 10, -1.0f);
  dl::fill_batch(dataset, indices, 2, x.data(), y.data());

  // Row 0 is image 1, row 1 is image 0; the results are exactly float(p) / 255.0f, as Keras.
  CHECK(x[0] == 10.0f / 255.0f);
  CHECK(x[3] == 13.0f / 255.0f);
  CHECK(x[4] == 0.0f);
  CHECK(x[5] == 1.0f);
  CHECK(x[6] == 51.0f / 255.0f);
  CHECK(x[6] == doctest::Approx(0.2));
  CHECK(x[7] == doctest::Approx(0.4));

  const std::vector<float> seven = dl::to_categorical(7), three = dl::to_categorical(3);
  CHECK(std::vector<float>(y.begin(), y.begin() + 10) == seven);
  CHECK(std::vector<float>(y.begin() + 10, y.end()) == three);
}

TEST_CASE("dataset: to_categorical is Keras' one-hot") {
  CHECK(dl::to_categorical(0) == std::vector<float>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(dl::to_categorical(9) == std::vector<float>{0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  CHECK(dl::to_categorical(1, 3) == std::vector<float>{0, 1, 0});
}

TEST_CASE("dataset: load_mnist explains how to get missing files") {
  const std::string dir = (std::filesystem::temp_directory_path() / "digitlab_no_such_dir").string();
  auto dataset = dl::load_mnist(dir, "train");
  REQUIRE_FALSE(dataset.is_ok());
  CHECK(contains(dataset.message(), "cannot open"));
  CHECK(contains(dataset.message(), "train-images-idx3-ubyte"));
  CHECK(contains(dataset.message(), "tools/setup.sh"));
}

TEST_CASE("dataset: load_mnist reads a hand-made pair of files") {
  const auto dir = std::filesystem::temp_directory_path() / "digitlab_dataset_test";
  std::filesystem::create_directories(dir);
  write_idx((dir / "tiny-images-idx3-ubyte").string(), {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2},
            {1, 2, 3, 4});
  SUBCASE("matching labels") {
    write_idx((dir / "tiny-labels-idx1-ubyte").string(), {0, 0, 8, 1, 0, 0, 0, 2}, {6, 8});
    auto dataset = dl::load_mnist(dir.string(), "tiny");
    REQUIRE_MESSAGE(dataset.is_ok(), dataset.message());
    CHECK(dataset->count == 2);
    CHECK(dataset->rows == 1);
    CHECK(dataset->cols == 2);
    CHECK(dataset->image(1)[1] == 4);
    CHECK(dataset->labels == std::vector<uint8_t>{6, 8});
  }
  SUBCASE("labels for a different number of images") {
    write_idx((dir / "tiny-labels-idx1-ubyte").string(), {0, 0, 8, 1, 0, 0, 0, 3}, {6, 8, 1});
    auto dataset = dl::load_mnist(dir.string(), "tiny");
    REQUIRE_FALSE(dataset.is_ok());
    CHECK(contains(dataset.message(), "2 images but labels file has 3 labels"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("dataset: the real MNIST files (data/mnist, from tools/setup.sh)") {
  if (!mnist_present()) {
    MESSAGE("data/mnist is missing; run tools/setup.sh to test against the real files");
    return;
  }
  auto train = dl::load_mnist(kMnistDir, "train");
  REQUIRE_MESSAGE(train.is_ok(), train.message());
  CHECK(train->count == 60000);
  CHECK(train->rows == 28);
  CHECK(train->cols == 28);
  CHECK(train->images.size() == 60000u * 28 * 28);
  CHECK(std::vector<uint8_t>(train->labels.begin(), train->labels.begin() + 5) ==
        std::vector<uint8_t>{5, 0, 4, 1, 9});
  CHECK(train->labels[1] == 0);
  CHECK(train->labels[2] == 4);
  CHECK(train->labels[5] == 2);
  CHECK(train->labels[100] == 5);
  // Digits are centred: the top-left pixel of the first image is background, and it has ink.
  CHECK(train->image(0)[0] == 0);
  int max_pixel = 0;
  for (size_t p = 0; p < train->pixels_per_image(); ++p) {
    max_pixel = std::max<int>(max_pixel, train->image(0)[p]);
  }
  CHECK(max_pixel == 255);

  auto test = dl::load_mnist(kMnistDir, "t10k");
  REQUIRE_MESSAGE(test.is_ok(), test.message());
  CHECK(test->count == 10000);
  CHECK(test->rows == 28);
  CHECK(test->cols == 28);
  CHECK(std::vector<uint8_t>(test->labels.begin(), test->labels.begin() + 5) ==
        std::vector<uint8_t>{7, 2, 1, 0, 4});
}
