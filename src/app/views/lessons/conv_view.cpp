// The convolution lesson's view: a 3 x 3 kernel sliding over a real digit, the window, its nine
// products and their sum, and the 26 x 26 feature map filling in one pixel per step.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/image_texture.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/conv.h"

namespace {

using dl::lessons::ConvKernelChoice;
using dl::lessons::ConvLesson;
using dl::lessons::LessonId;

struct ConvViewState : LessonViewState {
  int image_index = 0;                 // the training digit the student picked
  const dl::Dataset* shown_data = nullptr;  // the set the lesson's image came from
  int learned_filter = 0;              // filter k of conv2d_1 when the kernel is "learned"
  uint64_t learned_generation = 0;     // ctx.live.generation the learned kernel was copied from
  ImageTexture input_texture, map_texture;
  ColorLegend map_legend;
};

struct KernelButton {
  ConvKernelChoice choice;
  const char* label;
};
constexpr KernelButton kKernelButtons[] = {
    {ConvKernelChoice::vertical_edges, "vertical edges"}, {ConvKernelChoice::horizontal_edges, "horizontal edges"},
    {ConvKernelChoice::outline, "outline"},               {ConvKernelChoice::blur, "blur"},
    {ConvKernelChoice::sharpen, "sharpen"},               {ConvKernelChoice::learned, "learned"},
};

// How many filters the live model's first Conv2D has (its kernel is [3, 3, 1, F]).
int first_layer_filters(const LessonContext& ctx) {
  const dl::ParamView* kernel = ctx.live.model->find_param("conv2d_1.kernel");
  return kernel && !kernel->shape.empty() ? kernel->shape.back() : 1;
}

// A 3 x 3 block of number cells; returns the hovered index or -1.
template <class Fill>
int number_grid(ImDrawList* draw, ImVec2 origin, ImVec2 cell_size, const dl::lessons::Kernel3x3& values, Fill fill,
                ImU32 border, float border_thickness) {
  int hovered = -1;
  char text[32];
  for (int i = 0; i < 9; ++i) {
    const ImVec2 at(origin.x + (i % 3) * cell_size.x, origin.y + (i / 3) * cell_size.y);
    const float v = values[static_cast<size_t>(i)];
    std::snprintf(text, sizeof text, "%.2f", std::fabs(v) < 0.005f ? 0.0 : double(v));  // no "-0.00"
    const ImU32 f = fill(values[static_cast<size_t>(i)]);
    if (ui::cell(draw, at, cell_size, text, f, ui::text_on(f))) hovered = i;
  }
  draw->AddRect(origin, ImVec2(origin.x + 3 * cell_size.x, origin.y + 3 * cell_size.y), border, 0.0f, 0,
                border_thickness);
  return hovered;
}

float max_abs(const float* v, size_t n) {
  float m = 0.0f;
  for (size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
  return m > 0.0f ? m : 1.0f;
}

void choose_kernel(LessonContext& ctx, const ConvLesson& lesson, ConvViewState& state) {
  ImGui::TextUnformatted("Kernel:");
  for (const KernelButton& b : kKernelButtons) {
    ui::same_line_if_fits(ui::radio_width(b.label));
    const bool learned = b.choice == ConvKernelChoice::learned;
    if (learned) ImGui::BeginDisabled(!ctx.live_cnn());
    if (ImGui::RadioButton(b.label, lesson.kernel_choice() == b.choice)) {
      if (learned) {
        if (ctx.edit(lesson_edit::ConvLearnedKernel{state.learned_filter})) state.learned_generation = ctx.live.generation;
      } else {
        ctx.edit(lesson_edit::ConvKernel{b.choice});
      }
    }
    if (learned) ImGui::EndDisabled();
    char label[64];
    std::snprintf(label, sizeof label, "conv:kernel:%s", dl::lessons::kernel_choice_name(b.choice));
    automation::record_item(label);
    if (learned && !ctx.live_cnn()) ui::why_disabled("Train the CNN (Train panel, model: CNN) to see the filters it learns.");
  }

  if (!ctx.live_cnn()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Train the CNN to see its own filters here: its first layer learns 32 kernels like these.");
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::SetNextItemWidth(160);
  state.learned_filter = std::clamp(state.learned_filter, 0, first_layer_filters(ctx) - 1);
  if (ImGui::SliderInt("learned filter k", &state.learned_filter, 0, first_layer_filters(ctx) - 1)) {
    if (ctx.edit(lesson_edit::ConvLearnedKernel{state.learned_filter})) state.learned_generation = ctx.live.generation;
  }
  automation::record_item("conv:filter");
  ImGui::SameLine();
  ImGui::TextDisabled("of conv2d_1.kernel (%s)", ctx.live.origin_text().c_str());
  // The weights keep training: follow them while the learned kernel is shown.
  if (lesson.kernel_choice() == ConvKernelChoice::learned && state.learned_generation != ctx.live.generation) {
    if (ctx.edit(lesson_edit::ConvLearnedKernel{state.learned_filter})) state.learned_generation = ctx.live.generation;
  }
}

void choose_image(LessonContext& ctx, const ConvLesson& lesson, ConvViewState& state) {
  const dl::Dataset& train = *ctx.data.train;
  if (state.shown_data != &train || lesson.image_index() != state.image_index) {
    state.image_index = std::clamp(state.image_index, 0, train.count - 1);
    ctx.edit(lesson_edit::ConvImage{state.image_index});
    state.shown_data = &train;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Training digit");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  if (ImGui::InputInt("##digit", &state.image_index)) {
    state.image_index = std::clamp(state.image_index, 0, train.count - 1);
    ctx.edit(lesson_edit::ConvImage{state.image_index});
  }
  automation::record_item("conv:image");
  ImGui::SameLine();
  ImGui::Text("(labelled %d)", int(train.labels[static_cast<size_t>(state.image_index)]));
}

// The kernel's nine weights as small drag fields the student can edit (the kernel becomes "custom").
void edit_kernel(const LessonContext& ctx, const ConvLesson& lesson) {
  ImGui::TextDisabled("Edit the weights (drag or double-click):");
  const dl::lessons::Kernel3x3& k = lesson.kernel();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      if (c > 0) ImGui::SameLine();
      float v = k[static_cast<size_t>(r * 3 + c)];
      char id[32];
      std::snprintf(id, sizeof id, "##w%d%d", r, c);
      ImGui::SetNextItemWidth(52);
      if (ImGui::DragFloat(id, &v, 0.01f, -4.0f, 4.0f, "%.2f")) ctx.edit(lesson_edit::ConvWeight{r, c, v});
      std::snprintf(id, sizeof id, "conv:weight:%d,%d", r, c);
      automation::record_item(id);
    }
}

}  // namespace

void draw_conv_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  ConvViewState& state = views.view_state<ConvViewState>(LessonId::conv);
  if (ctx.data_loading("the kernel will slide over one of them.")) return;
  const ConvLesson* model = ctx.lesson<ConvLesson>();
  if (!model) return;
  const ConvLesson& lesson = *model;
  choose_image(ctx, lesson, state);
  choose_kernel(ctx, lesson, state);
  draw_step_controls(lesson, ctx);

  const dl::lessons::ConvStep& s = lesson.current();
  const int in_rows = lesson.image().dim(0), in_cols = lesson.image().dim(1);
  const int out_rows = lesson.out_rows(), out_cols = lesson.out_cols();

  // Both pictures at the same scale: the map is the input less a one-pixel border (no padding).
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = 24.0f;
  const float scale = std::clamp(std::floor((avail - gap) / float(in_cols + out_cols)), 3.0f, 10.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();

  // The input digit with the kernel's window.
  ImGui::BeginGroup();
  ImGui::Text("input (%d x %d)", in_rows, in_cols);
  state.input_texture.update(lesson.image().data(), in_cols, in_rows, Colormap::grayscale, 0.0f, 1.0f);
  state.input_texture.draw(ImVec2(in_cols * scale, in_rows * scale), ui::theme().grid_line);
  automation::record_item("conv:input");
  const ImVec2 in_min = ImGui::GetItemRectMin();
  int hr = 0, hc = 0;
  if (ui::hovered_cell(in_rows, in_cols, &hr, &hc))
    ui::value_tooltip("pixel (%d, %d) = %.3f", hr, hc, double(lesson.image()[size_t(hr) * in_cols + hc]));
  const ImVec2 win_min(in_min.x + s.out_col * scale, in_min.y + s.out_row * scale);
  draw->AddRect(win_min, ImVec2(win_min.x + 3 * scale, win_min.y + 3 * scale), ui::theme().highlight_a, 0.0f, 0, 2.5f);
  ImGui::EndGroup();

  // The feature map so far: a fixed colour range (the whole map's), so colours do not shift.
  ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  ImGui::Text("feature map (%d x %d)", out_rows, out_cols);
  const dl::Tensor& full = lesson.feature_map();
  const float range = max_abs(full.data(), full.size());
  state.map_texture.update(lesson.feature_map_so_far().data(), out_cols, out_rows, Colormap::diverging, -range, range);
  state.map_texture.draw(ImVec2(out_cols * scale, out_rows * scale), ui::theme().grid_line);
  automation::record_item("conv:map");
  const ImVec2 map_min = ImGui::GetItemRectMin();
  if (ui::hovered_cell(out_rows, out_cols, &hr, &hc)) {
    const int step = lesson.step_of(hr, hc);
    if (step <= lesson.step())
      ui::value_tooltip("output (%d, %d) = %.3f  (click to go there)", hr, hc,
                               double(full[size_t(hr) * out_cols + hc]));
    else
      ui::value_tooltip("output (%d, %d): not computed yet (click to go there)", hr, hc);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      ctx.commands.lesson_scrub(step);
    }
  }
  ui::shade_pending(draw, map_min, scale, out_rows, out_cols, s.out_row, s.out_col);
  ui::outline_cell(draw, map_min, scale, s.out_row, s.out_col, ui::theme().highlight_out);
  draw_color_legend(state.map_legend, Colormap::diverging, -range, range, ImVec2(out_cols * scale, 10.0f), "%.2f");
  ImGui::EndGroup();

  // window x kernel = products, and their sum.
  ImGui::Spacing();
  ImGui::TextWrapped("Output pixel (%d, %d) = the sum of window x kernel, element by element:", s.out_row, s.out_col);
  // Nine columns of numbers and two operators; the sum goes beside them when it fits, else below.
  const float op_w = 22.0f;
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const ImVec2 cell_size(std::clamp(std::floor((avail_w - 2 * op_w) / 9.0f), 36.0f, 44.0f), ImGui::GetTextLineHeight() + 6.0f);
  const float block_w = 3 * cell_size.x;
  char sum_text[48];
  std::snprintf(sum_text, sizeof sum_text, "sum %.3f", double(s.sum));
  const ImVec2 sum_size(ImGui::CalcTextSize(sum_text).x + 12, cell_size.y);
  const bool sum_beside = 3 * block_w + 3 * op_w + 10 + sum_size.x <= avail_w;
  const float grids_h = 3 * cell_size.y + 4;
  const ImVec2 origin = ui::reserve_canvas(
      ImVec2(std::min(avail_w, 3 * block_w + 3 * op_w + 10 + sum_size.x), sum_beside ? grids_h : grids_h + sum_size.y + 6));
  const float product_range = max_abs(s.products.data(), 9);
  const float weight_range = max_abs(s.weights.data(), 9);
  const float mid_y = origin.y + 1.5f * cell_size.y - ImGui::GetTextLineHeight() * 0.5f;
  float x = origin.x;
  const int hw = number_grid(draw, ImVec2(x, origin.y), cell_size, s.window,
                             [](float v) { return ui::gray(v); }, ui::theme().highlight_a, 2.0f);
  x += block_w;
  draw->AddText(ImVec2(x + op_w * 0.5f - 4, mid_y), ui::theme().text, "x");
  x += op_w;
  const int hk = number_grid(draw, ImVec2(x, origin.y), cell_size, s.weights,
                             [&](float v) { return ui::diverging(v, -weight_range, weight_range); },
                             ui::theme().highlight_b, 2.0f);
  x += block_w;
  draw->AddText(ImVec2(x + op_w * 0.5f - 4, mid_y), ui::theme().text, "=");
  x += op_w;
  const int hp = number_grid(draw, ImVec2(x, origin.y), cell_size, s.products,
                             [&](float v) { return ui::diverging(v, -product_range, product_range); },
                             ui::theme().grid_line, 1.0f);
  x += block_w;
  ImVec2 sum_min;
  if (sum_beside) {
    draw->AddText(ImVec2(x + 6, mid_y), ui::theme().text, "->");
    sum_min = ImVec2(x + op_w + 10, mid_y - 3);
  } else {
    const float products_x = x - block_w;
    sum_min = ImVec2(products_x + (block_w - sum_size.x) * 0.5f, origin.y + grids_h + 4);
  }
  ui::cell(draw, sum_min, sum_size, sum_text, ui::theme().cell_fill, ui::theme().text, ui::theme().highlight_out, 2.0f);
  const int hovered = hw >= 0 ? hw : hk >= 0 ? hk : hp;
  if (hovered >= 0) {
    const size_t i = static_cast<size_t>(hovered);
    ui::value_tooltip("pixel (%d, %d) = %.4f  x  weight (%d, %d) = %.4f  =  %.4f", s.out_row + hovered / 3,
                             s.out_col + hovered % 3, double(s.window[i]), hovered / 3, hovered % 3,
                             double(s.weights[i]), double(s.products[i]));
  }

  if (lesson.kernel_choice() == ConvKernelChoice::learned)
    ImGui::TextDisabled("In the CNN, conv2d_1 then adds filter %d's bias and applies ReLU (the next lesson).",
                        lesson.learned_filter());
  ImGui::Spacing();
  edit_kernel(ctx, lesson);
}
