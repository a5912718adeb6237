// InkCanvas: strokes put ink where they go, undo and clear take it away, bad samples are harmless.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "engine/digit_preprocess.h"
#include "engine/ink.h"

using namespace dl;

namespace {
float total(const std::vector<float>& ink) {
  float sum = 0;
  for (float v : ink) sum += v;
  return sum;
}
float at(const InkCanvas& c, int x, int y) { return c.coverage()[static_cast<size_t>(y) * c.size() + x]; }
}  // namespace

TEST_CASE("a stroke inks the pixels along it and nothing far from it") {
  InkCanvas canvas(100);
  CHECK(canvas.empty());
  canvas.begin_stroke({20, 50}, 3);
  canvas.extend_stroke({50, 50});
  canvas.extend_stroke({80, 50});
  canvas.end_stroke();
  CHECK(canvas.strokes().size() == 1);
  CHECK(canvas.point_count() == 3);
  CHECK(at(canvas, 50, 50) == doctest::Approx(1.0f));
  CHECK(at(canvas, 20, 50) == doctest::Approx(1.0f));
  CHECK(at(canvas, 50, 60) == 0.0f);  // 10 px away from a radius-3 line
  for (float v : canvas.coverage()) REQUIRE((v >= 0.0f && v <= 1.0f));
  // The ink is what preprocessing reads: a horizontal bar.
  const PreprocessedDigit d = preprocess_drawing(canvas.coverage(), 100, 100);
  CHECK(!d.empty);
  CHECK(d.box.width > 50);
  CHECK(d.box.height < 12);
}

TEST_CASE("undo removes the last stroke, clear removes them all; each change bumps the version") {
  InkCanvas canvas(64);
  const uint64_t v0 = canvas.version();
  canvas.begin_stroke({10, 10}, 2);
  canvas.extend_stroke({20, 10});
  canvas.end_stroke();
  const float one = total(canvas.coverage());
  canvas.begin_stroke({10, 40}, 2);
  canvas.extend_stroke({20, 40});
  canvas.end_stroke();
  CHECK(total(canvas.coverage()) > one);
  CHECK(canvas.version() > v0);
  canvas.undo();
  CHECK(canvas.strokes().size() == 1);
  CHECK(total(canvas.coverage()) == doctest::Approx(one));
  canvas.clear();
  CHECK(canvas.empty());
  CHECK(total(canvas.coverage()) == 0.0f);
  canvas.undo();  // nothing to undo: no change
  CHECK(canvas.empty());
}

TEST_CASE("samples that are not numbers are ignored; far-away ones stay cheap and keep the ink in range") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  InkCanvas canvas(50);
  canvas.begin_stroke({nan, 10}, 2);
  CHECK(canvas.empty());
  canvas.begin_stroke({25, 25}, inf);
  canvas.extend_stroke({nan, nan});
  canvas.extend_stroke({1e30f, -1e30f});  // clamped to the grid's neighbourhood: a bounded number of stamps
  canvas.extend_stroke({-inf, 3});
  canvas.end_stroke();
  CHECK(canvas.strokes().size() == 1);
  CHECK(canvas.point_count() == 2);
  for (float v : canvas.coverage()) REQUIRE((v >= 0.0f && v <= 1.0f));
  CHECK(canvas.strokes()[0].radius == InkCanvas::kMinRadius);  // an infinite brush became the smallest
  canvas.extend_stroke({30, 30});  // no open stroke: ignored
  CHECK(canvas.point_count() == 2);
}
