// InkCanvas: stamping round-capped segments into a coverage grid along a centripetal Catmull-Rom
// curve, with the open stroke's newest piece kept provisional until its next point arrives.
#include "engine/ink.h"

#include <algorithm>
#include <cmath>

namespace dl {

namespace {

float distance(InkPoint a, InkPoint b) { return std::hypot(b.x - a.x, b.y - a.y); }

// A point on the centripetal Catmull-Rom curve through p0..p3, between p1 (t = 0) and p2 (t = 1).
// The pointer is sampled once per frame, so a quick curve arrives as a few far-apart points; the
// spline draws the curve the hand made rather than the polygon. Centripetal knots (square roots
// of the distances) follow unevenly spaced samples without loops or overshoot.
InkPoint catmull_rom(InkPoint p0, InkPoint p1, InkPoint p2, InkPoint p3, float t) {
  auto next_knot = [](float knot, InkPoint a, InkPoint b) { return knot + std::max(1e-3f, std::sqrt(distance(a, b))); };
  const float t0 = 0, t1 = next_knot(t0, p0, p1), t2 = next_knot(t1, p1, p2), t3 = next_knot(t2, p2, p3);
  const float u = t1 + (t2 - t1) * t;
  auto lerp = [u](InkPoint a, InkPoint b, float ta, float tb) {
    const float w = (u - ta) / (tb - ta);
    return InkPoint{a.x + (b.x - a.x) * w, a.y + (b.y - a.y) * w};
  };
  const InkPoint a1 = lerp(p0, p1, t0, t1), a2 = lerp(p1, p2, t1, t2), a3 = lerp(p2, p3, t2, t3);
  return lerp(lerp(a1, a2, t0, t2), lerp(a2, a3, t1, t3), t1, t2);
}

}  // namespace

InkCanvas::InkCanvas(int size)
    : size_(std::max(1, size)),
      settled_(static_cast<size_t>(size_) * size_, 0.0f),
      shown_(static_cast<size_t>(size_) * size_, 0.0f) {}

InkPoint InkCanvas::tame(InkPoint p) const {
  // One grid width of margin keeps strokes that leave and re-enter the grid continuous, and
  // bounds the number of stamps any segment can take.
  const float lo = -float(size_), hi = 2.0f * float(size_);
  return {std::clamp(p.x, lo, hi), std::clamp(p.y, lo, hi)};
}

// Adds a round-capped line from a to b to the coverage grid. Coverage falls from 1 to 0 over the
// last pixel of the radius, which anti-aliases the edge; overlapping strokes keep the larger
// coverage, as ink on paper does not get darker than black.
void InkCanvas::stamp_segment(std::vector<float>& ink, InkPoint a, InkPoint b, float radius) const {
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - radius - 1)));
  const int x1 = std::min(size_ - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + radius + 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - radius - 1)));
  const int y1 = std::min(size_ - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + radius + 1)));
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float length_squared = dx * dx + dy * dy;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      // Distance from the pixel centre to the segment.
      const float px = x + 0.5f - a.x, py = y + 0.5f - a.y;
      const float t = length_squared > 0 ? std::clamp((px * dx + py * dy) / length_squared, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float coverage = std::clamp(radius + 0.5f - std::sqrt(ex * ex + ey * ey), 0.0f, 1.0f);
      float& cell = ink[static_cast<size_t>(y) * size_ + x];
      cell = std::max(cell, coverage);
    }
}

// Stamps the piece of a stroke between points i and i + 1, curved by its neighbours (the ends
// repeat the first / last point), as short straight capsules about 2 grid pixels long.
void InkCanvas::stamp_piece(std::vector<float>& ink, const InkStroke& stroke, size_t i) const {
  const std::vector<InkPoint>& p = stroke.points;
  const InkPoint p0 = p[i > 0 ? i - 1 : 0], p1 = p[i], p2 = p[i + 1], p3 = p[std::min(i + 2, p.size() - 1)];
  const int steps = std::max(1, static_cast<int>(std::ceil(distance(p1, p2) / 2.0f)));
  InkPoint previous = p1;
  for (int k = 1; k <= steps; ++k) {
    const InkPoint q = catmull_rom(p0, p1, p2, p3, float(k) / steps);
    stamp_segment(ink, previous, q, stroke.radius);
    previous = q;
  }
}

void InkCanvas::begin_stroke(InkPoint at, float radius) {
  if (!std::isfinite(at.x) || !std::isfinite(at.y)) return;
  if (open_) end_stroke();
  if (!std::isfinite(radius)) radius = kMinRadius;
  strokes_.push_back({std::clamp(radius, kMinRadius, kMaxRadius), {tame(at)}});
  open_ = true;
  stamp_segment(settled_, strokes_.back().points[0], strokes_.back().points[0], strokes_.back().radius);
  shown_ = settled_;
  ++version_;
}

// The open stroke got point n - 1. Piece n - 3 now has both its neighbours and is final: it goes
// into the settled ink. The newest piece is provisional (its far end will bend once the next
// point arrives), so the shown ink is the settled ink plus that piece, redone each time.
void InkCanvas::extend_stroke(InkPoint to) {
  if (!open_ || !std::isfinite(to.x) || !std::isfinite(to.y)) return;
  InkStroke& stroke = strokes_.back();
  to = tame(to);
  if (distance(stroke.points.back(), to) < 0.5f) return;
  stroke.points.push_back(to);
  const size_t n = stroke.points.size();
  if (n >= 3) stamp_piece(settled_, stroke, n - 3);
  shown_ = settled_;
  stamp_piece(shown_, stroke, n - 2);
  ++version_;
}

// The pointer was lifted: the last piece is final as drawn.
void InkCanvas::end_stroke() {
  if (!open_) return;
  open_ = false;
  const InkStroke& stroke = strokes_.back();
  if (stroke.points.size() >= 2) stamp_piece(settled_, stroke, stroke.points.size() - 2);
}

void InkCanvas::redraw() {
  std::fill(settled_.begin(), settled_.end(), 0.0f);
  for (const InkStroke& stroke : strokes_) {
    stamp_segment(settled_, stroke.points[0], stroke.points[0], stroke.radius);
    for (size_t i = 0; i + 1 < stroke.points.size(); ++i) stamp_piece(settled_, stroke, i);
  }
  shown_ = settled_;
  ++version_;
}

void InkCanvas::undo() {
  if (strokes_.empty()) return;
  open_ = false;
  strokes_.pop_back();
  redraw();
}

void InkCanvas::clear() {
  open_ = false;
  strokes_.clear();
  redraw();
}

size_t InkCanvas::point_count() const {
  size_t n = 0;
  for (const InkStroke& s : strokes_) n += s.points.size();
  return n;
}

}  // namespace dl
