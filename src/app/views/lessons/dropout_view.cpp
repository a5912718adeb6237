// The dropout lesson's view: a small layer's neurons as circles; at each training step a new
// random set is switched off and the survivors are scaled by 1 / (1 - rate); at test time none.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/dropout.h"

namespace {

using dl::lessons::DropoutLesson;
using dl::lessons::LessonId;

constexpr int kNextLayer = 6;  // neurons drawn in the following layer, to show the cut connections
constexpr ImU32 kDropped = IM_COL32(230, 70, 70, 255);

// Dark to orange with the value, so a scaled-up survivor reads brighter than its input.
ImU32 neuron_fill(float v, float hi) {
  const float t = std::clamp(v / hi, 0.0f, 1.0f);
  return IM_COL32(int(38 + (235 - 38) * t), int(42 + (150 - 42) * t), int(50 + (60 - 50) * t), 255);
}

void centered_text(ImDrawList* draw, ImVec2 center, ImU32 color, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(center.x - size.x * 0.5f, center.y - size.y * 0.5f), color, text);
}

void draw_inputs(const DropoutLesson& lesson, const LessonContext& ctx) {
  float rate = lesson.rate();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::SliderFloat("dropout rate", &rate, 0.0f, 0.9f, "%.2f")) ctx.edit(lesson_edit::DropoutRate{rate});
  automation::record_item("dropout:rate");
  ui::same_line_if_fits(ui::radio_width("training"));
  if (ImGui::RadioButton("training", lesson.training())) ctx.edit(lesson_edit::DropoutTraining{true});
  automation::record_item("dropout:training");
  ui::same_line_if_fits(ui::radio_width("test time"));
  if (ImGui::RadioButton("test time", !lesson.training())) ctx.edit(lesson_edit::DropoutTraining{false});
  automation::record_item("dropout:test");
  ui::same_line_if_fits(ImGui::CalcTextSize("New training run").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button("New training run")) ctx.edit(lesson_edit::DropoutNewRun{});
  automation::record_item("dropout:seed");
  ui::help_tooltip("Another seed: every training step gets different random masks");
}

// Three rows: the layer's activations, the same after dropout, and the next layer, which only
// hears from the neurons that survived this step.
void draw_network(const DropoutLesson& lesson) {
  const dl::lessons::DropoutStep& s = lesson.current();
  const std::vector<float>& a = lesson.activations();
  const int n = static_cast<int>(a.size());
  float hi = 1e-6f;
  for (int i = 0; i < n; ++i) hi = std::max({hi, a[size_t(i)], s.outputs[size_t(i)]});

  const float width = std::max(300.0f, ImGui::GetContentRegionAvail().x);
  const float line = ImGui::GetTextLineHeight();
  const float pitch = width / float(n);
  const float radius = std::clamp(pitch * 0.5f - 4.0f, 6.0f, 16.0f);
  // Labels alternate between two lines when neighbours' numbers would touch.
  const bool stagger = pitch < ImGui::CalcTextSize("0.00").x + 6.0f;
  const float row_gap = radius * 2 + line * (stagger ? 3 : 2) + 26.0f;
  auto label_y = [&](float row_y, int i) { return row_y + radius + line * 0.5f + 2 + (stagger && i % 2 ? line : 0.0f); };
  // Rows: a label line, the activations, the outputs, the next layer, and its label line.
  const float height = line + 4 + radius + 2 * row_gap + radius + 4 + line + 6;
  const ImVec2 o = ui::reserve_canvas(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float y_a = o.y + line + 4 + radius, y_out = y_a + row_gap, y_next = y_out + row_gap;
  auto x_of = [&](int i) { return o.x + pitch * (float(i) + 0.5f); };
  const float next_pitch = width / float(kNextLayer);
  auto next_x = [&](int j) { return o.x + next_pitch * (float(j) + 0.5f); };

  draw->AddText(ImVec2(o.x, o.y), ui::theme().text_dim, "activations a of a Dense layer (sigmoid)");
  char label[96];
  if (s.training)
    std::snprintf(label, sizeof label, "after dropout: a dropped neuron outputs 0, a kept one a x %.3f", double(s.scale));
  else
    std::snprintf(label, sizeof label, "after dropout at test time: every neuron kept, nothing scaled");
  draw->AddText(ImVec2(o.x, y_out - radius - line - 4), ui::theme().text_dim, label);

  // Connections first, so the circles sit on top: a -> output for each neuron, output -> next layer
  // only from the survivors.
  for (int i = 0; i < n; ++i) {
    const bool kept = s.kept[size_t(i)] != 0;
    draw->AddLine(ImVec2(x_of(i), label_y(y_a, i) + line * 0.5f + 2), ImVec2(x_of(i), y_out - radius - line - 6),
                  kept ? IM_COL32(120, 125, 135, 255) : IM_COL32(120, 60, 60, 160), 1.0f);
    if (!kept) continue;
    for (int j = 0; j < kNextLayer; ++j)
      draw->AddLine(ImVec2(x_of(i), label_y(y_out, i) + line * 0.5f + 2), ImVec2(next_x(j), y_next - radius),
                    IM_COL32(110, 140, 180, 70), 1.0f);
  }

  int hovered = -1;
  const ImVec2 mouse = ImGui::GetMousePos();
  const bool window_hovered = ImGui::IsWindowHovered();
  for (int i = 0; i < n; ++i) {
    const bool kept = s.kept[size_t(i)] != 0;
    const float out = s.outputs[size_t(i)];
    const ImVec2 ca(x_of(i), y_a), co(x_of(i), y_out);
    draw->AddCircleFilled(ca, radius, neuron_fill(a[size_t(i)], hi), 24);
    draw->AddCircle(ca, radius, ui::theme().grid_line, 24, 1.0f);
    std::snprintf(label, sizeof label, "%.2f", double(a[size_t(i)]));
    centered_text(draw, ImVec2(ca.x, label_y(y_a, i)), ui::theme().text_dim, label);

    if (kept) {
      draw->AddCircleFilled(co, radius, neuron_fill(out, hi), 24);
      draw->AddCircle(co, radius, s.training ? ui::theme().highlight_out : ui::theme().grid_line, 24, 1.5f);
      std::snprintf(label, sizeof label, "%.2f", double(out));
    } else {
      draw->AddCircleFilled(co, radius, IM_COL32(28, 30, 34, 255), 24);
      draw->AddCircle(co, radius, kDropped, 24, 1.5f);
      const float k = radius * 0.55f;
      draw->AddLine(ImVec2(co.x - k, co.y - k), ImVec2(co.x + k, co.y + k), kDropped, 2.0f);
      draw->AddLine(ImVec2(co.x - k, co.y + k), ImVec2(co.x + k, co.y - k), kDropped, 2.0f);
      std::snprintf(label, sizeof label, "0");
    }
    centered_text(draw, ImVec2(co.x, label_y(y_out, i)), kept ? ui::theme().text : kDropped, label);
    for (ImVec2 c : {ca, co}) {
      const float dx = mouse.x - c.x, dy = mouse.y - c.y;
      if (window_hovered && dx * dx + dy * dy <= radius * radius) hovered = i;
    }
  }
  for (int j = 0; j < kNextLayer; ++j) {
    const ImVec2 c(next_x(j), y_next);
    draw->AddCircleFilled(c, radius * 0.8f, ui::theme().cell_fill, 24);
    draw->AddCircle(c, radius * 0.8f, IM_COL32(110, 140, 180, 255), 24, 1.2f);
  }
  draw->AddText(ImVec2(o.x, y_next + radius + 4), ui::theme().text_dim,
                s.training ? "the next layer: it hears only from this step's survivors"
                           : "the next layer: it hears from every neuron");

  if (hovered >= 0) {
    const size_t i = size_t(hovered);
    if (!s.training)
      ui::value_tooltip("neuron %d: a = %.4f, test time: passed through unchanged", hovered, double(a[i]));
    else if (s.kept[i])
      ui::value_tooltip("neuron %d: a = %.4f, kept: %.4f x %.4f = %.4f", hovered, double(a[i]), double(a[i]),
                               double(s.scale), double(s.outputs[i]));
    else
      ui::value_tooltip("neuron %d: a = %.4f, dropped at training step %d: output 0", hovered, double(a[i]),
                               s.training_step);
  }
}

}  // namespace

void draw_dropout_view(LessonContext& ctx) {
  const DropoutLesson* model = ctx.lesson<DropoutLesson>();
  if (!model) return;
  const DropoutLesson& lesson = *model;
  draw_inputs(lesson, ctx);
  draw_step_controls(lesson, ctx);
  const dl::lessons::DropoutStep& s = lesson.current();
  const int n = static_cast<int>(s.kept.size());

  if (s.training) {
    ImGui::Text("Training step %d: kept %d of %d neurons (%d dropped).", s.training_step, s.kept_count, n,
                n - s.kept_count);
    char survivors[64];
    std::snprintf(survivors, sizeof survivors, "Survivors x 1 / (1 - %.2f) = %.4f", double(s.rate), double(s.scale));
    ui::same_line_if_fits(ImGui::CalcTextSize(survivors).x);
    ImGui::Text("Survivors x 1 / (1 - %.2f) =", double(s.rate));
    ImGui::SameLine();
    ImGui::TextColored(ui::theme().accent_text, "%.4f", double(s.scale));
  } else {
    ImGui::TextColored(ui::theme().accent_text, "Test time: nothing is dropped and nothing is scaled.");
  }
  draw_network(lesson);

  float sum_in = 0.0f, sum_out = 0.0f;
  for (int i = 0; i < n; ++i) sum_in += lesson.activations()[size_t(i)], sum_out += s.outputs[size_t(i)];
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("Sum of the activations %.3f; after dropout %.3f.", double(sum_in), double(sum_out));
  ImGui::TextDisabled(
      "The scaling keeps the two equal on average over training steps, so the next layer sees the same total "
      "at test time, when every neuron is present. Step or play to draw a new random mask each training step.");
  ImGui::PopTextWrapPos();
}
