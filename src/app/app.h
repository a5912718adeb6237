// The page's UI, platform-neutral: platform_main.cpp owns SDL, GL and the main loop and calls
// init / frame; browser.h is the one bridge to JavaScript. App holds the state the panels share
// (the data, the trainer and its snapshot, the live model, notices, the current drawing), the
// commands a student can give, and each panel's own UI state. Panels get the narrow part of it
// they need (see each panel's header), never App itself.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/access/access.h"
#include "app/bridge/browser.h"
#include "app/commands/commands.h"
#include "app/gfx/look.h"
#include "app/state/personal_digits.h"
#include "engine/digit_preprocess.h"
#include "engine/trainer.h"
#include "lessons/json_writer.h"

// One dataset as it arrives from the page: each IDX file parsed by the engine's reader as soon as
// it is here (its raw bytes freed at once, so the heap holds one copy), paired once all four are.
struct DatasetArrival {
  std::vector<std::pair<std::string, dl::IdxArray>> parsed;  // by file name
  size_t received_bytes = 0;
  std::shared_ptr<const dl::Dataset> train, test;
  std::string error;       // a corrupt, missing or failed file, shown in the UI
  bool requested = false;  // its download was asked for
};

// The data the page trains and tests on: MNIST (downloaded at start) and, when chosen, another
// dataset in its format (Fashion-MNIST). `train`, `test`, `error` and `received_bytes` are the
// chosen one's, so panels read "the data" without caring which it is.
struct Datasets {
  dl::DatasetKind kind = dl::DatasetKind::mnist;
  std::array<DatasetArrival, 2> arrivals;  // by DatasetKind
  size_t received_bytes = 0;
  std::shared_ptr<const dl::Dataset> train, test;
  std::string error;
  bool ready() const { return train && test; }
  int test_count() const { return test ? test->count : 10000; }
  const dl::DatasetInfo& info() const { return dl::dataset_info(kind); }
  const char* class_name(int c) const { return info().class_names[static_cast<size_t>(c)]; }
  DatasetArrival& arrival(dl::DatasetKind k) { return arrivals[static_cast<size_t>(k)]; }
  // Points train / test / error at `kind`'s arrival.
  void show(dl::DatasetKind k);
};

// Where the live model's weights came from.
enum class ModelOrigin { none, training, file };

// The model the UI predicts with: a copy of the trainer's latest published weights (or of a
// loaded file), refreshed at most once per frame. The UI never touches training buffers.
struct LiveModel {
  dl::ModelKind kind = dl::ModelKind::mlp;
  std::unique_ptr<dl::Sequential> model;  // null until there are weights
  uint64_t trainer_version = 0;           // last trainer weights version copied
  ModelOrigin origin = ModelOrigin::none;
  std::string file_name;                  // origin file: the file it was loaded from
  dl::DatasetKind dataset = dl::DatasetKind::mnist;  // what it learnt to classify (its class names)
  uint64_t generation = 0;                // bumps whenever the weights change (views re-predict)

  bool ready() const { return model != nullptr; }
  // "training", "file: name" (for status() and messages).
  std::string origin_text() const;
  // Class probabilities for one 28x28 image in [0,1] (row-major). Requires ready().
  std::array<float, dl::kClassCount> predict(const float* image784);
  // Replaces the weights; builds a model of `kind` first if needed.
  dl::Status set_weights(dl::ModelKind kind, const std::vector<float>& weights, ModelOrigin origin,
                         std::string file_name = "");
};

// A one-line message for the student (an error of bad input, what a load did, ...).
struct Notices {
  std::string text;
  bool is_error = false;
  void show(std::string message, bool error) {
    text = std::move(message);
    is_error = error;
  }
  void dismiss() { text.clear(); }
};

// The views of the page (tabs of the workbench; on narrow screens, one at a time).
enum class View { train, draw, test, lessons };
const char* view_name(View view);  // "train", "draw", ...

struct TrainPanelState;
struct DrawPanelState;
struct TestPanelState;
struct ModelFilesState;
struct TimeMachineState;
struct CompareState;
struct LessonViews;  // app/views/lessons/lessons_panel.h

struct App {
  App();
  ~App();

  Datasets data;
  dl::Trainer trainer;
  LiveModel live;
  dl::TrainerStatus status;  // this frame's trainer snapshot
  Notices notices;
  // The Draw panel's current input, as the network sees it (other views may show it too).
  dl::PreprocessedDigit drawing;
  PersonalDigits personal;  // the student's own labelled digits

  View active_view = View::draw;      // the view shown (in the wide layout: the workbench's tab)
  // An embed link ("#embed/lesson/conv?step=40") opened the page: that view alone, for a frame in
  // another page (a course page), with a link to the whole of digitlab.
  std::optional<View> embedded;
  std::optional<View> requested_view;  // a link or a command selects it next frame

  // The look for this screen (look.h): chosen from the canvas' CSS width every frame, so a resize
  // or a rotation re-lays the page without touching any state.
  Layout layout = Layout::wide;
  float text_size = 0;  // CSS px; 0 until the first frame picks the saved or the screen's default
  bool touch = false;   // a coarse pointer, or the last press came from a finger: big targets
  bool help_open = false;  // the keyboard shortcuts' overlay
  bool focus_other_pane = false;  // F6: the keyboard focus moves to the other window next frame
  bool focus_train = false;       // the first frame gives the Train window the keyboard focus
  bool focus_workbench = false;   // a view's key: the workbench takes the keyboard focus next frame
  bool focus_view_tab = false;    // ...and its tab, so Tab goes on from there

  std::unique_ptr<TrainPanelState> train_panel;
  std::unique_ptr<DrawPanelState> draw_panel;
  std::unique_ptr<TestPanelState> test_panel;
  std::unique_ptr<ModelFilesState> model_files;
  std::unique_ptr<TimeMachineState> time_machine;
  // Two runs side by side: run B's trainer (made when first needed), its status this frame, and
  // whether it belongs to the current run.
  std::unique_ptr<CompareState> compare;
  std::unique_ptr<dl::Trainer> comparison;
  dl::TrainerStatus comparison_status;
  bool comparing = false;
  std::vector<dl::WeightSnapshot> history;  // the trainer's snapshots, taken each frame
  std::unique_ptr<LessonViews> lessons;
  Commands commands{*this};
  AccessLayer access;

  // Before ImGui::NewFrame: the layout, text size and pointer for a display of `css_width` x
  // `css_height` (the platform rebuilds fonts and style when they change).
  void prepare_frame(float css_width, float css_height);
  void frame();  // once per browser frame, between ImGui::NewFrame and ImGui::Render
  void write_status(dl::lessons::JsonWriter& w) const;  // the app's fields of window.digitlab.status()

 private:
  void receive_data();
  void receive_link();
  void receive_files();
  void write_personal_status(dl::lessons::JsonWriter& w) const;  // picked or dropped: IDX files to the personal set, the rest are models
  void sync_live_model();
  void draw_windows();
  void draw_wide(const struct PanelContexts& panels);
  void draw_single_pane(const struct PanelContexts& panels);
  void draw_embedded(const struct PanelContexts& panels);
  bool begin_whole_display(const char* name);
  void draw_view(View view, const struct PanelContexts& panels);
  void draw_view_tabs(std::initializer_list<View> views);
  void draw_notice();
};
