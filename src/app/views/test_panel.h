// The Test panel's UI state (see test_panel.cpp) and the narrow part of the app it reads.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/commands/commands.h"
#include "app/state/session.h"
#include "app/gfx/image_texture.h"

struct TestPanelState {
  // ---- classify_single_image(X[index]): the image is the session's (TestChoice) ----
  ImageTexture image;
  uint64_t image_version = ~uint64_t{0};  // TestChoice::Shown::version the texture shows

  // ---- Predictions for the 10,000 test images (gallery marks and confusion matrix) ----
  // From the trainer's validation after each epoch when the live model is the one training;
  // otherwise computed here with the live model, a few images per frame within a time budget.
  enum class Source { none, validation, live };
  Source source = Source::none;
  ModelOrigin live_origin = ModelOrigin::none;         // the live model the predictions belong to
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
  uint64_t predictions_version = 0;                    // bumps when `confusion` is recounted

  // ---- Gallery of test images, paged, optionally filtered ----
  enum class Filter { all, mistakes, cell };
  Filter filter = Filter::all;
  int filter_true = -1, filter_predicted = -1;         // the confusion cell, for Filter::cell
  std::vector<int> gallery;                            // test indices passing the filter
  uint64_t gallery_version = ~uint64_t{0};             // predictions_version the list was built from
  bool gallery_dirty = true;
  int page = 0;
  static constexpr int kColumns = 10, kRows = 6, kPerPage = kColumns * kRows;
  std::vector<int> page_indices;                       // the current page's test indices
  ImageTexture atlas{ImageTexture::Sampling::linear};  // the page's images side by side, 28x28 each
  std::vector<int> atlas_indices;                      // what the atlas holds

  // ---- The student's own digits, all on one grid, with the live model's answers ----
  std::vector<int8_t> personal_predicted;    // -1: not predicted yet
  uint64_t personal_predicted_version = ~uint64_t{0}, personal_predicted_generation = ~uint64_t{0};
  int personal_next = 0;                     // the next to predict
  ImageTexture personal_atlas{ImageTexture::Sampling::linear};
  uint64_t personal_atlas_version = ~uint64_t{0};

  double frame_ms = 0;  // main-thread time of the last draw_test_panel (status, for tests)
  const dl::Dataset* shown_test_set = nullptr;  // the test set all of the above belongs to
};

// What the Test panel reads of the app, and how it acts on it.
struct TestPanelContext {
  const Datasets& data;
  const LiveModel& live;
  const TestChoice& choice;
  const dl::TrainerStatus& status;
  const std::shared_ptr<const dl::ValidationReport>& report;  // the trainer's last full validation
  Commands& commands;
  const PersonalDigits& personal;
};

void draw_test_panel(TestPanelState& state, const TestPanelContext& ctx);
void write_test_panel_status(const TestPanelState& state, const TestChoice& choice, dl::lessons::JsonWriter& w);
std::unique_ptr<TestPanelState> make_test_panel_state();
