// The time machine's model: the run's weights at the selected snapshot (shared with the trainer's
// history), its answer for the drawing, and its accuracy on the quick set (the first test images,
// as the trainer's quick validation), measured a batch per frame within a budget and remembered
// per snapshot.
#pragma once
#include <array>
#include <map>
#include <vector>

#include "app/state/data.h"
#include "engine/digit_preprocess.h"
#include "engine/trainer.h"

struct SnapshotReading {
  LiveModel model;
  const std::vector<float>* shown = nullptr;  // the snapshot the model holds
  uint64_t version = 0;                       // bumps with every snapshot loaded (the view redraws its filters)
  std::array<float, dl::kClassCount> probabilities{};
  bool has_prediction = false;
  std::array<float, 28 * 28> predicted_input{};  // the drawing the prediction is for
  double show_ms = 0;  // main-thread time to load a newly chosen snapshot and read the drawing

  std::map<const std::vector<float>*, double> accuracy;  // per snapshot's weights
  const std::vector<float>* measuring = nullptr;
  int measured = 0, measured_right = 0;
  double measure_started = 0, last_measure_seconds = 0;
};

// The quick set's size: the trainer's quick validation's.
int quick_set_size();
// While the time machine is on screen: the selected snapshot loaded, the drawing read, and the
// quick set's accuracy advanced. Forgets what belonged to snapshots the history let go.
void update_snapshot_reading(SnapshotReading& r, const std::vector<dl::WeightSnapshot>& history, int selected,
                             dl::ModelKind kind, const dl::PreprocessedDigit& drawing, const Datasets& data);
