// The live model's answers for the whole test set (the Test panel's gallery marks and confusion
// matrix) and for the student's own digits. Test-set answers come from the trainer's validation
// after each epoch when the live model is the one training; otherwise they are computed here with
// the live model, a batch at a time within a small budget per frame, the images on screen first.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "app/state/data.h"
#include "app/state/personal_digits.h"
#include "engine/trainer.h"

struct TestPredictions {
  enum class Source { none, validation, live };
  Source source = Source::none;
  ModelOrigin live_origin = ModelOrigin::none;  // the live model the predictions belong to
  std::string live_file;
  std::shared_ptr<const dl::ValidationReport> report;  // the adopted validation (source validation)
  std::vector<int8_t> predicted;                       // per test image; -1 not predicted yet
  std::vector<uint8_t> fresh;                          // live: predicted with the current weights
  int fresh_count = 0;
  uint64_t generation = 0;                             // live weights the fresh ones were made with
  int sweep_next = 0;                                  // the background sweep's next image
  double page_predicted_at = -1e9;                     // seconds; while training, pages refresh slowly
  bool has_confusion = false;                          // every test image has a prediction
  bool confusion_stale = false;                        // live weights changed since it was counted
  dl::ConfusionMatrix confusion{};                     // [true][predicted]
  uint64_t version = 0;                                // bumps when `confusion` is recounted
  uint64_t resets = 0;                                 // bumps when they start over (a new model or test set)
  const dl::Dataset* test_set = nullptr;               // the test set all of the above belongs to

  // The student's digits.
  std::vector<int8_t> personal;                        // -1: not predicted yet
  uint64_t personal_version = ~uint64_t{0}, personal_generation = ~uint64_t{0};
  int personal_next = 0;
};

// Each frame: adopts the trainer's validation or follows the live model's weights (cheap); with
// `sweep`, also predicts within the frame's budget, `shown_first` (the images on screen) first.
void update_test_predictions(TestPredictions& p, const Datasets& data, const LiveModel& live,
                             const std::shared_ptr<const dl::ValidationReport>& report, bool trainer_busy,
                             std::span<const int> shown_first, bool sweep);
// The student's digits, a few per frame, redone when the digits or the weights change.
void update_personal_predictions(TestPredictions& p, const PersonalDigits& personal, const LiveModel& live);
