#include "app/gfx/widgets/steady_scrollbar.h"

namespace ui {

ImGuiWindowFlags SteadyScrollbar::flags(float width, int content) {
  if (width != width_ || content != content_) kept_ = false;
  width_ = width;
  content_ = content;
  return kept_ ? ImGuiWindowFlags_AlwaysVerticalScrollbar : ImGuiWindowFlags_None;
}

void SteadyScrollbar::note_scroll_range() {
  if (ImGui::GetScrollMaxY() > 0.0f) kept_ = true;
}

}  // namespace ui
