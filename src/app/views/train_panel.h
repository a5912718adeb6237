// The Train panel (see train_panel.cpp): its own drawing state, and what it reads of the session.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/commands/commands.h"
#include "app/state/session.h"
#include "app/views/compare_view.h"
#include "app/views/time_machine.h"
#include "app/state/train_settings.h"

// model.summary() of one workshop model, built once without weights.
struct ModelSummary {
  dl::Shape input_shape;
  std::vector<dl::SummaryRow> rows;
  size_t total_params = 0;
};

// The Train panel's own drawing state: the model summaries it shows, which view of the lower half
// is shown, and what the last frame displayed (reported to window.digitlab). The next run's
// settings are the session's (Session::run).
struct TrainPanelState {
  ModelSummary mlp_summary, cnn_summary;
  TrainPane view = TrainPane::summary;

  // What the last frame showed, for status() (tests check the labels match the numbers).
  const char* shown_validation = "none";  // "none", "quick" or "full"
  int shown_validation_images = 0;
  size_t shown_train_points = 0, shown_validation_points = 0;
  std::vector<double> shown_epoch_val_accuracy;  // the Epochs table's val_acc column
};

// What the Train panel reads of the app, and how it acts on it.
struct TrainPanelContext {
  const Session& session;
  const RunSetup& run;  // the next run's settings
  const dl::TrainerStatus& status;
  const Datasets& data;
  Commands& commands;
  float reserved_below = 0;  // height the window keeps under the panel (model files, notice)
  const TimeMachineContext* time_machine = nullptr;
  const CompareContext* compare = nullptr;
};

void draw_train_panel(TrainPanelState& state, const TrainPanelContext& ctx);
void write_train_panel_status(const TrainPanelState& state, const RunSetup& run, dl::lessons::JsonWriter& w);
std::unique_ptr<TrainPanelState> make_train_panel_state();
