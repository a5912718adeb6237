// The focus ring's tab stops (from ImGui's test-engine item hooks), the ring's item, and the
// requests that move the ring from the page's side.
#include "app/access/focus_ring.h"

#include "app/bridge/automation.h"

#include <algorithm>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

namespace focus_ring {
namespace {

// An item ImGui could put the ring on, in the order it was submitted.
struct Entry {
  ImGuiID id = 0;
  ImGuiWindow* pane = nullptr;  // the root window the item is tabbed in (ImGui's RootWindowForNav)
  bool stop = false;            // a tab stop now (not disabled, not NoTabStop)
};

// An item submitted since the last labelled one.
struct Recent {
  ImGuiID id = 0;
  ImGuiWindow* window = nullptr;
  ImRect rect;
};

struct State {
  std::vector<Entry> building, items;  // this frame's, the last frame's
  std::vector<Recent> recent;          // items since the last labelled item

  // ImGui's own label and status of the ring's item, caught as it is submitted.
  ImGuiID info_id = 0;
  std::string info_label;
  ImGuiItemStatusFlags info_flags = 0;
  std::string automation_label;  // the ring item's label of ours, if it has one

  std::string wanted_label;  // request_focus
  bool wanted_page_edits = false;
  int show = 0;              // request_show: 1 where it was, 2 / 3 else on the first / last stop; -1 hide
  ImGuiID wanted_id = 0;     // a tab stop to move the ring onto (take_tab, request_show)

  Ring ring;
};

State& state() {
  static State s;
  return s;
}

// The ring's whole order: the panes (root windows that are no popup) in the order they were first
// submitted, which is their order on the screen (the Train pane is drawn before the workbench), each
// with its items in submission order, as ImGui's own Tab goes through them.
std::vector<Entry> tab_order(const std::vector<Entry>& items) {
  std::vector<ImGuiWindow*> panes;
  for (const Entry& e : items)
    if (!(e.pane->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Modal)) &&
        std::find(panes.begin(), panes.end(), e.pane) == panes.end())
      panes.push_back(e.pane);
  std::vector<Entry> order;
  for (ImGuiWindow* pane : panes)
    for (const Entry& e : items)
      if (e.pane == pane) order.push_back(e);
  return order;
}

int position_of(const std::vector<Entry>& order, ImGuiID id) {
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i].id == id) return static_cast<int>(i);
  return -1;
}

// Where the ring's item is in the order: the item itself, or for an item inside a child window that
// ImGui does not flatten into its pane (a table that scrolls), the child's own item in its parent.
// `inside_child` tells which.
int ring_position(const std::vector<Entry>& order, bool* inside_child) {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  int at = position_of(order, g.NavId);
  *inside_child = false;
  for (const ImGuiWindow* w = g.NavWindow; at < 0 && w && (w->Flags & ImGuiWindowFlags_ChildWindow) &&
                                           !(w->Flags & ImGuiWindowFlags_Popup);
       w = w->ParentWindow) {
    at = position_of(order, w->ChildId);
    *inside_child = at >= 0;
  }
  return at;
}

// The next tab stop from `from` in direction `step` (+1 / -1), or -1.
int next_stop(const std::vector<Entry>& order, int from, int step) {
  for (int i = from + step; i >= 0 && i < static_cast<int>(order.size()); i += step)
    if (order[static_cast<size_t>(i)].stop) return i;
  return -1;
}

// ImGui's label without its hidden "##id" part.
std::string visible_label(const std::string& label) {
  const size_t hidden = label.find("##");
  std::string out = label.substr(0, hidden);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
}

// What a screen reader says for an item: its visible label, unless that is a symbol ("Aa", "?") and
// the item has a label of ours ("Text size", "Help"); an input's step buttons by what they do.
std::string spoken_name(const std::string& visible, const std::string& ours) {
  if (visible == "-") return "One less";
  if (visible == "+") return "One more";
  if (visible == "?" && ours.empty()) return "Help for the control before it";  // a finger's help button
  int letters = 0;
  for (char c : visible) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  if ((letters < 3 && !ours.empty()) || visible.empty()) return ours.empty() ? "Unnamed control" : ours;
  return visible;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The ring onto an item of this frame, as ImGui's own Tab would put it there.
void focus_item(ImGuiID id, ImGuiWindow* window, const ImRect& rect, bool page_edits) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.NavWindow != window) ImGui::FocusWindow(window);
  ImGui::SetFocusID(id, window);
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = g.NavMousePosDirty = true;
  if (!rect.Overlaps(window->ClipRect)) ImGui::ScrollToRectEx(window, rect, ImGuiScrollFlags_AlwaysCenterY);
  if (page_edits && g.ActiveId == id) ImGui::ClearActiveID();
}

}  // namespace

void install() {
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
  automation::observe_labels(&on_labelled_item);
}

void begin_frame() {
  State& s = state();
  s.building.clear();
  s.recent.clear();
  s.info_id = 0;
  s.info_label.clear();
  s.info_flags = 0;
  s.automation_label.clear();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (s.show < 0) {
    g.NavDisableHighlight = true;
  } else if (s.show != 0) {
    if (g.NavId != 0 && g.NavWindow) {
      g.NavDisableHighlight = false;
      g.NavDisableMouseHover = g.NavMousePosDirty = true;
    } else if (s.show > 1) {
      const std::vector<Entry> order = tab_order(s.items);
      const int stop = s.show == 2 ? next_stop(order, -1, +1) : next_stop(order, static_cast<int>(order.size()), -1);
      if (stop >= 0) s.wanted_id = order[static_cast<size_t>(stop)].id;
    }
  }
  s.show = 0;
}

void end_frame(bool modal_open) {
  State& s = state();
  s.items.swap(s.building);
  s.wanted_label.clear();  // an item not drawn in this frame is not there to take the ring
  s.wanted_id = 0;

  const ImGuiContext& g = *ImGui::GetCurrentContext();
  Ring r;
  r.shown = g.NavId != 0 && !g.NavDisableHighlight && g.NavWindow != nullptr;
  if (r.shown) {
    const std::string imgui_label = s.info_id == g.NavId ? visible_label(s.info_label) : std::string();
    r.label = !s.automation_label.empty() ? s.automation_label : imgui_label;
    r.name = spoken_name(imgui_label, s.automation_label);
    if (s.info_flags & ImGuiItemStatusFlags_Checkable) {
      r.role = "checkbox";
      r.checked = (s.info_flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
    } else if (s.info_flags & ImGuiItemStatusFlags_Inputable) {
      r.role = "textbox";
    } else if (starts_with(r.label, "tab:") || starts_with(r.label, "view:")) {
      r.role = "tab";
    } else {
      r.role = "button";
    }
    r.editing = g.ActiveId == g.NavId && ImGui::GetIO().WantTextInput;
    r.window = g.NavWindow->Name;
    // The ends of the order: no tab stop before (after) the ring's item, which may itself be none any
    // more (Train, disabled once its run starts).
    const std::vector<Entry> order = tab_order(s.items);
    bool inside_child = false;
    const int at = ring_position(order, &inside_child);
    if (!modal_open && at >= 0) {
      r.first = next_stop(order, at, -1) < 0;
      r.last = next_stop(order, at, +1) < 0;
    }
    r.escape_leaves = !modal_open && g.ActiveId == 0 && g.OpenPopupStack.Size == 0 && g.NavLayer == ImGuiNavLayer_Main;
  }
  s.ring = std::move(r);
}

const Ring& ring() { return state().ring; }

void request_focus(std::string_view label, bool page_edits) {
  state().wanted_label = std::string(label);
  state().wanted_page_edits = page_edits;
}

void request_show(int from_end) { state().show = from_end > 0 ? 2 : from_end < 0 ? 3 : 1; }

void request_hide() { state().show = -1; }

bool take_tab(bool backward) {
  State& s = state();
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!s.ring.shown || !g.NavWindow || s.ring.editing) return false;
  const std::vector<Entry> order = tab_order(s.items);
  bool inside_child = false;
  const int at = ring_position(order, &inside_child);
  if (at < 0) return false;  // a popup's items: ImGui's Tab cycles inside it
  const int target = next_stop(order, at, backward ? -1 : +1);
  if (target < 0) return false;  // an end: the page's Tab leaves the canvas (web/access.js)
  const Entry& here = order[static_cast<size_t>(at)];
  const Entry& there = order[static_cast<size_t>(target)];
  // ImGui's own Tab goes on inside a pane, but not into the next pane, nor on from an item that is no
  // tab stop any more (it never finds where it is), nor out of a child window it does not flatten (it
  // cycles inside: a keyboard trap; arrows move inside such a child, Tab leaves it, as in a grid).
  if (here.stop && here.pane == there.pane && !inside_child) return false;
  s.wanted_id = there.id;
  return true;
}

void on_labelled_item(std::string_view label) {
  State& s = state();
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  // The labelled widget: the first item submitted inside the last item's rectangle, which is the last
  // item itself, or for a widget built as a group (InputInt: its field, then its - and + buttons) the
  // group's first item, its field.
  Recent widget{g.LastItemData.ID, g.CurrentWindow, g.LastItemData.Rect};
  for (const Recent& r : s.recent)
    if (g.LastItemData.Rect.Contains(r.rect)) {
      widget = r;
      break;
    }
  s.recent.clear();
  if (widget.id == 0) return;
  if (!s.wanted_label.empty() && label == s.wanted_label) {
    focus_item(widget.id, widget.window, widget.rect, s.wanted_page_edits);
    s.wanted_label.clear();
  }
  if (widget.id == g.NavId) s.automation_label = std::string(label);
}

}  // namespace focus_ring

// ---- ImGui's test-engine hooks (imgui_internal.h, IMGUI_ENABLE_TEST_ENGINE) -------------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect&, const ImGuiLastItemData* item) {
  if (!item || id == 0) return;  // a window registering itself, or a button outside ItemAdd
  ImGuiWindow* window = ctx->CurrentWindow;
  focus_ring::State& s = focus_ring::state();
  s.recent.push_back({id, window, item->Rect});
  if (id == s.wanted_id) {
    focus_ring::focus_item(id, window, item->Rect, false);
    s.wanted_id = 0;
  }
  // A table's header cell tells no label of its own (TableHeader has no item-info hook): its column's.
  if (id == ctx->NavId && ctx->CurrentTable && (ctx->CurrentTable->RowFlags & ImGuiTableRowFlags_Headers)) {
    s.info_id = id;
    s.info_label = ImGui::TableGetColumnName();
    s.info_flags = 0;
  }
  if (item->InFlags & (ImGuiItemFlags_NoTabStop | ImGuiItemFlags_NoNav)) return;
  // Tab goes through the main layer only: not a title bar (which registers its MoveId here) or a menu.
  if (id == window->MoveId || window->DC.NavLayerCurrent != ImGuiNavLayer_Main) return;
  // ImGui tabs through a pane's own items and those of its flattened children.
  if (window != window->RootWindowForNav && !(window->Flags & ImGuiWindowFlags_NavFlattened)) return;
  s.building.push_back({id, window->RootWindowForNav, (item->InFlags & ImGuiItemFlags_Disabled) == 0});
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  if (id == 0 || id != ctx->NavId) return;
  focus_ring::State& s = focus_ring::state();
  s.info_id = id;
  s.info_label = label ? label : "";
  s.info_flags = flags;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
