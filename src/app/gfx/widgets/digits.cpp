// Probability bars and large stroked digits (widgets.h): the Draw and Test panels' answer.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/gfx/widgets/widgets.h"

#include <imgui_internal.h>

#include "app/bridge/automation.h"

namespace ui {
namespace {



// Points along an ellipse in the glyph's unit box (u right, v down; degrees, -90 = top).
void add_arc(ImVector<ImVec2>& out, float cu, float cv, float ru, float rv, float from_deg, float to_deg) {
  constexpr int kSegments = 28;
  for (int i = 0; i <= kSegments; ++i) {
    const float a = (from_deg + (to_deg - from_deg) * i / kSegments) * 3.14159265f / 180.0f;
    out.push_back(ImVec2(cu + ru * std::cos(a), cv + rv * std::sin(a)));
  }
}

void add_quadratic(ImVector<ImVec2>& out, ImVec2 p0, ImVec2 p1, ImVec2 p2) {
  constexpr int kSegments = 20;
  for (int i = 0; i <= kSegments; ++i) {
    const float t = float(i) / kSegments, s = 1 - t;
    out.push_back(ImVec2(s * s * p0.x + 2 * s * t * p1.x + t * t * p2.x, s * s * p0.y + 2 * s * t * p1.y + t * t * p2.y));
  }
}

}  // namespace

void draw_large_digit(ImDrawList* draw_list, ImVec2 top_left, float height, int digit, ImU32 color) {
  if (digit < 0 || digit > 9) return;
  const float thickness = std::max(2.0f, height * 0.1f);
  const float pad = thickness * 0.5f;
  const float box_w = height * 0.6f - 2 * pad, box_h = height - 2 * pad;
  // Each glyph is one or two strokes in a unit box; map them to the screen and stroke them.
  auto stroke = [&](ImVector<ImVec2>& unit_points, bool closed) {
    // A closed loop's last point repeats its first; the zero-length join would draw a miter spike.
    if (closed && unit_points.Size > 2) unit_points.pop_back();
    for (ImVec2& p : unit_points) p = ImVec2(top_left.x + pad + p.x * box_w, top_left.y + pad + p.y * box_h);
    draw_list->AddPolyline(unit_points.Data, unit_points.Size, color, closed ? ImDrawFlags_Closed : 0, thickness);
    unit_points.resize(0);
  };
  ImVector<ImVec2> p;
  switch (digit) {
    case 0: add_arc(p, 0.5f, 0.5f, 0.5f, 0.5f, 0, 360); stroke(p, true); break;
    case 1:
      p.push_back({0.18f, 0.24f}); p.push_back({0.62f, 0.0f}); p.push_back({0.62f, 1.0f});
      stroke(p, false);
      break;
    case 2:
      add_arc(p, 0.5f, 0.28f, 0.48f, 0.28f, -165, 20);
      p.push_back({0.0f, 1.0f}); p.push_back({1.0f, 1.0f});
      stroke(p, false);
      break;
    case 3:
      add_arc(p, 0.48f, 0.25f, 0.44f, 0.25f, -160, 90); stroke(p, false);
      add_arc(p, 0.48f, 0.73f, 0.5f, 0.27f, -90, 160); stroke(p, false);
      break;
    case 4:
      p.push_back({0.74f, 1.0f}); p.push_back({0.74f, 0.0f}); p.push_back({0.0f, 0.68f}); p.push_back({1.0f, 0.68f});
      stroke(p, false);
      break;
    case 5:
      p.push_back({0.92f, 0.0f}); p.push_back({0.14f, 0.0f}); p.push_back({0.07f, 0.47f});
      add_arc(p, 0.48f, 0.68f, 0.48f, 0.32f, -140, 150);
      stroke(p, false);
      break;
    case 6:
      add_quadratic(p, {0.86f, 0.02f}, {0.08f, 0.12f}, {0.03f, 0.66f}); stroke(p, false);
      add_arc(p, 0.5f, 0.68f, 0.47f, 0.32f, 0, 360); stroke(p, true);
      break;
    case 7:
      p.push_back({0.0f, 0.0f}); p.push_back({1.0f, 0.0f}); p.push_back({0.36f, 1.0f});
      stroke(p, false);
      break;
    case 8:
      add_arc(p, 0.5f, 0.24f, 0.39f, 0.24f, 0, 360); stroke(p, true);
      add_arc(p, 0.5f, 0.73f, 0.49f, 0.27f, 0, 360); stroke(p, true);
      break;
    case 9:
      add_arc(p, 0.5f, 0.32f, 0.47f, 0.32f, 0, 360); stroke(p, true);
      add_quadratic(p, {0.97f, 0.32f}, {0.97f, 0.92f}, {0.22f, 1.0f}); stroke(p, false);
      break;
  }
}

void draw_probability_bars(const std::array<float, 10>& probabilities, float width, int true_label, bool has_values,
                           const dl::DatasetInfo& classes, const std::function<std::string(int)>& explain,
                           const char* id) {
  const int best = has_values ? dl::argmax(probabilities.data(), dl::kClassCount) : -1;
  const float row_height = ImGui::GetTextLineHeight() + 4;
  float digit_width = 0;  // the widest class name's
  for (const char* name : classes.class_names) digit_width = std::max(digit_width, ImGui::CalcTextSize(name).x);
  digit_width += 8;
  const float percent_width = ImGui::CalcTextSize("100.0%").x + 6;
  const float bar_width = std::max(40.0f, width - digit_width - percent_width);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (int d = 0; d < 10; ++d) {
    const float y = origin.y + d * row_height;
    draw_list->AddText(ImVec2(origin.x + 2, y + 2), d == true_label ? theme().correct : has_values ? text : dim,
                       classes.class_names[static_cast<size_t>(d)]);
    const ImVec2 bar_min(origin.x + digit_width, y + 2), bar_max(bar_min.x + bar_width, y + row_height - 2);
    draw_list->AddRectFilled(bar_min, bar_max, theme().bar_track);
    if (has_values) {
      const float p = std::clamp(probabilities[static_cast<size_t>(d)], 0.0f, 1.0f);
      draw_list->AddRectFilled(bar_min, ImVec2(bar_min.x + bar_width * p, bar_max.y),
                               d == best ? theme().accent : IM_COL32(150, 158, 172, 200));
      char percent[16];
      std::snprintf(percent, sizeof percent, "%.1f%%", 100.0 * p);
      draw_list->AddText(ImVec2(bar_max.x + 6, y + 2), d == best ? text : dim, percent);
    }
    if (d == true_label) draw_list->AddRect(bar_min, bar_max, theme().correct);
  }
  if (explain && has_values) {
    // Each row asks about its number: hover, the arrow keys, a tap.
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    for (int d = 0; d < 10; ++d) {
      ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + d * row_height));
      ImGui::PushID(d);
      ImGui::InvisibleButton("##bar", ImVec2(width, row_height));
      ImGui::PopID();
      char label[48];
      std::snprintf(label, sizeof label, "%s:%d", id, d);
      explain_last_item(label, explain(d));
    }
    ImGui::PopItemFlag();
    ImGui::SetCursorScreenPos(origin);
  }
  ImGui::Dummy(ImVec2(width, row_height * 10));
}

}  // namespace ui
