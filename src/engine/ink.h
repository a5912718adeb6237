// InkCanvas: pointer strokes turned into ink coverage on a square grid, the way a pen would put
// them on paper (anti-aliased round-capped lines along a centripetal Catmull-Rom curve through
// the samples). The Draw panel feeds it pointer samples; preprocess_drawing() reads its coverage.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dl {

struct InkPoint {
  float x = 0, y = 0;  // grid pixels; (0, 0) is the top-left corner of the grid
};

struct InkStroke {
  float radius = 0;  // grid pixels
  std::vector<InkPoint> points;
};

class InkCanvas {
 public:
  static constexpr int kDefaultSize = 280;  // ten grid pixels per MNIST pixel
  // Radii outside this range are clamped: a hairline would not register, a huge brush would
  // cost a whole-grid stamp per step.
  static constexpr float kMinRadius = 0.5f, kMaxRadius = 64.0f;

  explicit InkCanvas(int size = kDefaultSize);

  int size() const { return size_; }
  // Coverage in [0, 1], size() x size(), row-major: what the pen has put down so far.
  const std::vector<float>& coverage() const { return shown_; }
  const std::vector<InkStroke>& strokes() const { return strokes_; }
  bool stroke_open() const { return open_; }
  bool empty() const { return strokes_.empty(); }
  // Bumps on every change of coverage(): readers re-derive what they show from it.
  uint64_t version() const { return version_; }

  // A pointer went down / moved / came up. Samples that are not finite numbers are ignored, and
  // points far outside the grid are pulled back to its neighbourhood (a stroke may leave the
  // grid; its ink there is simply not kept). Moves under half a grid pixel add nothing.
  void begin_stroke(InkPoint at, float radius);
  void extend_stroke(InkPoint to);
  void end_stroke();

  void undo();   // removes the last stroke
  void clear();  // removes every stroke
  size_t point_count() const;

 private:
  void stamp_segment(std::vector<float>& ink, InkPoint a, InkPoint b, float radius) const;
  void stamp_piece(std::vector<float>& ink, const InkStroke& stroke, size_t i) const;
  void redraw();
  InkPoint tame(InkPoint p) const;

  int size_;
  std::vector<InkStroke> strokes_;
  // Finished strokes and the settled pieces of the open one; shown_ adds its provisional piece.
  std::vector<float> settled_, shown_;
  bool open_ = false;
  uint64_t version_ = 0;
};

}  // namespace dl
