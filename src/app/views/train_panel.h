// The Train panel's UI state (see train_panel.cpp): the settings for the next run, which view of
// the lower half is shown, and what the last frame displayed (reported to window.digitlab); and
// the narrow part of the app it reads.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/views/compare_view.h"
#include "app/views/time_machine.h"
#include "app/state/train_settings.h"

// A quick validation (1,000 test images, ~0.1 s for the MLP) every 5,000 samples instead of the
// trainer's 10,000: the curve gets its first validation point within a couple of seconds, which
// is what a student watching the first epoch wants to see.
inline constexpr int kQuickValidationEvery = 5000;

// model.summary() of one workshop model, built once without weights.
struct ModelSummary {
  dl::Shape input_shape;
  std::vector<dl::SummaryRow> rows;
  size_t total_params = 0;
};

struct TrainPanelState {
  // Settings for the next press of Train. The defaults reach >= 90% validation accuracy within
  // about 15 s of pressing Train in a browser tab (the workshop's MLP with Adam; measured by
  // tests/e2e/train.test.mjs). Only the learning rate may change while a run goes on.
  dl::ModelKind model = dl::ModelKind::mlp;
  dl::OptimizerKind optimizer = dl::OptimizerKind::adam;
  float learning_rate = 0.001f;  // Keras' default for Adam
  int batch_size = 64;
  int epochs = 5;
  int threads = 1;      // set from the device's cores by make_train_panel_state
  int max_threads = 1;  // min(cores, 16): the page's worker pool is sized the same way

  ModelSummary mlp_summary, cnn_summary;

  // Train was pressed but the trainer thread has not reported the run yet: keeps the buttons
  // from offering a second start in the frames in between.
  bool start_requested = false;

  // The lower half's views; Train switches to the curves, the summary shows before any run.
  enum class Pane { curves, epochs, summary, time_machine, compare };
  Pane view = Pane::summary;
  std::optional<Pane> requested_view = Pane::summary;

  // What the last frame showed, for status() (tests check the labels match the numbers).
  const char* shown_validation = "none";  // "none", "quick" or "full"
  int shown_validation_images = 0;
  size_t shown_train_points = 0, shown_validation_points = 0;
  std::vector<double> shown_epoch_val_accuracy;  // the Epochs table's val_acc column
};

// What the Train panel reads of the app, and how it acts on it.
struct TrainPanelContext {
  const dl::TrainerStatus& status;
  const Datasets& data;
  Commands& commands;
  float reserved_below = 0;  // height the window keeps under the panel (model files, notice)
  const TimeMachineContext* time_machine = nullptr;
  const CompareContext* compare = nullptr;
};

void draw_train_panel(TrainPanelState& state, const TrainPanelContext& ctx);
void write_train_panel_status(const TrainPanelState& state, dl::lessons::JsonWriter& w);
std::unique_ptr<TrainPanelState> make_train_panel_state();
// The workshop's fit() settings for a model: its MLP cell trains with batches of 64 for 5 epochs,
// its CNN cell with batches of 32 for 2 epochs.
void apply_workshop_fit(TrainPanelState& state);
