// Small line/marker plots drawn straight onto ImGui's draw list: "nice" axis ticks with labels,
// a legend, and a hover readout. Enough for the training curves, without a plotting library.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

namespace plot {

enum class Marker { none, filled, hollow };

struct Series {
  std::string label;           // legend and readout text; empty keeps it out of both
  ImU32 color = IM_COL32_WHITE;
  std::vector<ImVec2> points;  // (x, y) in data units, x ascending; a NaN y breaks the line
  bool line = true;            // join the points
  Marker marker = Marker::none;
};

struct Axes {
  std::string title;    // drawn above the plot area, e.g. "loss"
  std::string x_label;  // drawn under the x tick labels' right end, e.g. "epoch"
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;  // widened to whole ticks by draw()
  const char* readout_format = "%.4f";                 // values in the hover tooltip
  std::string empty_hint;  // shown in the middle of the plot while no series has a point
};

// Ticks at multiples of 1, 2 or 5 x 10^k covering [lo, hi] with at most `max_ticks` intervals.
struct Ticks {
  double first = 0, step = 1;
  int count = 0;  // tick values: first + i * step, i in [0, count)
  double last() const { return first + (count - 1) * step; }
};
Ticks nice_ticks(double lo, double hi, int max_ticks);

// The smallest and largest x and y over all points of all series; false when there are none.
bool data_bounds(std::span<const Series> series, ImVec2* min, ImVec2* max);

// Draws the plot at the cursor as one ImGui item of `size` (so the caller can test hover or
// record it for automation right after). Series are clipped to the plot area.
void draw(const char* id, ImVec2 size, const Axes& axes, std::span<const Series> series);

}  // namespace plot
