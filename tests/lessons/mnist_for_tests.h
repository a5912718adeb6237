// Loads the real MNIST files for the lesson tests (data/mnist, present in the repository).
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "engine/dataset.h"

namespace lesson_tests {

// prefix "train" (60,000 images) or "t10k" (10,000).
inline dl::Dataset load_mnist_or_fail(const std::string& prefix) {
  dl::Result<dl::Dataset> data = dl::load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", prefix);
  INFO(data.message());
  REQUIRE(data.is_ok());
  return std::move(data).value();
}

}  // namespace lesson_tests
