// The page's two themes as ImGui draws them: the meaningful colours of gfx/palette.h and the rest
// of the widgets' colours, for the theme in use (look.cpp's apply_style picks it).
#pragma once
#include <cstdint>

#include <imgui.h>

#include "app/gfx/palette.h"

namespace ui {

// A palette colour (app/gfx/palette.h) as ImGui takes it.
constexpr ImU32 color(palette::Rgb c, uint8_t alpha = 255) { return IM_COL32(c.r, c.g, c.b, alpha); }
inline ImVec4 color4(palette::Rgb c) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f); }

// The theme's colours as ImGui takes them: one palette for every view and lesson (what is being
// combined now, what is done, what is still to come), set by use_theme() when the style is made.
struct ThemeColors {
  palette::Theme theme = palette::Theme::dark;
  ImU32 cell_fill;      // an ordinary number
  ImU32 cell_pending;   // not computed yet
  ImU32 cell_done;      // computed earlier
  ImU32 highlight_a;    // first operand (a row, an input)
  ImU32 highlight_b;    // second operand (a column, a weight)
  ImU32 highlight_out;  // the result being formed
  ImU32 grid_line, text, text_dim;
  ImU32 strong_line;    // an outline that must stand out on cells (the term being summed now)
  ImVec4 accent_text;   // a key number in running text
  ImU32 train, validation, correct, mistake;  // curves, and right and wrong answers
  ImVec4 train4, validation4, correct4, mistake4;
  ImVec4 error_text, warning_text, good_text;  // messages: a problem, a caution, a success
  ImU32 accent;         // the selection's blue (a chosen image, the answer's bar)
  ImU32 bar_track;      // behind a probability bar
  ImU32 overlay;        // marks drawn over a picture (the ink's box, the centre of mass)
};
const ThemeColors& theme();
void use_theme(palette::Theme theme);

}  // namespace ui
