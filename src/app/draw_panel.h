// The Draw panel's UI state (see draw_panel.cpp), and two small drawing helpers the Test panel
// shares: the probability bars and a large, resolution-independent digit.
#pragma once
#include <array>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/app.h"
#include "app/image_texture.h"
#include "engine/digit_preprocess.h"
#include "engine/ink.h"

struct DrawPanelState {
  // The drawing: ink coverage on a 280x280 grid (ten grid pixels per MNIST pixel), whatever size
  // the canvas is shown at; preprocessing reads it from there.
  dl::InkCanvas ink;
  float brush_radius = 11.0f;  // ink-grid pixels; about an MNIST pen stroke when the digit fills the canvas
  uint64_t preprocessed_version = ~uint64_t{0};  // ink.version() the input was derived from

  // What the network sees, and what it said about it.
  dl::PreprocessedDigit input;
  bool has_prediction = false;
  uint64_t predicted_generation = 0;  // app.live.generation the prediction was made with
  std::array<float, 10> probabilities{};
  int prediction = -1;
  bool show_preprocessing = true;  // overlays: the ink's box on the canvas, centre of mass on the input
  double frame_ms = 0;             // main-thread time of the last draw_draw_panel (status, for tests)

  ImageTexture canvas_texture{ImageTexture::Sampling::linear};
  ImageTexture input_texture;  // the 28x28, nearest: its pixels are the point
  ColorLegend input_legend;

  // check_colormaps() runs on this panel's first frame (the page opens on it): "" = all fine.
  bool colormaps_checked = false;
  std::string colormap_problems;
};

// Ten rows "d  [bar]  p%" for the digits 0-9, `width` wide. The most probable digit is
// highlighted; `true_label` (when >= 0) is marked so a mistake is visible at a glance. Without
// values (nothing to predict yet) the empty bars keep the layout still.
void draw_probability_bars(const std::array<float, 10>& probabilities, float width, int true_label = -1,
                           bool has_values = true);

// A digit 0-9 drawn with thick anti-aliased strokes in the box at `top_left`, `height` tall (and
// about 0.6 * height wide): crisp at any size, unlike the UI's bitmap font scaled up.
void draw_large_digit(ImDrawList* draw_list, ImVec2 top_left, float height, int digit, ImU32 color);
