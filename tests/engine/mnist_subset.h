// The first n images of an MNIST file pair ("train" or "t10k") from data/mnist, for engine tests.
#pragma once
#include <doctest/doctest.h>

#include "engine/dataset.h"

inline dl::Dataset mnist_subset(const char* prefix, int n) {
  dl::Result<dl::Dataset> d = dl::load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", prefix);
  REQUIRE_MESSAGE(d.is_ok(), d.message());
  return d->first(n);
}
