// The themes' colours.
#include "app/gfx/theme.h"

namespace ui {

namespace {

ThemeColors make_theme(palette::Theme which) {
  const palette::Colors& c = palette::colors(which);
  const bool light = which == palette::Theme::light;
  ThemeColors t;
  t.theme = which;
  t.cell_fill = color(c.cell_fill);
  t.cell_pending = light ? IM_COL32(250, 251, 252, 255) : IM_COL32(30, 32, 38, 255);
  t.cell_done = light ? IM_COL32(208, 234, 216, 255) : IM_COL32(40, 70, 60, 255);
  t.highlight_a = color(c.operand_a);
  t.highlight_b = color(c.operand_b);
  t.highlight_out = color(c.result);
  t.grid_line = light ? IM_COL32(176, 182, 194, 255) : IM_COL32(70, 76, 88, 255);
  t.text = color(c.text);
  t.text_dim = light ? IM_COL32(92, 98, 110, 255) : IM_COL32(150, 155, 165, 255);
  t.strong_line = light ? IM_COL32(20, 22, 28, 255) : IM_COL32(255, 255, 255, 255);
  t.accent_text = light ? ImVec4(0.66f, 0.33f, 0.0f, 1.0f) : ImVec4(1.0f, 0.78f, 0.45f, 1.0f);
  t.train = color(c.train);
  t.validation = color(c.validation);
  t.correct = color(c.correct);
  t.mistake = color(c.mistake);
  t.train4 = color4(c.train);
  t.validation4 = color4(c.validation);
  t.correct4 = color4(c.correct);
  t.mistake4 = color4(c.mistake);
  t.error_text = light ? ImVec4(0.72f, 0.08f, 0.08f, 1.0f) : ImVec4(1.0f, 0.45f, 0.40f, 1.0f);
  t.warning_text = light ? ImVec4(0.62f, 0.36f, 0.0f, 1.0f) : ImVec4(1.0f, 0.80f, 0.35f, 1.0f);
  t.good_text = light ? ImVec4(0.08f, 0.48f, 0.20f, 1.0f) : ImVec4(0.55f, 0.85f, 0.55f, 1.0f);
  t.accent = light ? IM_COL32(29, 96, 214, 255) : IM_COL32(79, 143, 247, 255);
  t.bar_track = light ? IM_COL32(0, 0, 0, 22) : IM_COL32(255, 255, 255, 18);
  t.overlay = light ? IM_COL32(230, 140, 0, 235) : IM_COL32(255, 196, 64, 220);
  return t;
}

ThemeColors g_theme = make_theme(palette::Theme::dark);

}  // namespace

const ThemeColors& theme() { return g_theme; }

void use_theme(palette::Theme which) { g_theme = make_theme(which); }

}  // namespace ui
