// The widgets module: the UI pieces panels and lesson views share, in one place — a palette,
// number cells and pictures, help text, probability bars, large digits and small plots.
// ImGui only; no app state.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/gfx/theme.h"
#include "engine/classes.h"

namespace ui {

// A number grid cell: filled rectangle, thin border, `text` centred (skipped when it does not
// fit). Returns true when the mouse is over it, for the caller's tooltip.
bool cell(ImDrawList* draw, ImVec2 min, ImVec2 size, const char* text, ImU32 fill, ImU32 text_color = theme().text,
          ImU32 border = theme().grid_line, float border_thickness = 1.0f);
// Dark or light text, whichever reads on `fill`.
ImU32 text_on(ImU32 fill);
// Grayscale for a pixel intensity in [0, 1] (0 black, 1 white).
ImU32 gray(float intensity01);
// A diverging colour for v in [lo, hi]: blue for negative, black at 0, orange for positive (a
// range without 0 fades from black to orange).
ImU32 diverging(float v, float lo, float hi);
// ---- Numbers that explain themselves ------------------------------------------------------------
// A number the student can ask about: drawn as text (in `color`, else the text colour), reached by
// the arrow keys (Tab stays on the controls), and explained in a tooltip while it is hovered or has
// the keyboard focus, or in a popup once clicked, tapped or Entered (open until the next tap).
// `id` names it for the tests (automation) and the popup.
void explained_number(const char* id, const char* text, const std::string& explanation, const ImVec4* color = nullptr);
// The same for the item just drawn (a cell, a bar): tooltip on hover or keyboard focus; with
// `popup_on_click`, a click or tap opens the popup too (false when the click does something else).
void explain_last_item(const char* id, const std::string& explanation, bool popup_on_click = true);
// The explanation shown this frame (its tooltip or popup), or "" (status() reports it). Reset by
// begin_explanations().
const std::string& open_explanation();
void begin_explanations();  // once per frame, before the views

// A tooltip with one printf-formatted line; call when a cell is hovered.
void value_tooltip(const char* fmt, ...) IM_FMTARGS(1);
// The editor of a click-to-edit number: call every frame after the cells; a cell's click calls
// ImGui::OpenPopup(popup_id) and stores the value in *value. Returns true on every edit, so the
// caller's setter recomputes the lesson as the student types. `automation_label` names the field.
bool value_editor_popup(const char* popup_id, const char* caption, float* value, const char* automation_label);
// Reserves `size` at the cursor for a draw-list picture (so layout flows around it) and returns
// its top-left corner in screen coordinates.
ImVec2 reserve_canvas(ImVec2 size);
// An MNIST-style digit (bytes 0..255, row-major) as a picture at the cursor, each pixel a
// scale x scale square, white ink on black; returns its top-left corner for overlays.
ImVec2 digit_picture(const uint8_t* pixels, int rows, int cols, float scale);
// Wrapped text with `accent` parts drawn in theme().accent_text: "loss = " then accent "0.6931".
void text_with_accent(const char* before, const char* accent, const char* after = "");
// Text wrapped to the column at spaces and newlines (as all wrapped text is in digitlab's Dear ImGui
// build: src/app/CMakeLists.txt), its lines spaced as a paragraph's. `lead`, drawn first in the
// accent colour, shares the first line. One item for the automation's record.
void text_wrapped_at_spaces(std::string_view text, std::string_view lead = {});
// The grid cell under the mouse on the last item (a picture of `rows` x `cols` cells): true and
// *row, *col when the item is hovered inside the grid.
bool hovered_cell(int rows, int cols, int* row, int* col);
// A picture of rows x cols cells, `scale` pixels each, at `min`, filled in row by row: darkens the
// cells after (row, col), the rest of that row and every row below it.
void shade_pending(ImDrawList* draw, ImVec2 min, float scale, int rows, int cols, int row, int col);
// A thick outline around cell (row, col) of such a picture.
void outline_cell(ImDrawList* draw, ImVec2 min, float scale, int row, int col, ImU32 color);
// SameLine() when an item `width` wide still fits on this line; otherwise the item starts a new one.
// `indent` (window coordinates) is where a wrapped line starts (0: the window's default).
void same_line_if_fits(float width, float indent = 0.0f);
// ImGui::SmallButton with a mouse; a full-size button (a finger's target) with a finger.
bool small_button(const char* label);
// The width of a button with `label`, as small_button() draws it.
float small_button_width(const char* label);
// The width of a radio button with `label`, for same_line_if_fits().
float radio_width(const char* label);


// ---- Forms and help -------------------------------------------------------------------------------

// Starts a form row: the label on the left, the next widget at `column` and `width` wide.
void form_row(const char* label, float column, float width);
// Help for the last item. With a mouse, a tooltip while it is hovered (also when disabled); with
// a finger, which cannot hover, a "?" button right after it opens the same text.
void help_tooltip(const char* text);
// Why the last item is disabled: a tooltip with a mouse; with a finger (a disabled button cannot
// be tapped) the text on the next line, dimmed.
void why_disabled(const char* text);
// The width help_tooltip() adds after an item (the "?" button with a finger, else nothing).
float help_width();

// ---- Touch -------------------------------------------------------------------------------------------

// A finger's vertical drag scrolls the scrollable window it started in (ImGui scrolls only by wheel
// or scrollbar). A widget that uses drags itself (the drawing canvas) claims the drag each frame it
// is held; a drag that starts on a button scrolls and cancels the press. Call apply_touch_scroll()
// once per frame after every window is drawn.
void claim_pointer_drag();
void apply_touch_scroll();
bool touch_scrolling();  // a drag is scrolling now (for status)

// ---- Probabilities and digits ----------------------------------------------------------------------

// Ten rows "class  [bar]  p%" (MNIST's digits unless `classes` says otherwise), `width` wide. The most probable is
// highlighted; `true_label` (when >= 0) is marked so a mistake is visible at a glance. Without
// values (nothing to predict yet) the empty bars keep the layout still.
void draw_probability_bars(const std::array<float, dl::kClassCount>& probabilities, float width, int true_label = -1,
                           bool has_values = true,
                           const dl::DatasetInfo& classes = dl::dataset_info(dl::DatasetKind::mnist),
                           const std::function<std::string(int)>& explain = {}, const char* id = "bars");

// A digit 0-9 drawn with thick anti-aliased strokes in the box at `top_left`, `height` tall (and
// about 0.6 * height wide): crisp at any size, unlike the UI's bitmap font scaled up.
void draw_large_digit(ImDrawList* draw_list, ImVec2 top_left, float height, int digit, ImU32 color);

// ---- Plots ------------------------------------------------------------------------------------------
// Small line/marker plots drawn straight onto ImGui's draw list: "nice" axis ticks with labels,
// a legend, and a hover readout. Enough for the training curves, without a plotting library.
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

}  // namespace ui
