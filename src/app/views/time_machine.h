// The training time machine, a view of the Train panel: a scrubber over the run's weight
// snapshots (the trainer's WeightHistory) showing the model as it was at that step (its answer
// for the drawing, its first layer's weights as images, its accuracy on the quick set, measured
// on demand and remembered), "continue from here", and the anatomy of one update (a watched
// weight's gradient, optimizer state and update, from the optimizer's own code, while paused).
#pragma once
#include <array>
#include <map>
#include <vector>

#include "app/commands/commands.h"
#include "app/state/session.h"
#include "app/gfx/image_texture.h"

// The time machine's own state: the model at the selected snapshot (the selection is the
// session's), the filters it draws, and the accuracies it measured.
struct TimeMachineState {
  // The model at the selected snapshot (its weights are shared with the history).
  LiveModel model;
  const std::vector<float>* shown = nullptr;  // the snapshot the model holds
  std::array<float, dl::kClassCount> probabilities{};
  bool has_prediction = false;
  std::array<float, 28 * 28> predicted_input{};  // the drawing the prediction is for
  ImageTexture filters;  // the first layer's weights, tiled
  int filter_tiles = 0, filter_columns = 0, filter_size = 0;
  float filter_range = 0;
  double show_ms = 0;  // main-thread time to show a newly chosen snapshot (weights, answer, filters)

  // Quick-set accuracy per snapshot, measured a few images per frame on demand.
  std::map<const std::vector<float>*, double> accuracy;
  const std::vector<float>* measuring = nullptr;
  int measured = 0, measured_right = 0;
  double measure_started = 0, last_measure_seconds = 0;

  // The anatomy of one update: the watched parameter tensor and element.
  int watch_view = 0, watch_element = -1;  // -1: a weight of the middle pixel (its gradient is not 0)
};

struct TimeMachineContext {
  TimeMachineState& state;
  const TimeMachineSelection& selection;
  const std::vector<dl::WeightSnapshot>& history;
  const dl::TrainerStatus& status;
  const Datasets& data;
  const dl::PreprocessedDigit& drawing;
  Commands& commands;
};

void draw_time_machine(const TimeMachineContext& ctx);
void write_time_machine_status(const TimeMachineState& state, const TimeMachineSelection& selection,
                               const std::vector<dl::WeightSnapshot>& history,
                               dl::lessons::JsonWriter& w);
