// Fuzz target for the drawing path: any pointer input (NaN, infinities, huge, repeated and
// off-canvas points, bursts of thousands of strokes, any radius) through dl::InkCanvas, then
// dl::preprocess_drawing, checking the invariants the Draw panel and the model rely on.
#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/digit_preprocess.h"
#include "engine/ink.h"
#include "fuzz_support.h"

namespace {

// A coordinate: mostly on or near the grid, sometimes anything at all.
float coordinate(FuzzedDataProvider& in, int size) {
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0) return fuzz::any_float(in);
  return in.ConsumeFloatingPointInRange<float>(-0.5f * size, 1.5f * size);
}

// A brush radius: mostly a pen's few pixels; now and then anything (the canvas clamps it to
// 0.5..64, and a 64-pixel brush costs a 130 x 130 stamp every 2 pixels along a stroke).
float radius(FuzzedDataProvider& in) {
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0) return fuzz::any_float(in);
  return in.ConsumeFloatingPointInRange<float>(0.0f, 8.0f);
}

void check_canvas(const dl::InkCanvas& canvas) {
  const std::vector<float>& ink = canvas.coverage();
  FUZZ_CHECK(ink.size() == static_cast<size_t>(canvas.size()) * canvas.size(), "coverage has %zu cells", ink.size());
  for (float v : ink) FUZZ_CHECK(v >= 0.0f && v <= 1.0f, "coverage %g outside [0, 1]", double(v));  // NaN fails too
  for (const dl::InkStroke& s : canvas.strokes()) {
    FUZZ_CHECK(!s.points.empty(), "a stroke without points");
    FUZZ_CHECK(s.radius >= dl::InkCanvas::kMinRadius && s.radius <= dl::InkCanvas::kMaxRadius, "radius %g",
               double(s.radius));
    for (const dl::InkPoint& p : s.points)
      FUZZ_CHECK(std::isfinite(p.x) && std::isfinite(p.y) && std::fabs(p.x) <= 3.0f * canvas.size() &&
                     std::fabs(p.y) <= 3.0f * canvas.size(),
                 "point (%g, %g) kept", double(p.x), double(p.y));
  }
  if (canvas.empty()) {
    FUZZ_CHECK(std::all_of(ink.begin(), ink.end(), [](float v) { return v == 0.0f; }), "ink without strokes");
  }
}

void check_digit(const dl::InkCanvas& canvas, float threshold) {
  const std::vector<float>& ink = canvas.coverage();
  const dl::PreprocessedDigit digit = dl::preprocess_drawing(ink, canvas.size(), canvas.size(), threshold);
  const bool has_ink = std::any_of(ink.begin(), ink.end(), [&](float v) { return v > threshold; });
  FUZZ_CHECK(digit.empty == !has_ink, "empty=%d but ink above %g: %d", digit.empty, double(threshold), has_ink);
  for (float p : digit.pixels) FUZZ_CHECK(p >= 0.0f && p <= 1.0f, "pixel %g outside [0, 1]", double(p));
  if (digit.empty) {
    FUZZ_CHECK(std::all_of(digit.pixels.begin(), digit.pixels.end(), [](float p) { return p == 0.0f; }),
               "an empty digit has pixels");
    return;
  }
  const dl::InkBox& b = digit.box;
  FUZZ_CHECK(b.left >= 0 && b.top >= 0 && b.width >= 1 && b.height >= 1 && b.left + b.width <= canvas.size() &&
                 b.top + b.height <= canvas.size(),
             "box %d %d %d %d", b.left, b.top, b.width, b.height);
  FUZZ_CHECK(digit.scaled_width >= 1 && digit.scaled_width <= 20 && digit.scaled_height >= 1 && digit.scaled_height <= 20,
             "scaled %d x %d", digit.scaled_width, digit.scaled_height);
  FUZZ_CHECK(std::isfinite(digit.center_x) && std::isfinite(digit.center_y) && digit.center_x >= 0 &&
                 digit.center_x <= 28 && digit.center_y >= 0 && digit.center_y <= 28,
             "centre (%g, %g)", double(digit.center_x), double(digit.center_y));
}

// The strokes the canvas kept, drawn again on a fresh canvas, give the same ink: what undo and
// clear redraw equals what the strokes put down as they were drawn.
void check_replay(const dl::InkCanvas& canvas) {
  dl::InkCanvas again(canvas.size());
  const std::vector<dl::InkStroke>& strokes = canvas.strokes();
  for (size_t s = 0; s < strokes.size(); ++s) {
    again.begin_stroke(strokes[s].points[0], strokes[s].radius);
    for (size_t i = 1; i < strokes[s].points.size(); ++i) again.extend_stroke(strokes[s].points[i]);
    if (s + 1 < strokes.size() || !canvas.stroke_open()) again.end_stroke();
  }
  FUZZ_CHECK(again.point_count() == canvas.point_count(), "replay kept %zu points of %zu", again.point_count(),
             canvas.point_count());
  FUZZ_CHECK(again.coverage() == canvas.coverage(), "replaying the strokes gives different ink");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  // Mostly small grids (fast), sometimes the Draw panel's own 280 x 280, where every step copies
  // the whole grid: fewer steps and strokes there, so an input stays under a second.
  const bool full = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  const int grid = full ? dl::InkCanvas::kDefaultSize : in.ConsumeIntegralInRange<int>(-2, 64);
  const int max_ops = full ? 300 : 2000, max_burst_strokes = full ? 300 : 5000;
  dl::InkCanvas canvas(grid);
  FUZZ_CHECK(canvas.size() >= 1, "size %d", canvas.size());
  const int grid_size = canvas.size();

  int ops = 0, burst_strokes = 0;
  // Undo redraws every stroke kept, so thousands of strokes undone one by one cost millions of
  // stamps (quadratic: at 5,000 thin strokes about 5 ms per undo natively, 0.3 s with a 64-pixel
  // brush). A budget of pixels redrawn keeps an input to about a second under the sanitizers.
  double redraw_budget = 1e8;
  const auto redraw_cost = [&canvas] {  // pixels stamped: a box of 2r + 5 per 2-pixel step
    double pixels = 0;
    for (const dl::InkStroke& s : canvas.strokes()) {
      const double box = (2.0 * s.radius + 5) * (2.0 * s.radius + 5);
      pixels += box;
      for (size_t i = 1; i < s.points.size(); ++i)
        pixels += box * std::max(1.0, 0.5 * std::hypot(s.points[i].x - s.points[i - 1].x,
                                                        s.points[i].y - s.points[i - 1].y));
    }
    return pixels;
  };
  std::vector<float> before;
  while (in.remaining_bytes() > 0 && ops++ < max_ops) {
    const uint64_t version = canvas.version();
    const bool small = grid_size <= 64;  // cheap enough to compare the coverage before and after each step
    if (small) before = canvas.coverage();
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: canvas.begin_stroke({coordinate(in, grid_size), coordinate(in, grid_size)}, radius(in)); break;
      case 1:
      case 2: canvas.extend_stroke({coordinate(in, grid_size), coordinate(in, grid_size)}); break;
      case 3: canvas.end_stroke(); break;
      case 4: {
        const double cost = redraw_cost();
        if (cost > redraw_budget) break;
        redraw_budget -= cost;
        canvas.undo();
        break;
      }
      case 5:
        canvas.clear();
        FUZZ_CHECK(canvas.empty() && !canvas.stroke_open(), "clear left strokes");
        break;
      case 6: {  // the same point many times (a pointer that does not move, or a stuck event)
        const dl::InkPoint p{coordinate(in, grid_size), coordinate(in, grid_size)};
        const int repeats = in.ConsumeIntegralInRange<int>(1, 200);
        for (int i = 0; i < repeats; ++i) canvas.extend_stroke(p);
        break;
      }
      case 7: {  // a burst of short strokes (a scribbling hand, a broken event source)
        const int strokes = std::min(in.ConsumeIntegralInRange<int>(1, 3000), max_burst_strokes - burst_strokes);
        burst_strokes += strokes;
        const float x = coordinate(in, grid_size), y = coordinate(in, grid_size), r = radius(in);
        const float dx = in.ConsumeFloatingPointInRange<float>(-3, 3), dy = in.ConsumeFloatingPointInRange<float>(-3, 3);
        for (int s = 0; s < strokes; ++s) {
          canvas.begin_stroke({x + s * dx, y + s * dy}, r);
          canvas.extend_stroke({x + s * dx + 1, y + s * dy + 1});
          canvas.end_stroke();
        }
        break;
      }
    }
    FUZZ_CHECK(canvas.version() >= version, "version went back");
    FUZZ_CHECK(!small || canvas.version() != version || canvas.coverage() == before, "ink changed, version did not");
  }
  check_canvas(canvas);
  check_digit(canvas, 0.05f);  // the Draw panel's threshold
  check_digit(canvas, in.ConsumeFloatingPointInRange<float>(0.0f, 0.999f));
  check_replay(canvas);
  return 0;
}
