// A scrolling child window whose vertical scrollbar, once shown, stays while the child keeps its
// width and content. Content that gets shorter as it narrows (a plot sized to the width) would
// otherwise flip the scrollbar on and off every frame: a flicker, and a slider that changes width
// under the finger dragging it. ImGui only.
#pragma once
#include <imgui.h>

namespace ui {

class SteadyScrollbar {
 public:
  // Before BeginChild, for its window flags. `width` is the child's width and `content` names what
  // it shows (a lesson): when either changes the scrollbar may go, for the new layout to decide.
  ImGuiWindowFlags flags(float width, int content);
  // Inside the child, before EndChild: a scroll range keeps the scrollbar from now on.
  void note_scroll_range();
  bool kept() const { return kept_; }

 private:
  float width_ = -1.0f;
  int content_ = -1;
  bool kept_ = false;
};

}  // namespace ui
