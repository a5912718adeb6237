// The ReLU lesson's view: the convolution lesson's feature map before and after R(z) = max(0, z),
// element by element, with the negatives marked as they are set to 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/image_texture.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/conv.h"
#include "lessons/relu.h"

namespace {

using dl::lessons::ConvKernelChoice;
using dl::lessons::LessonId;
using dl::lessons::ReluLesson;

struct ReluViewState : LessonViewState {
  int learned_filter = 0;
  ImageTexture before_texture, after_texture;
  ColorLegend before_legend, after_legend;
};

constexpr ImU32 kZeroedTint = IM_COL32(70, 140, 255, 150);  // blue: the negatives, as on the map before

// The map comes from the convolution lesson: a digit and a kernel chosen there (or here).
void draw_source(LessonContext& ctx, ReluViewState& state) {
  const dl::lessons::ConvLesson* conv_model = ctx.lesson<dl::lessons::ConvLesson>();
  if (!conv_model) return;
  const dl::lessons::ConvLesson& conv = *conv_model;

  ImGui::AlignTextToFramePadding();
  ImGui::TextWrapped("Input: the Convolution lesson's feature map of training digit %d (change the digit there).",
                     conv.image_index());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Kernel:");
  ImGui::SameLine();
  struct Choice {
    ConvKernelChoice choice;
    const char* label;
  };
  constexpr Choice kChoices[] = {{ConvKernelChoice::vertical_edges, "vertical edges"},
                                 {ConvKernelChoice::horizontal_edges, "horizontal edges"},
                                 {ConvKernelChoice::outline, "outline"},
                                 {ConvKernelChoice::blur, "blur"},
                                 {ConvKernelChoice::sharpen, "sharpen"},
                                 {ConvKernelChoice::learned, "learned (CNN)"},
                                 {ConvKernelChoice::custom, "custom"}};
  const char* shown = "?";
  for (const Choice& c : kChoices)
    if (c.choice == conv.kernel_choice()) shown = c.label;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::BeginCombo("##kernel", shown)) {
    for (const Choice& c : kChoices) {
      if (c.choice == ConvKernelChoice::custom) continue;  // made by editing weights in the Convolution lesson
      const bool learned = c.choice == ConvKernelChoice::learned;
      if (learned && !ctx.live_cnn()) continue;
      if (ImGui::Selectable(c.label, c.choice == conv.kernel_choice())) {
        if (learned) ctx.edit(lesson_edit::ConvLearnedKernel{state.learned_filter});
        else ctx.edit(lesson_edit::ConvKernel{c.choice});
      }
      automation::record_item(std::string("relu:kernel:") + dl::lessons::kernel_choice_name(c.choice));
    }
    ImGui::EndCombo();
  }
  automation::record_item("relu:kernel");
  if (conv.kernel_choice() == ConvKernelChoice::learned && ctx.live_cnn()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    const dl::ParamView* kernel = ctx.live.model->find_param("conv2d_1.kernel");
    const int filters = kernel && !kernel->shape.empty() ? kernel->shape.back() : 1;
    if (ImGui::SliderInt("filter", &state.learned_filter, 0, filters - 1))
      ctx.edit(lesson_edit::ConvLearnedKernel{state.learned_filter});
    automation::record_item("relu:filter");
  }
  if (!ctx.live_cnn()) {
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Train the CNN to add its own first-layer filters (their output before ReLU).");
    ImGui::PopTextWrapPos();
  }
  // The session keeps the ReLU lesson on the convolution lesson's map (follow_convolution).
}

// R(z) = max(0, z) as a small graph, with the current element on it; for a negative z a faint
// line shows where the identity would have put it, and the drop to 0.
void draw_relu_graph(ImVec2 size, float reach, float z, float a, bool zeroed) {
  const ImVec2 o = ui::reserve_canvas(size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float pad = 8.0f, below = 0.6f;  // the y axis runs from -below * reach to reach
  const ImVec2 min(o.x + pad, o.y + pad), max(o.x + size.x - pad, o.y + size.y - pad - ImGui::GetTextLineHeight());
  auto to_screen = [&](float x, float y) {
    return ImVec2(min.x + (x + reach) / (2 * reach) * (max.x - min.x),
                  max.y - (y + below * reach) / ((1 + below) * reach) * (max.y - min.y));
  };
  draw->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), IM_COL32(24, 26, 32, 255));
  const ImU32 axis = IM_COL32(90, 95, 105, 255);
  draw->AddLine(to_screen(-reach, 0), to_screen(reach, 0), axis);
  draw->AddLine(to_screen(0, -below * reach), to_screen(0, reach), axis);
  draw->AddLine(to_screen(-below * reach, -below * reach), to_screen(0, 0), IM_COL32(120, 125, 135, 140), 1.0f);
  draw->AddLine(to_screen(-reach, 0), to_screen(0, 0), IM_COL32(220, 220, 230, 255), 2.0f);
  draw->AddLine(to_screen(0, 0), to_screen(reach, reach), IM_COL32(220, 220, 230, 255), 2.0f);
  const float zc = std::clamp(z, -reach, reach);
  const ImVec2 after = to_screen(zc, std::min(a, reach));
  if (zeroed) {
    const ImVec2 before = to_screen(zc, std::max(zc, -below * reach));
    draw->AddCircle(before, 4.0f, kZeroedTint | IM_COL32_A_MASK, 12, 1.5f);
    draw->AddLine(before, after, kZeroedTint | IM_COL32_A_MASK, 1.5f);  // the drop from z to 0
  }
  draw->AddCircleFilled(after, 5.0f, ui::theme().highlight_out, 16);
  const char* label = "R(z) = max(0, z)";
  draw->AddText(ImVec2(o.x + (size.x - ImGui::CalcTextSize(label).x) * 0.5f, max.y + 4), ui::theme().text_dim, label);
}

}  // namespace

void draw_relu_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  ReluViewState& state = views.view_state<ReluViewState>(LessonId::relu);
  if (ctx.data_loading("ReLU will act on one of their feature maps.")) return;
  draw_source(ctx, state);
  const ReluLesson* model = ctx.lesson<ReluLesson>();
  if (!model) return;
  const ReluLesson& lesson = *model;
  draw_step_controls(lesson, ctx);

  const int rows = lesson.rows(), cols = lesson.cols();
  const dl::lessons::ReluStep& s = lesson.current();
  const dl::lessons::ValueRange before_range = lesson.before_range(), after_range = lesson.after_range();
  const float reach = std::max({std::fabs(before_range.min), std::fabs(before_range.max), 1e-6f});
  const float after_hi = std::max(after_range.max, 1e-6f);

  const float graph_w = 130.0f, gap = 14.0f;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float scale = std::clamp(std::floor((avail - graph_w - 2 * gap) / float(2 * cols)), 3.0f, 10.0f);
  const ImVec2 pic(cols * scale, rows * scale);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  int hr = 0, hc = 0;

  ImGui::BeginGroup();
  ImGui::TextUnformatted("before: z");
  state.before_texture.update(lesson.before().data(), cols, rows, Colormap::diverging, -reach, reach);
  state.before_texture.draw(pic, ui::theme().grid_line);
  automation::record_item("relu:before");
  const ImVec2 before_min = ImGui::GetItemRectMin();
  if (ui::hovered_cell(rows, cols, &hr, &hc)) {
    ui::value_tooltip("z (%d, %d) = %.4f  (click to go there)", hr, hc, double(lesson.before()[size_t(hr) * cols + hc]));
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ctx.commands.lesson_scrub(hr * cols + hc);
  }
  ui::outline_cell(draw, before_min, scale, s.row, s.col, ui::theme().highlight_a);
  draw_color_legend(state.before_legend, Colormap::diverging, -reach, reach, ImVec2(pic.x, 9.0f), "%.2f");
  ImGui::EndGroup();

  ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(graph_w, std::max(0.0f, pic.y * 0.5f - 60.0f)));
  draw_relu_graph(ImVec2(graph_w, 110.0f), reach, s.z, s.a, s.zeroed);
  ImGui::EndGroup();

  ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("after: max(0, z)");
  state.after_texture.update(lesson.after_so_far().data(), cols, rows, Colormap::sequential, 0.0f, after_hi);
  state.after_texture.draw(pic, ui::theme().grid_line);
  automation::record_item("relu:after");
  const ImVec2 after_min = ImGui::GetItemRectMin();
  const bool after_hovered = ui::hovered_cell(rows, cols, &hr, &hc);
  // Negatives already set to 0, tinted blue (their colour before).
  const int done = lesson.step();
  for (int i = 0; i <= done && i < rows * cols; ++i)
    if (lesson.before()[size_t(i)] < 0.0f) {
      const ImVec2 a(after_min.x + (i % cols) * scale, after_min.y + (i / cols) * scale);
      draw->AddRectFilled(a, ImVec2(a.x + scale, a.y + scale), kZeroedTint);
    }
  ui::shade_pending(draw, after_min, scale, rows, cols, s.row, s.col);
  ui::outline_cell(draw, after_min, scale, s.row, s.col, ui::theme().highlight_out);
  if (after_hovered) {
    const int i = hr * cols + hc;
    const float z = lesson.before()[size_t(i)];
    if (i > done) ui::value_tooltip("(%d, %d): not reached yet (click to go there)", hr, hc);
    else if (z < 0.0f) ui::value_tooltip("(%d, %d): z = %.4f < 0, so max(0, z) = 0 (zeroed)", hr, hc, double(z));
    else ui::value_tooltip("(%d, %d): max(0, %.4f) = %.4f", hr, hc, double(z), double(lesson.after()[size_t(i)]));
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ctx.commands.lesson_scrub(i);
  }
  draw_color_legend(state.after_legend, Colormap::sequential, 0.0f, after_hi, ImVec2(pic.x, 9.0f), "%.2f");
  ImGui::EndGroup();

  // The current element in numbers.
  ImGui::Spacing();
  ImGui::Text("Element (%d, %d):  z = %.4f  ->  max(0, %.4f) =", s.row, s.col, double(s.z), double(s.z));
  ImGui::SameLine();
  ImGui::TextColored(ui::theme().accent_text, "%.4f", double(s.a));
  ui::same_line_if_fits(ImGui::CalcTextSize("positive: passes unchanged").x);
  if (s.zeroed) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kZeroedTint | IM_COL32_A_MASK), "negative: zeroed");
  else ImGui::TextDisabled("%s", s.z > 0.0f ? "positive: passes unchanged" : "zero stays zero");
  int negatives = 0;
  for (float z : lesson.before().values()) negatives += z < 0.0f;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("Zeroed so far: %d of the map's %d negative values (tinted blue on the right); %d of %d elements done.",
              lesson.zeroed_so_far(), negatives, done + 1, rows * cols);
  ImGui::TextDisabled(
      "Left, the filter's raw response: blue where it found the opposite of its pattern, red where it found "
      "the pattern. Right, only the red survives; everything else is 0.");
  ImGui::PopTextWrapPos();
}
