// The keyboard's focus ring (ImGui's navigation highlight) as the page's DOM focus sees it: which
// item the ring is on, with its name and role, and where the ring's order begins and ends, so the
// page (web/access.js) can put the real DOM focus on that item's accessible element — what a
// screen reader announces — and let Tab leave the canvas past the last control.
// The ring's order is ImGui's own Tab order, pane after pane as the panes stand on the screen
// (the Train pane, then the workbench); only its two ends and the step from one pane to the next
// are ours. ImGui reports each item to the test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), which is
// how the tab stops and the names of items with no label of ours are known.
// Browser main thread only, like ImGui.
#pragma once
#include <string>
#include <string_view>

namespace focus_ring {

struct Ring {
  bool shown = false;  // the ring is drawn (after a key moved it; a mouse click hides it)
  std::string label;   // the item's automation label (app/bridge/automation.h), else ImGui's own label
  std::string name;    // what a screen reader calls it: ImGui's label without its "##id" part
  std::string role;    // "button", "checkbox", "textbox" or "tab"
  int checked = -1;    // a checkbox's state (-1: not one)
  bool first = false, last = false;  // the first / last tab stop of the whole order (Shift+Tab / Tab leave)
  bool escape_leaves = false;        // Escape has nothing to close or cancel, so it leaves the canvas
  bool editing = false;              // ImGui is editing the item's text (the keys go to ImGui)
  std::string window;                // the ImGui window the item is in (for tests and for debugging)

  bool operator==(const Ring&) const = default;
};

// Around each frame's UI code (after ImGui::NewFrame, before ImGui::Render).
void install();  // once, after ImGui::CreateContext: turns the item hooks on
void begin_frame();
void end_frame(bool modal_open);  // modal_open: an overlay of the app's own takes Escape

// The ring after the last frame.
const Ring& ring();

// Requests carried out while the next frame is built:
// the ring onto the item recorded under `label` (the page's focus moved to its element); when the
// page's element edits the value itself, ImGui's own text editing of it stops;
void request_focus(std::string_view label, bool page_edits);
// the ring shown again where it was (the page's focus came back to the canvas by keyboard), or on the
// first (+1) or last (-1) tab stop when it was nowhere.
void request_show(int from_end);

// the ring hidden, kept where it is (the page's focus left the app: the ring would mislead);
void request_hide();

// A Tab key about to reach ImGui. At the last tab stop of a pane that has a pane after it (or the
// first, backwards), the ring steps into the next pane instead and the key is taken: true.
bool take_tab(bool backward);

// Called for each labelled item right after it is submitted (automation::record_item tells it,
// once install() registered it).
void on_labelled_item(std::string_view label);

}  // namespace focus_ring
