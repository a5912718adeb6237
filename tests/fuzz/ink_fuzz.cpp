// Fuzz target for the drawing path: any pointer input (NaN, infinities, huge, repeated and
// off-canvas points, bursts of thousands of strokes, any radius) through dl::InkCanvas, then
// dl::preprocess_drawing, checking the invariants the Draw panel and the model rely on.
#include <algorithm>
#include <cmath>
#include <utility>
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
  const int max_ops = full ? 300 : 2000;
  dl::InkCanvas canvas(grid);
  FUZZ_CHECK(canvas.size() >= 1, "size %d", canvas.size());
  const int grid_size = canvas.size();

  // The work an input may cause, in pixels stamped (a box 2r + 5 on a side per 2-pixel step of a
  // stroke) and copied: a 64-pixel brush jumping across the 280 x 280 grid stamps millions of
  // pixels per pointer move, and undo redraws every stroke kept, so thousands of strokes undone
  // one by one are quadratic. Once the budget is spent the input ends: an input stays within a
  // fraction of a second under the sanitizers, and bursts of thousands of thin strokes still fit.
  double budget = 3e7;
  const auto box = [](float r) { return (2.0 * r + 5) * (2.0 * r + 5); };
  const auto piece_cost = [&](const dl::InkStroke& s, size_t i) {  // the piece from point i - 1 to i
    const dl::InkPoint a = s.points[i - 1], b = s.points[i];
    return box(s.radius) * std::max(1.0, 0.5 * std::hypot(double(b.x) - a.x, double(b.y) - a.y));
  };
  const auto kept_cost = [&] {
    double pixels = 0;
    for (const dl::InkStroke& s : canvas.strokes()) {
      pixels += box(s.radius);
      for (size_t i = 1; i < s.points.size(); ++i) pixels += piece_cost(s, i);
    }
    return pixels;
  };
  const double copy_cost = double(grid_size) * grid_size;  // each step copies the grid once or twice
  // The last stroke's size: how many strokes there are, and how many points the last one has.
  const auto last = [&] {
    const auto& strokes = canvas.strokes();
    return std::pair<size_t, size_t>(strokes.size(), strokes.empty() ? 0 : strokes.back().points.size());
  };
  // What the step just taken stamped: a new stroke's dot, or a new point's piece (drawn twice:
  // provisionally, then settled).
  const auto charge_step = [&](std::pair<size_t, size_t> before) {
    budget -= copy_cost;
    const auto now = last();
    if (now.first > before.first) budget -= box(canvas.strokes().back().radius);
    else if (now.first == before.first && now.second > before.second)
      budget -= 2 * piece_cost(canvas.strokes().back(), now.second - 1);
  };
  const auto extend = [&](dl::InkPoint p) {
    const auto before = last();
    canvas.extend_stroke(p);
    charge_step(before);
  };

  int ops = 0;
  std::vector<float> before;
  while (in.remaining_bytes() > 0 && ops++ < max_ops && budget > 0) {
    const uint64_t version = canvas.version();
    const bool small = grid_size <= 64;  // cheap enough to compare the coverage before and after each step
    if (small) before = canvas.coverage();
    const auto before_step = last();
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0:
        canvas.begin_stroke({coordinate(in, grid_size), coordinate(in, grid_size)}, radius(in));
        charge_step(before_step);
        break;
      case 1:
      case 2: extend({coordinate(in, grid_size), coordinate(in, grid_size)}); break;
      case 3: canvas.end_stroke(); break;
      case 4: {
        const double cost = kept_cost() + copy_cost;
        if (cost > budget) break;
        budget -= cost;
        canvas.undo();
        break;
      }
      case 5:
        canvas.clear();
        budget -= copy_cost;
        FUZZ_CHECK(canvas.empty() && !canvas.stroke_open(), "clear left strokes");
        break;
      case 6: {  // the same point many times (a pointer that does not move, or a stuck event)
        const dl::InkPoint p{coordinate(in, grid_size), coordinate(in, grid_size)};
        const int repeats = in.ConsumeIntegralInRange<int>(1, 200);
        for (int i = 0; i < repeats && budget > 0; ++i) extend(p);
        break;
      }
      case 7: {  // a burst of short strokes (a scribbling hand, a broken event source)
        const int strokes = in.ConsumeIntegralInRange<int>(1, 3000);
        const float x = coordinate(in, grid_size), y = coordinate(in, grid_size), r = radius(in);
        const float dx = in.ConsumeFloatingPointInRange<float>(-3, 3), dy = in.ConsumeFloatingPointInRange<float>(-3, 3);
        for (int s = 0; s < strokes && budget > 0; ++s) {
          const auto before_stroke = last();
          canvas.begin_stroke({x + s * dx, y + s * dy}, r);
          charge_step(before_stroke);
          extend({x + s * dx + 1, y + s * dy + 1});
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
