// The workshop as a path: "Start here" walks through the notebook's sections in its order, across
// the tabs — each stop a short text, the view (or lesson) it belongs to, and a checkpoint the page
// verifies from its own state ("train the MLP to 90%", "make the perceptron fail on XOR"). Progress
// is kept in the browser; a teacher's link (#path/3) opens the path at a stop.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/state/view.h"
#include "lessons/registry.h"


struct PathStop {
  const char* slug;     // "perceptron": the stop in links and in status()
  const char* section;  // the workshop's heading it follows
  const char* text;     // what to read and do here
  const char* goal;     // the checkpoint, as the student reads it
  View view;            // the view it opens
  std::optional<dl::lessons::LessonId> lesson;  // and the lesson, when it is one
};

inline constexpr int kPathStopCount = 12;
const std::array<PathStop, kPathStopCount>& path_stops();
// The stop a link names: "#path/3" (1-based, as the page numbers them) or "#path/perceptron";
// nullopt when it names none.
std::optional<int> parse_path_link(std::string_view link);

struct PathProgress {
  bool open = false;  // the path's strip is shown
  int current = 0;    // the stop shown
  std::array<bool, kPathStopCount> met{};  // checkpoints met (kept in the browser)
  // Event counters for checkpoints that are things done rather than states: the baseline is taken
  // when the stop is reached, so only what is done there counts.
  int mistakes_taught = 0;   // drawings added to the student's digits with a label the model did not read
  int mistakes_taught_at_arrival = 0;
  bool loaded = false;       // read from the browser

  int met_count() const;
};


// "110000000000": the stops met, as the browser keeps them, and back.
std::string met_text(const PathProgress& path);
void read_met(PathProgress& path, std::string_view text);
