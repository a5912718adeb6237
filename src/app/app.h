// The page's UI, platform-neutral: platform_main.cpp owns SDL, GL and the main loop and calls
// prepare_frame / frame; bridge/browser.h is the one bridge to JavaScript. App is the top floor:
// it owns the session (state/), the commands (commands/), the accessible layer (access/) and each
// view's drawing state (views/), and lays out the windows. Views get the session as const and the
// commands (see each view's header), never App itself.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/access/access.h"
#include "app/commands/commands.h"
#include "app/gfx/look.h"
#include "app/state/session.h"
#include "lessons/json_writer.h"

struct TrainPanelState;
struct DrawPanelState;
struct TestPanelState;
struct ModelFilesState;
struct TimeMachineState;
struct LessonViews;  // app/views/lessons/lessons_panel.h

struct App {
  App();
  ~App();

  Session session;  // the page's state (state/session.h)
  Commands commands{session};
  AccessLayer access;

  // The look for this screen (look.h): chosen from the canvas' CSS width every frame, so a resize
  // or a rotation re-lays the page without touching any state.
  Layout layout = Layout::wide;
  bool touch = false;  // a coarse pointer, or the last press came from a finger: big targets
  bool light_theme = false;  // the theme chosen, or the system's (the platform remakes the style)

  // Each view's own drawing state (textures, scroll, paging): nothing the page's logic reads.
  std::unique_ptr<TrainPanelState> train_panel;
  std::unique_ptr<DrawPanelState> draw_panel;
  std::unique_ptr<TestPanelState> test_panel;
  std::unique_ptr<ModelFilesState> model_files;
  std::unique_ptr<TimeMachineState> time_machine;
  std::unique_ptr<LessonViews> lessons;

  // Before ImGui::NewFrame: the layout, text size and pointer for a display of `css_width` x
  // `css_height` (the platform rebuilds fonts and style when they change).
  void prepare_frame(float css_width, float css_height);
  void frame();  // once per browser frame, between ImGui::NewFrame and ImGui::Render
  void write_status(dl::lessons::JsonWriter& w) const;  // the app's fields of window.digitlab.status()

 private:
  void receive_link();
  void receive_files();
  void write_personal_status(dl::lessons::JsonWriter& w) const;
  void draw_windows();
  void draw_wide(const struct PanelContexts& panels);
  void draw_single_pane(const struct PanelContexts& panels);
  void draw_embedded(const struct PanelContexts& panels);
  bool begin_whole_display(const char* name);
  void draw_view(View view, const struct PanelContexts& panels);
  void draw_view_tabs(std::initializer_list<View> views);
  void draw_notice();
  void draw_path_strip();  // Start here: the workshop path's stop, its goal and the way on
};
