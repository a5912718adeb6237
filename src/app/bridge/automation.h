// The labelled-item registry behind window.digitlab.items(): the UI records the rectangle of each
// widget a test (or the accessible layer) needs, once per frame, under a label unique in the frame.
// Platform-neutral; browser.cpp hands the last completed frame to JS.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace automation {

struct Item {
  std::string label;
  unsigned id = 0;                   // ImGui's id of the item (0 for pictures that are no widget)
  float x = 0, y = 0, w = 0, h = 0;  // ImGui display coordinates
  bool visible = false;
};

struct Frame {
  std::vector<Item> items;
  float display_w = 0, display_h = 0;  // ImGui's display size (the coordinates of the items)
};

// Called once per frame by the platform loop, around the UI code.
void begin_frame();
void end_frame(float display_w, float display_h);

// Records the last ImGui item (call right after the widget), e.g. record_item("Train") after
// ImGui::Button("Train").
void record_item(std::string_view label);
// Told each label as its item is recorded (the keyboard's focus ring names its items so; it
// registers itself, so this registry knows nothing above it).
void observe_labels(void (*observer)(std::string_view label));

// The last completed frame's items.
const Frame& published();
// The label of the item with the keyboard focus in the last frame, "" when none shows it.
const std::string& focused_label();

}  // namespace automation
