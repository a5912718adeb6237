// The Test panel (see test_panel.cpp): its own drawing state (textures, the gallery's filter and page)
// and what it reads of the session (the chosen image, the predictions).
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

  uint64_t seen_resets = ~uint64_t{0};  // TestPredictions::resets the filter belongs to

  // ---- Gallery of test images, paged, optionally filtered ----
  enum class Filter { all, mistakes, cell };
  Filter filter = Filter::all;
  int filter_true = -1, filter_predicted = -1;         // the confusion cell, for Filter::cell
  std::vector<int> gallery;                            // test indices passing the filter
  uint64_t gallery_version = ~uint64_t{0};             // TestPredictions::version the list was built from
  bool gallery_dirty = true;
  int page = 0;
  static constexpr int kColumns = 10, kRows = 6, kPerPage = kColumns * kRows;
  std::vector<int> page_indices;                       // the current page's test indices
  ImageTexture atlas{ImageTexture::Sampling::linear};  // the page's images side by side, 28x28 each
  std::vector<int> atlas_indices;                      // what the atlas holds

  // ---- The student's own digits, all on one grid (their answers: TestPredictions::personal) ----
  ImageTexture personal_atlas{ImageTexture::Sampling::linear};
  uint64_t personal_atlas_version = ~uint64_t{0};

  double frame_ms = 0;  // main-thread time of the last draw_test_panel (status, for tests)
};

// What the Test panel reads of the app, and how it acts on it.
struct TestPanelContext {
  const Datasets& data;
  const LiveModel& live;
  const TestChoice& choice;
  const dl::TrainerStatus& status;
  const TestPredictions& predictions;  // the live model's answers for the test set and my digits
  Commands& commands;
  const PersonalDigits& personal;
};

void draw_test_panel(TestPanelState& state, const TestPanelContext& ctx);
void write_test_panel_status(const TestPanelState& state, const TestChoice& choice, const TestPredictions& predictions,
                             dl::lessons::JsonWriter& w);
std::unique_ptr<TestPanelState> make_test_panel_state();
