// The Train panel's UI state (see train_panel.cpp): the settings for the next run, which view of
// the lower half is shown, and what the last frame displayed (reported to window.digitlab).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"

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
  enum class View { curves, epochs, summary };
  View view = View::summary;
  std::optional<View> requested_view = View::summary;

  // What the last frame showed, for status() (tests check the labels match the numbers).
  const char* shown_validation = "none";  // "none", "quick" or "full"
  int shown_validation_images = 0;
  size_t shown_train_points = 0, shown_validation_points = 0;
  std::vector<double> shown_epoch_val_accuracy;  // the Epochs table's val_acc column
};
