// The labelled-item registry: items recorded while a frame is built, published when it ends.
#include "app/bridge/automation.h"

#include <utility>

#include <imgui.h>
#include <imgui_internal.h>


namespace automation {
namespace {

struct Registry {
  Frame building, published;
  std::string focused;
  void (*observer)(std::string_view) = nullptr;
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
  // The keyboard focus, when ImGui draws it (after a key moved it, not after a mouse click).
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  r.focused.clear();
  if (g.NavId != 0 && !g.NavDisableHighlight)
    for (const Item& item : r.building.items)
      if (item.id == g.NavId) r.focused = item.label;
  std::swap(r.building, r.published);
  r.published.display_w = display_w;
  r.published.display_h = display_h;
}

void record_item(std::string_view label) {
  if (registry().observer) registry().observer(label);
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  registry().building.items.push_back(
      {std::string(label), ImGui::GetItemID(), min.x, min.y, max.x - min.x, max.y - min.y, ImGui::IsItemVisible()});
}

const Frame& published() { return registry().published; }

void observe_labels(void (*observer)(std::string_view label)) { registry().observer = observer; }

const std::string& focused_label() { return registry().focused; }

}  // namespace automation
