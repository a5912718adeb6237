// The student's own digits ("teach it my handwriting"): a labelled set kept in the browser across
// visits (localStorage, as MNIST's IDX bytes), exported and imported as IDX files, and the
// fine-tuning that learns them (the trainer's run, augmented and mixed with an MNIST replay).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/bridge/browser.h"
#include "engine/dataset.h"
#include "engine/digit_preprocess.h"
#include "engine/trainer.h"

struct PersonalDigits {
  dl::Dataset set;           // 28 x 28 bytes each, labels 0-9
  uint64_t version = 0;      // bumps with every change (views re-predict and redraw)
  bool loaded = false;       // read from the browser's storage (once, at start)
  std::string storage_note;  // why it could not be read back, if it could not
  // An imported images file waiting for its labels file (or the other way round).
  std::optional<dl::IdxArray> imported_images, imported_labels;
  // The last file refused and when: its partner, picked with it, is not kept waiting for it.
  std::string failed_import;
  double failed_import_at = -1e9;

  dl::FineTuneReport last_fine_tune;  // the last fine-tuning's figures (kept after Reset)
  double fine_tune_started = -1;      // seconds_now() the running one began; -1: none
  double last_fine_tune_seconds = 0;  // the last one's wall time, from its start to its figures

  // Forgetting loses the set: the first press arms it, a second within kForgetWindow forgets.
  static constexpr double kForgetWindow = 5.0;
  double forget_armed_at = -1e9;
  bool forget_armed() const;

  int count_of(int label) const;
};

double seconds_now();  // a steady clock, in seconds
// Keeps the last fine-tuning's figures and time from the trainer's status (each frame).
void follow_fine_tune(PersonalDigits& p, const dl::TrainerStatus& status);


// Reads the set saved by an earlier visit; after every change, keeps it (bumps `version` and
// writes the browser's copy).
void load_personal_digits(PersonalDigits& p);
void save_personal_digits(PersonalDigits& p);

// A picked or dropped file that is one of MNIST's IDX files (its name says so, or its first bytes).
bool is_idx_file(const browser::ReceivedFile& file);
// One IDX file into the set: an images file waits for its labels file (in either order), then
// the pair is checked (28 x 28 images, labels 0-9, as many of each) and appended. What happened,
// for the notice.
struct ImportOutcome {
  std::string message;
  bool error = false;
};
ImportOutcome import_idx_file(PersonalDigits& p, const browser::ReceivedFile& file);

// The drawing as a personal example: its network input (0..1) back to bytes.
void add_drawing(PersonalDigits& p, const dl::PreprocessedDigit& drawing, int label);


