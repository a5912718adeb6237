// The Draw panel's UI state (see draw_panel.cpp) and the narrow part of the app it works on.
#pragma once
#include <array>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/app.h"
#include "app/gfx/image_texture.h"
#include "app/views/why_view.h"
#include "engine/digit_preprocess.h"
#include "engine/ink.h"

struct DrawPanelState {
  // The drawing: ink coverage on a 280x280 grid (ten grid pixels per MNIST pixel), whatever size
  // the canvas is shown at; preprocessing reads it from there.
  dl::InkCanvas ink;
  float brush_radius = 11.0f;  // ink-grid pixels; about an MNIST pen stroke when the digit fills the canvas
  uint64_t preprocessed_version = ~uint64_t{0};  // ink.version() the input was derived from
  // Instead of a drawing, a test image as the input (X_test[test_image], -1: none), so a keyboard
  // user can test the model too; the next stroke or Clear ends it. `test_index` is the field.
  int test_image = -1;
  int test_index = 0;

  // What the network said about the drawing (the input itself is the app's shared `drawing`).
  bool has_prediction = false;
  uint64_t predicted_generation = 0;  // app.live.generation the prediction was made with
  std::array<float, dl::kClassCount> probabilities{};
  int prediction = -1;
  bool show_preprocessing = true;  // overlays: the ink's box on the canvas, centre of mass on the input
  double frame_ms = 0;             // main-thread time of the last draw_draw_panel (status, for tests)

  ImageTexture canvas_texture{ImageTexture::Sampling::linear};
  ImageTexture input_texture;  // the 28x28, nearest: its pixels are the point
  ColorLegend input_legend;
  WhyState why;  // the saliency and occlusion maps of the input

  // check_colormaps() runs on this panel's first frame (the page opens on it): "" = all fine.
  bool colormaps_checked = false;
  std::string colormap_problems;
};

// What the Draw panel reads of the app, and how it acts on it.
struct DrawPanelContext {
  const Datasets& data;
  LiveModel& live;
  dl::PreprocessedDigit& drawing;  // written here: the drawing as the network sees it
  Notices& notices;
  Commands& commands;
  const PersonalDigits& personal;
  const dl::TrainerStatus& status;
};

void draw_draw_panel(DrawPanelState& state, const DrawPanelContext& ctx);
void write_draw_panel_status(const DrawPanelState& state, const dl::PreprocessedDigit& drawing,
                             dl::lessons::JsonWriter& w);
std::unique_ptr<DrawPanelState> make_draw_panel_state();
