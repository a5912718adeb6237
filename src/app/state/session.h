// The page's state, below every view: the data, the trainers and their snapshots, the live model,
// the notice line, where the student is (view, lesson, step), the next runs' setups (A and B), the
// drawing and its reading, the chosen test image, the time machine's selection, the student's own
// digits and a model file on its way in. No ImGui, SDL or GL: commands change it (commands/), views
// read it as const (views/), the accessible layer reads it (access/), and it is tested natively.
// The rules that several of them ask ("is a run going on?") are functions in rules.h.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/bridge/browser.h"
#include "app/state/exercises.h"
#include "app/state/path.h"
#include "app/state/view.h"
#include "app/state/data.h"
#include "app/state/lesson_navigation.h"
#include "app/state/personal_digits.h"
#include "app/state/screen.h"
#include "app/state/snapshot_reading.h"
#include "app/state/test_predictions.h"
#include "engine/digit_preprocess.h"
#include "engine/ink.h"
#include "engine/trainer.h"

// The Train panel's lower half.
enum class TrainPane { curves, epochs, summary, time_machine, compare };
const char* train_pane_name(TrainPane pane);  // "curves", ..., "time machine", "two runs"

// Where the student is, and where the keyboard goes next.
struct Navigation {
  View active_view = View::draw;  // the view shown (in the wide layout: the workbench's tab)
  // An embed link ("#embed/lesson/conv?step=40") opened the page: that view alone, for a frame in
  // another page (a course page), with a link to the whole of digitlab.
  std::optional<View> embedded;
  std::optional<View> requested_view;  // a link or a command selects it next frame
  std::optional<TrainPane> requested_train_pane = TrainPane::summary;  // Train switches to the curves
  bool help_open = false;         // the keyboard shortcuts' overlay
  bool focus_other_pane = false;  // F6: the keyboard focus moves to the other pane next frame
  bool focus_train = false;       // the first frame gives the Train window the keyboard focus
  bool focus_workbench = false;   // a view's key: the workbench takes the keyboard focus next frame
  bool focus_view_tab = false;    // ...and its tab, so Tab goes on from there
};

// The settings of the next press of Train (run A). The defaults reach >= 90% validation accuracy
// within about 15 s of pressing Train in a browser tab (the workshop's MLP with Adam; measured by
// tests/e2e/train.test.mjs). Only the learning rate may change while a run goes on.
struct RunSetup {
  dl::ModelKind model = dl::ModelKind::mlp;
  dl::OptimizerKind optimizer = dl::OptimizerKind::adam;
  float learning_rate = dl::OptimizerConfig::defaults(dl::OptimizerKind::adam).learning_rate;
  int batch_size = 64;
  int epochs = 5;
  int threads = 1;      // for_this_device(): the device's cores but one
  int max_threads = 1;  // min(cores, 16) with threads (the page's worker pool is sized the same), else 1

  static RunSetup for_this_device();
  // The workshop's fit() settings for the model: its MLP cell trains with batches of 64 for 5
  // epochs, its CNN cell with batches of 32 for 2 epochs.
  void apply_workshop_fit();
};

// A quick validation (1,000 test images, ~0.1 s for the MLP) every 5,000 samples instead of the
// trainer's 10,000: the curve gets its first validation point within a couple of seconds, which
// is what a student watching the first epoch wants to see.
inline constexpr int kQuickValidationEvery = 5000;
// The trainer's configuration for a setup.
dl::TrainerConfig trainer_config(const RunSetup& setup);

// Run B of two runs side by side: what it changes from A (choices.h has the ranges).
struct ComparisonSetup {
  dl::OptimizerKind optimizer = dl::OptimizerKind::sgd;
  float learning_rate = dl::OptimizerConfig::defaults(dl::OptimizerKind::sgd).learning_rate;
  int batch_size = 64;
  bool relu = false;   // the hidden dense layers: ReLU instead of the workshop's sigmoid
  float dropout = -1;  // -1: the workshop's (MLP none, CNN 0.2)
};

// The Draw panel's input: the ink (or, for a keyboard, a test image instead), the 28 x 28 the
// network sees (the engine's MNIST-style preprocessing) and its reading by the live model. Kept
// current every frame whichever view is shown (update_drawing).
struct Drawing {
  // The ink's coverage on a 280x280 grid (ten grid pixels per MNIST pixel), whatever size the
  // canvas is shown at; preprocessing reads it from there.
  dl::InkCanvas ink;
  float brush_radius = 11.0f;  // ink-grid pixels; about an MNIST pen stroke when the digit fills the canvas
  int test_image = -1;  // X_test[test_image] as the input instead of the ink (-1: none); the next stroke ends it
  int test_index = 0;   // the accessible field's value

  dl::PreprocessedDigit input;              // as the network sees it
  uint64_t input_version = 0;               // bumps when `input` changes (views refresh their textures)
  uint64_t derived_from = ~uint64_t{0};     // ink.version() the input was derived from
  bool has_reading = false;
  uint64_t read_generation = 0;             // live.generation the reading was made with
  std::array<float, dl::kClassCount> probabilities{};
  int prediction = -1;
};

// classify_single_image(X[index]) in the Test panel: which image, and the live model's answer.
struct TestChoice {
  enum class Set { train, test, personal };  // personal: the student's own digits
  Set set = Set::train;
  int index = 2;  // the workshop's first example: X_train[2], a 4
  // What is shown now (clamped to the set), re-predicted when the image or the weights change.
  struct Shown {
    Set set = Set::train;
    int index = -1;
    int label = -1;
    bool has_prediction = false;
    uint64_t generation = 0;
    int prediction = -1;
    std::array<float, dl::kClassCount> probabilities{};
    uint64_t personal_version = 0;  // of the personal set, when that is the set shown
    const dl::Dataset* dataset = nullptr;  // the set it is from (another dataset chosen: shown again)
    uint64_t version = 0;  // bumps with every new image (the view remakes its texture)
  } shown;
};

// The time machine's selection over the trainer's snapshots.
struct TimeMachineSelection {
  bool follow = true;  // the scrubber stays on the latest snapshot until the student moves it
  int selected = 0;    // index into the history
  long long watched = -1;  // the flat parameter index whose updates the trainer records (-1: the view picks)
};

// A model file on its way in: a loaded model that becomes the live model once the trainer is idle
// (until then it could still publish weights over it).
struct ModelLoading {
  struct PendingLoad {
    std::string file_name;
    dl::ModelKind kind = dl::ModelKind::mlp;
    std::vector<float> weights;
    dl::DatasetKind dataset = dl::DatasetKind::mnist;
  };
  std::optional<PendingLoad> pending;
};

struct Session {
  Session();
  ~Session();

  Datasets data;
  dl::Trainer trainer;
  dl::TrainerStatus status;  // this frame's snapshot of the trainer
  LiveModel live;
  Notices notices;
  Navigation nav;
  float text_size = 0;  // CSS px; 0 until the first frame picks the saved or the screen's default
  ThemeChoice theme_choice = ThemeChoice::system;  // the first frame reads the saved one

  RunSetup run;
  // Train (or Fine-tune, Continue) was pressed and the trainer thread has not reported the run yet:
  // keeps the buttons from offering a second start in the frames in between.
  bool start_requested = false;
  ComparisonSetup comparison_setup;
  std::unique_ptr<dl::Trainer> comparison;  // run B's trainer, made when first needed
  dl::TrainerStatus comparison_status;
  bool comparing = false;  // B exists and belongs to the current run

  std::vector<dl::WeightSnapshot> history;  // the trainer's snapshots, taken each frame
  TimeMachineSelection time_machine;
  SnapshotReading snapshot;  // the model at the selected snapshot (while the time machine is shown)
  std::shared_ptr<const dl::ValidationReport> report;  // the trainer's last full validation
  TestPredictions predictions;  // the live model's answers for the test set and the student's digits
  Drawing drawing;
  TestChoice test_choice;
  LessonNavigation lessons;
  Exercises exercises;  // "Predict first": the lessons' questions and scores
  PathProgress path;    // "Start here": the workshop's path
  bool exercises_loaded = false;  // the mode and scores read from the browser
  PersonalDigits personal;
  ModelLoading loading;

  double now = 0;  // seconds, the frame's clock (passed in by update)

  // Once per frame, before anything reads it: the data that arrived, the trainers' snapshots, the
  // live model, and every derived state (the drawing's reading, the chosen test image's, a
  // deep-linked lesson step, a model file waiting for the trainer to stop). `lesson_shown`: the
  // Lessons view is on screen (only then does a playing lesson advance).
  void update(double now_seconds, bool lesson_shown);
  // The derived parts alone (tests call them after a command).
  void update_derived(double frame_seconds = 0, bool lesson_shown = false);

 private:
  void receive_data();
  void sync_live_model();
};

// The workshop path's checkpoints (state/path.h): whether stop `stop`'s holds now, in the session's
// state; and, every frame, the current stop's marked met when it holds (remembered, never unmarked),
// true when just now.
bool checkpoint_met(const Session& session, int stop);
bool update_path(Session& session);

// The drawing's input from its ink (or test image), and its reading by the live model: cheap when
// nothing changed.
void update_drawing(Drawing& drawing, const Datasets& data, const LiveModel& live);
// The chosen test image's answer: cheap when nothing changed.
void update_test_choice(TestChoice& choice, const Datasets& data, const LiveModel& live, const PersonalDigits& personal);
// The dataset a TestChoice::Set names (nullptr while it is not here).
const dl::Dataset* dataset_of(const Datasets& data, const PersonalDigits& personal, TestChoice::Set set);

// Model files: a picked or dropped file read and checked completely (decode, recognise, load into
// a model of its own) before anything changes; what it is when it is no model ("a PNG image").
dl::Result<ModelLoading::PendingLoad> read_model_file(const browser::ReceivedFile& file, const std::string& name);
// A read model made the live model, saying so in the notice (or why not: the live model stays).
void install_model(Session& session, ModelLoading::PendingLoad load, bool stopped_training);
const char* model_display_name(dl::ModelKind kind);  // "MLP", "CNN"
// "Live model: MLP, from training (669,706 parameters)", or what to do when there is none.
std::string describe_live_model(const LiveModel& live);
