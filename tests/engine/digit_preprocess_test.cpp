// The drawing preprocessing on hand-made inputs: bounding box, scale, centre of mass.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/digit_preprocess.h"

using namespace dl;

namespace {
std::vector<float> canvas_with_rect(int w, int h, int left, int top, int rw, int rh) {
  std::vector<float> ink(static_cast<size_t>(w) * h, 0.0f);
  for (int y = top; y < top + rh; ++y)
    for (int x = left; x < left + rw; ++x) ink[static_cast<size_t>(y) * w + x] = 1.0f;
  return ink;
}
float total(const PreprocessedDigit& d) {
  float sum = 0;
  for (float v : d.pixels) sum += v;
  return sum;
}
}  // namespace

TEST_CASE("an empty canvas is reported as empty, not predicted") {
  const PreprocessedDigit d = preprocess_drawing(std::vector<float>(100 * 100, 0.0f), 100, 100);
  CHECK(d.empty);
  CHECK(total(d) == 0.0f);
  // Faint specks below the threshold are not ink either.
  CHECK(preprocess_drawing(std::vector<float>(50 * 50, 0.01f), 50, 50).empty);
}

TEST_CASE("bounding box, 20-pixel scaling with aspect kept, centred by mass") {
  // A tall bar 40 x 100 off in a corner of a 200 x 200 canvas.
  const PreprocessedDigit d = preprocess_drawing(canvas_with_rect(200, 200, 150, 5, 40, 100), 200, 200);
  REQUIRE(!d.empty);
  CHECK(d.box.left == 150);
  CHECK(d.box.top == 5);
  CHECK(d.box.width == 40);
  CHECK(d.box.height == 100);
  CHECK(d.scaled_height == 20);  // the longer side becomes 20
  CHECK(d.scaled_width == 8);    // 40 * 20/100
  CHECK(d.center_x == doctest::Approx(14.0f));
  CHECK(d.center_y == doctest::Approx(14.0f));
  CHECK(total(d) == doctest::Approx(8 * 20));  // a solid block stays solid: area scaling keeps full pixels at 1
  // Nothing outside the placed block.
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const bool inside = x >= 10 && x < 18 && y >= 4 && y < 24;
      CHECK(d.pixels[static_cast<size_t>(y) * 28 + x] == (inside ? 1.0f : 0.0f));
    }
}

TEST_CASE("anti-aliasing: a block whose size is not a multiple of the scale gets grey edges") {
  // 30 x 30 box scaled to 20 x 20: each output pixel covers 1.5 source pixels.
  std::vector<float> ink = canvas_with_rect(60, 60, 0, 0, 30, 30);
  // A one-pixel line down the middle of the box.
  for (float& v : ink) v = 0.0f;
  for (int y = 0; y < 30; ++y) ink[static_cast<size_t>(y) * 60 + 15] = 1.0f;
  ink[0] = 1.0f;           // widen the box to 30 x 30 with two corner dots
  ink[29 * 60 + 29] = 1.0f;
  const PreprocessedDigit d = preprocess_drawing(ink, 60, 60);
  REQUIRE(!d.empty);
  CHECK(d.scaled_width == 20);
  bool has_grey = false;
  for (float v : d.pixels) has_grey |= v > 0.05f && v < 0.95f;
  CHECK(has_grey);
  // Mass is conserved up to the scale factor squared.
  CHECK(total(d) == doctest::Approx(32.0f * (20.0f / 30.0f) * (20.0f / 30.0f)).epsilon(1e-4));
}

TEST_CASE("the centre of mass, not the box centre, goes to the middle") {
  // A thin top line over a solid block: the mass sits low, so the digit moves up.
  std::vector<float> ink(100 * 100, 0.0f);
  for (int y = 20; y < 22; ++y)
    for (int x = 10; x < 90; ++x) ink[static_cast<size_t>(y) * 100 + x] = 1.0f;
  for (int y = 40; y < 60; ++y)
    for (int x = 10; x < 90; ++x) ink[static_cast<size_t>(y) * 100 + x] = 1.0f;
  const PreprocessedDigit d = preprocess_drawing(ink, 100, 100);
  REQUIRE(!d.empty);
  CHECK(d.scaled_width == 20);
  CHECK(d.scaled_height == 10);
  CHECK(std::fabs(d.center_x - 14.0f) <= 0.5f);
  CHECK(std::fabs(d.center_y - 14.0f) <= 0.5f);
  // Centring the box would start the ink at row 9; centring the mass starts it higher.
  int first_ink_row = 28;
  for (int y = 27; y >= 0; --y)
    for (int x = 0; x < 28; ++x)
      if (d.pixels[static_cast<size_t>(y) * 28 + x] > 0.0f) first_ink_row = y;
  CHECK(first_ink_row == 7);
}

TEST_CASE("resample_area averages areas exactly") {
  const float src[] = {1, 0, 0, 1};  // 4 x 1 -> 2 x 1
  const std::vector<float> out = resample_area(src, 4, 1, 4, 2, 1);
  CHECK(out[0] == doctest::Approx(0.5f));
  CHECK(out[1] == doctest::Approx(0.5f));
  const std::vector<float> up = resample_area(src, 4, 1, 4, 8, 1);  // upscaling repeats
  CHECK(up[0] == doctest::Approx(1.0f));
  CHECK(up[2] == doctest::Approx(0.0f));
}

TEST_CASE("a 28x28 MNIST image becomes the network's input as it is: scaled to [0, 1], its box and centre reported") {
  std::array<uint8_t, 28 * 28> image{};
  CHECK(digit_from_image(image.data()).empty);
  for (int y = 10; y < 14; ++y)
    for (int x = 6; x < 8; ++x) image[static_cast<size_t>(y) * 28 + x] = 255;
  image[12 * 28 + 8] = 51;
  const PreprocessedDigit d = digit_from_image(image.data());
  CHECK(!d.empty);
  CHECK(d.pixels[10 * 28 + 6] == 1.0f);
  CHECK(d.pixels[12 * 28 + 8] == doctest::Approx(0.2f));
  CHECK(d.box.left == 60);
  CHECK(d.box.top == 100);
  CHECK(d.box.width == 30);
  CHECK(d.box.height == 40);
  CHECK(d.scaled_width == 3);
  CHECK(d.center_y == doctest::Approx(12.0 + 0.2 / 8.2 * 0.5).epsilon(0.01));
}
