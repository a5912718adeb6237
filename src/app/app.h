// The page's UI, platform-neutral: platform_main.cpp owns SDL, GL and the main loop and calls
// init / frame / shutdown. App holds the shared state every panel reads (the data, the trainer,
// the live model); each panel keeps its own UI state in its struct and has one draw_* function.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/automation.h"
#include "app/dataset_inbox.h"
#include "engine/trainer.h"

// MNIST as it arrives from the page: raw IDX bytes, parsed by the engine's reader once all
// four files are here.
struct MnistData {
  std::vector<dataset_inbox::File> files;
  size_t received_bytes = 0;
  std::shared_ptr<const dl::Dataset> train, test;
  std::string error;  // a corrupt or missing file, shown in the UI
  bool ready() const { return train && test; }
};

// The model the UI predicts with: a copy of the trainer's latest published weights (or of a
// loaded file), refreshed at most once per frame. The UI never touches training buffers.
struct LiveModel {
  dl::ModelKind kind = dl::ModelKind::mlp;
  std::unique_ptr<dl::Sequential> model;  // null until there are weights
  uint64_t trainer_version = 0;           // last trainer weights version copied
  std::string source;                     // "training", "file: name", ...
  uint64_t generation = 0;                // bumps whenever the weights change (views re-predict)

  bool ready() const { return model != nullptr; }
  // Probabilities for one 28x28 image in [0,1] (row-major). Requires ready().
  std::array<float, 10> predict(const float* image784);
  // Replaces the weights; builds a model of `kind` first if needed.
  dl::Status set_weights(dl::ModelKind kind, const std::vector<float>& weights, const std::string& source);
};

struct TrainPanelState;
struct DrawPanelState;
struct TestPanelState;
struct ModelFilesState;
struct LessonViews;  // app/lessons/lessons_panel.h

struct App {
  App();
  ~App();

  MnistData data;
  dl::Trainer trainer;
  LiveModel live;
  dl::TrainerStatus status;  // this frame's trainer snapshot
  std::string notice;        // a one-line message for the user (errors of bad input etc.)
  bool notice_is_error = false;

  // The right-hand workbench's tabs; a request (a deep link, a test) selects one next frame.
  enum class Tab { draw, test, lessons };
  Tab active_tab = Tab::draw;
  std::optional<Tab> requested_tab;

  std::unique_ptr<TrainPanelState> train_panel;
  std::unique_ptr<DrawPanelState> draw_panel;
  std::unique_ptr<TestPanelState> test_panel;
  std::unique_ptr<ModelFilesState> model_files;
  std::unique_ptr<LessonViews> lessons;

  void init();      // after the ImGui context and backends exist
  void frame();     // once per browser frame, between ImGui::NewFrame and ImGui::Render
  void shutdown();  // before the ImGui context goes away
  void write_status(dl::lessons::JsonWriter& w) const;  // the app's fields of window.digitlab.status()

  void show_notice(std::string text, bool is_error);

 private:
  void receive_data();
  void sync_live_model();
  void draw_windows();
};

// Panels (one file each). Layout: a "Train" window fills the left column; a "Workbench" window
// on the right has tabs Draw / Test / Lessons. App::frame creates those windows and tabs; each
// draw_* function draws the content of its window or tab (no Begin/End of its own, except
// popups) and records automation labels for the widgets a test clicks.
void draw_train_panel(App& app, TrainPanelState& state);
void draw_draw_panel(App& app, DrawPanelState& state);
void draw_test_panel(App& app, TestPanelState& state);
void draw_model_files(App& app, ModelFilesState& state);
void draw_lessons_panel(App& app);  // lessons_panel.cpp; its wiring is in app/lessons/lessons_panel.h
void write_train_panel_status(const TrainPanelState& state, dl::lessons::JsonWriter& w);
void write_draw_panel_status(const DrawPanelState& state, dl::lessons::JsonWriter& w);
void write_test_panel_status(const TestPanelState& state, dl::lessons::JsonWriter& w);
std::unique_ptr<TrainPanelState> make_train_panel_state();
std::unique_ptr<DrawPanelState> make_draw_panel_state();
std::unique_ptr<TestPanelState> make_test_panel_state();
std::unique_ptr<ModelFilesState> make_model_files_state();
