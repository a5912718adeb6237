// The rules more than one part of the page asks, each written once: the widget that greys out, the
// accessible control that says "disabled", the shortcut and the command that refuses all read the
// same answer here.
#pragma once
#include <string>

#include "app/state/session.h"

// Batches are being computed (training or validating) for the trainer `status` describes.
inline bool trainer_running(const dl::TrainerStatus& status) {
  return status.phase == dl::TrainerPhase::training || status.phase == dl::TrainerPhase::validating;
}

// A run exists and has not finished (running, paused, or stopped by a diverged step), or Train was
// pressed and the trainer has not taken it yet: the next run's model and settings are fixed until
// Reset; only the learning rate still applies to the run.
inline bool run_in_progress(const Session& s) {
  const dl::TrainerPhase phase = s.status.phase;
  return trainer_running(s.status) || phase == dl::TrainerPhase::paused || phase == dl::TrainerPhase::failed ||
         s.start_requested;
}

// Train, Train both, a setup link: a new run can start (none in progress, the data is here).
inline bool can_start_run(const Session& s) { return !run_in_progress(s) && s.data.ready(); }

// Pause, Resume and Reset.
inline bool can_pause(const Session& s) { return trainer_running(s.status); }
inline bool can_resume(const Session& s) {
  return s.status.phase == dl::TrainerPhase::paused || s.status.phase == dl::TrainerPhase::failed;
}
inline bool can_reset(const Session& s) { return s.status.phase != dl::TrainerPhase::idle || s.start_requested; }

// Fine-tune: why it cannot run now ("" when it can). A paused, finished or diverged run does not
// stand in the way: fine-tuning ends it and keeps the live model's weights.
inline std::string fine_tune_obstacle(const Session& s) {
  if (trainer_running(s.status) || s.start_requested) return "A training run is going on: pause it first.";
  if (!s.live.ready() || s.live.dataset != dl::DatasetKind::mnist || !s.data.ready() ||
      s.data.kind != dl::DatasetKind::mnist)
    return "Fine-tuning needs a model trained on MNIST (and MNIST chosen as the data): train one first.";
  if (s.personal.set.count == 0)
    return "Add a few drawings first: draw a digit, then press its number under \"This is a\".";
  return "";
}
inline bool can_fine_tune(const Session& s) { return fine_tune_obstacle(s).empty(); }

// A step of the paused run, for the time machine's anatomy of one update.
inline bool can_step_once(const Session& s) { return s.status.phase == dl::TrainerPhase::paused; }
