// The shortcut table, the keys that run it, and the overlay that lists it.
#include "app/views/shortcuts.h"

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/look.h"

namespace {

ImGuiKey imgui_key(ShortcutKey key) {
  switch (key) {
    case ShortcutKey::none: return ImGuiKey_None;
    case ShortcutKey::f1: return ImGuiKey_F1;
    case ShortcutKey::f6: return ImGuiKey_F6;
    case ShortcutKey::slash: return ImGuiKey_Slash;
    case ShortcutKey::escape: return ImGuiKey_Escape;
    case ShortcutKey::one: return ImGuiKey_1;
    case ShortcutKey::two: return ImGuiKey_2;
    case ShortcutKey::three: return ImGuiKey_3;
    case ShortcutKey::four: return ImGuiKey_4;
    case ShortcutKey::t: return ImGuiKey_T;
    case ShortcutKey::c: return ImGuiKey_C;
    case ShortcutKey::z: return ImGuiKey_Z;
    case ShortcutKey::left_bracket: return ImGuiKey_LeftBracket;
    case ShortcutKey::right_bracket: return ImGuiKey_RightBracket;
    case ShortcutKey::p: return ImGuiKey_P;
    case ShortcutKey::minus: return ImGuiKey_Minus;
    case ShortcutKey::equal: return ImGuiKey_Equal;
  }
  return ImGuiKey_None;
}

}  // namespace

void handle_shortcuts(Commands& commands) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing into a field: every key is the field's
  if (io.KeyAlt || io.KeySuper) return;
  for (const Shortcut& row : shortcuts())
    for (const KeyBinding& b : row.bindings) {
      if (b.key == ShortcutKey::none || b.ctrl != io.KeyCtrl || b.shift != io.KeyShift) continue;
      if (ImGui::IsKeyPressed(imgui_key(b.key), false)) commands.run(b.command, b.argument);
    }
}

void draw_help_overlay(const Navigation& nav, Commands& commands) {
  if (!nav.help_open) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(display.x - 16, display.y - 16));
  ImGui::SetNextWindowFocus();
  bool open = true;
  if (ImGui::Begin("Keyboard shortcuts", &open,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      for (const Shortcut& s : shortcuts()) {
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
  if (!open) commands.close_help();
}
