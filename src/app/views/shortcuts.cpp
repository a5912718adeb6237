// The shortcut table, the keys that run it, and the overlay that lists it.
#include "app/views/shortcuts.h"

#include <imgui.h>

#include "app/app.h"
#include "app/bridge/automation.h"
#include "app/gfx/look.h"

namespace {

constexpr Shortcut kShortcuts[] = {
    {"Tab / Shift+Tab", "move the focus from control to control (arrows too); past the last, out of digitlab"},
    {"Esc", "close what is open; with nothing open, leave digitlab for the page around it"},
    {"Space or Enter", "press the focused button, pick the focused choice"},
    {"F6 or Ctrl+Tab", "move the focus to the other pane (Train, the workbench)"},
    {"1  2  3  4", "show Train, Draw, Test or Lessons"},
    {"T", "Train, Pause or Resume"},
    {"C", "clear the drawing"},
    {"Ctrl+Z", "undo the last stroke"},
    {"[  ]", "a lesson's step back, and forward"},
    {"P", "play or pause the lesson"},
    {"-  =", "smaller or larger text"},
    {"? or F1", "this list (Esc closes it)"},
};

bool pressed(ImGuiKey key) { return ImGui::IsKeyPressed(key, false); }

}  // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }

void handle_shortcuts(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing into a field: every key is the field's
  Commands& c = app.commands;
  if (io.KeyCtrl) {
    if (pressed(ImGuiKey_Z)) c.undo_stroke();
    return;
  }
  if (io.KeyAlt || io.KeySuper) return;
  if (pressed(ImGuiKey_F1) || (io.KeyShift && pressed(ImGuiKey_Slash))) c.toggle_help();
  if (app.help_open && pressed(ImGuiKey_Escape)) c.toggle_help();
  if (io.KeyShift) return;
  if (pressed(ImGuiKey_T)) c.train_or_pause();
  if (pressed(ImGuiKey_C)) c.clear_drawing();
  if (pressed(ImGuiKey_LeftBracket)) c.lesson_back();
  if (pressed(ImGuiKey_RightBracket)) c.lesson_step();
  if (pressed(ImGuiKey_P)) c.lesson_toggle_play();
  if (pressed(ImGuiKey_Minus)) c.change_text_size(-1);
  if (pressed(ImGuiKey_Equal)) c.change_text_size(+1);
  const ImGuiKey view_keys[] = {ImGuiKey_1, ImGuiKey_2, ImGuiKey_3, ImGuiKey_4};
  const View views[] = {View::train, View::draw, View::test, View::lessons};
  for (int i = 0; i < 4; ++i)
    if (pressed(view_keys[i])) {
      c.open_view(views[i]);
      app.focus_view_tab = true;  // the keys go where the view is
      if (views[i] != View::train) app.focus_workbench = true;
    }
  if (pressed(ImGuiKey_F6)) app.focus_other_pane = true;
}

void draw_help_overlay(App& app) {
  if (!app.help_open) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(display.x - 16, display.y - 16));
  ImGui::SetNextWindowFocus();
  bool open = true;
  if (ImGui::Begin("Keyboard shortcuts", &open,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      for (const Shortcut& s : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushFont(mono_font());
        ImGui::TextUnformatted(s.keys);
        ImGui::PopFont();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.what);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("Close")) open = false;
    automation::record_item("Close help");
  }
  ImGui::End();
  if (!open) app.help_open = false;
}
