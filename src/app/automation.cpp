// The labelled-item registry: items recorded while a frame is built, published when it ends.
#include "app/automation.h"

#include <utility>

#include <imgui.h>

namespace automation {
namespace {

struct Registry {
  Frame building, published;
};

// One per page, like ImGui's own context; touched only on the browser main thread.
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void begin_frame() { registry().building.items.clear(); }

void end_frame(float display_w, float display_h) {
  Registry& r = registry();
  std::swap(r.building, r.published);
  r.published.display_w = display_w;
  r.published.display_h = display_h;
}

void record_item(std::string_view label) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  registry().building.items.push_back(
      {std::string(label), min.x, min.y, max.x - min.x, max.y - min.y, ImGui::IsItemVisible()});
}

const Frame& published() { return registry().published; }

}  // namespace automation
