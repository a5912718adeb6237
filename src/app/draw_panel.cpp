// The Draw panel: a canvas to draw a digit on, its MNIST-style 28x28 version, and the live
// model's probabilities for 0-9.
#include <imgui.h>

#include "app/draw_panel.h"


std::unique_ptr<DrawPanelState> make_draw_panel_state() { return std::make_unique<DrawPanelState>(); }

void write_draw_panel_status(const DrawPanelState&, automation::JsonWriter&) {}

void draw_draw_panel(App&, DrawPanelState&) {
  ImGui::SetNextWindowPos(ImVec2(452, 16), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 140), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Draw")) ImGui::TextWrapped("Draw a digit here.");
  ImGui::End();
}
