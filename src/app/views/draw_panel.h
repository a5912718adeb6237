// The Draw panel (see draw_panel.cpp): its own state, and what it reads of the session.
#pragma once
#include <array>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/commands/commands.h"
#include "app/state/session.h"
#include "app/gfx/image_texture.h"
#include "app/views/why_view.h"
#include "engine/digit_preprocess.h"
#include "engine/ink.h"

// The Draw panel's own state: its textures, its overlays' switch, the test-image field's value.
// The drawing itself and its reading are the session's (Session::drawing).
struct DrawPanelState {
  uint64_t textures_version = ~uint64_t{0};  // the drawing's input_version the textures show
  bool show_preprocessing = true;  // overlays: the ink's box on the canvas, centre of mass on the input
  int test_index = 0;              // the "Or test X_test[...]" field
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
  const Session& session;
  const Datasets& data;
  const LiveModel& live;
  const Drawing& drawing_state;        // the ink, the input and its reading
  const dl::PreprocessedDigit& drawing;  // the input, as the network sees it
  Commands& commands;
  const PersonalDigits& personal;
  const dl::TrainerStatus& status;
};

void draw_draw_panel(DrawPanelState& state, const DrawPanelContext& ctx);
void write_draw_panel_status(const DrawPanelState& state, const Drawing& drawing, dl::lessons::JsonWriter& w);
std::unique_ptr<DrawPanelState> make_draw_panel_state();
