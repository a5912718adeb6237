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
// The time machine's own drawing state: the first layer's weights as a texture, and which weight
// the anatomy's picker shows. The selection and the snapshot's model are the session's.
struct TimeMachineState {
  ImageTexture filters;  // the first layer's weights, tiled
  uint64_t filters_version = ~uint64_t{0};  // SnapshotReading::version they were made from
  int filter_tiles = 0, filter_columns = 0, filter_size = 0;
  float filter_range = 0;
  int watch_view = 0, watch_element = -1;  // -1: a weight of the middle pixel (its gradient is not 0)
};

struct TimeMachineContext {
  TimeMachineState& state;
  const TimeMachineSelection& selection;
  const SnapshotReading& reading;
  const std::vector<dl::WeightSnapshot>& history;
  const dl::TrainerStatus& status;
  const Datasets& data;
  const dl::PreprocessedDigit& drawing;
  Commands& commands;
};

void draw_time_machine(const TimeMachineContext& ctx);
void write_time_machine_status(const TimeMachineState& state, const Session& session, dl::lessons::JsonWriter& w);
