// The max-pooling lesson's view: 2 x 2 windows with stride 2 stepping over a feature map (the
// live CNN's conv2d_2 output when there is one, else the ReLU of the convolution lesson's map),
// each window's maximum marked, and the map of maxima half as wide filling in.
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
#include "lessons/inside.h"
#include "lessons/pool.h"
#include "lessons/relu.h"

namespace {

using dl::lessons::LessonId;
using dl::lessons::PoolLesson;

// The live CNN is re-run on the digit at most this often while it trains.
constexpr double kProbeInterval = 0.5;  // seconds

struct PoolViewState : LessonViewState {
  bool use_cnn = true;  // pool the trained CNN's own maps when there is a CNN
  int channel = 0;
  // The CNN path: one prediction's layer outputs, through the inside-the-CNN lesson's model.
  dl::lessons::InsideLesson probe;
  uint64_t probe_generation = 0;
  int probe_image = -2;  // the conv lesson's digit the probe ran on
  double probe_time = -1.0;
  std::string source_name;     // what is pooled, for the caption
  std::vector<float> source;   // the maps last given to the pool lesson
  ImageTexture input_texture, output_texture;
  ColorLegend legend;
};

// The layer the CNN's first MaxPooling2D pools (conv2d_2 in the workshop's CNN), or -1.
int pooled_layer(const dl::lessons::InsideLesson& probe) {
  const auto& layers = probe.layers();
  for (size_t i = 1; i < layers.size(); ++i)
    if (layers[i].kind == "MaxPooling2D" && layers[i - 1].spatial) return static_cast<int>(i - 1);
  return -1;
}

void give_maps(const LessonContext& ctx, const PoolLesson& lesson, PoolViewState& state, const dl::Tensor& maps) {
  if (maps.values() == state.source && lesson.input_grid().size() > 0) return;
  state.source = maps.values();
  state.channel = std::clamp(state.channel, 0, std::max(0, maps.rank() == 3 ? maps.dim(2) - 1 : 0));
  if (!ctx.edit(lesson_edit::PoolMaps{maps, state.channel})) state.channel = 0;
}

// Chooses and refreshes what the pool lesson pools.
void update_source(LessonContext& ctx, PoolViewState& state) {
  const dl::lessons::ConvLesson* conv_model = ctx.lesson<dl::lessons::ConvLesson>();
  const dl::lessons::ReluLesson* relu = ctx.lesson<dl::lessons::ReluLesson>();
  const PoolLesson* pool = ctx.lesson<PoolLesson>();
  if (!conv_model || !relu || !pool) return;
  const dl::lessons::ConvLesson& conv = *conv_model;
  const PoolLesson& lesson = *pool;

  if (state.use_cnn && ctx.live_cnn()) {
    const double now = ImGui::GetTime();
    const bool stale = state.probe_generation != ctx.live.generation || state.probe_image != conv.image_index();
    if (stale && (now - state.probe_time >= kProbeInterval || state.probe_image != conv.image_index() || !state.probe.has_run())) {
      if (state.probe.run(*ctx.live.model, conv.image().values())) {
        state.probe_generation = ctx.live.generation;
        state.probe_image = conv.image_index();
        state.probe_time = now;
      }
    }
    const int layer = state.probe.has_run() ? pooled_layer(state.probe) : -1;
    if (layer >= 0) {
      const dl::lessons::LayerSnapshot& s = state.probe.layers()[size_t(layer)];
      give_maps(ctx, lesson, state, dl::Tensor({s.maps.height, s.maps.width, s.maps.channels}, s.values));
      state.source_name = "the CNN's " + s.name + " output (after its ReLU) for training digit " +
                          std::to_string(conv.image_index());
      return;
    }
  }
  // No CNN: the ReLU of the convolution lesson's map, as a CNN would pool it (the session keeps the
  // ReLU lesson on that map: follow_convolution).
  give_maps(ctx, lesson, state, relu->after());
  state.source_name = "the ReLU lesson's map: max(0, conv) of training digit " + std::to_string(conv.image_index()) +
                      " with the " + dl::lessons::kernel_choice_name(conv.kernel_choice()) + " kernel";
}

void draw_inputs(LessonContext& ctx, const PoolLesson& lesson, PoolViewState& state) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("Pooling %s.", state.source_name.c_str());
  ImGui::PopTextWrapPos();
  if (ctx.live_cnn()) {
    if (ImGui::Checkbox("use the trained CNN's maps", &state.use_cnn)) state.source.clear();
    automation::record_item("pool:use_cnn");
  } else {
    ImGui::TextDisabled("Train the CNN to pool its own conv2d_2 maps (24 x 24 x 32) instead.");
  }
  const int channels = lesson.input_grid().size() ? static_cast<int>(state.source.size() / lesson.input_grid().size()) : 1;
  if (channels > 1) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::SliderInt("channel", &state.channel, 0, channels - 1)) ctx.edit(lesson_edit::PoolChannel{state.channel});
    automation::record_item("pool:channel");
  }
}

void draw_window_numbers(const PoolLesson& lesson) {
  const dl::lessons::PoolStep& s = lesson.current();
  const int pool = lesson.geometry().pool;
  ImGui::Text("Window (%d, %d), rows %d-%d, columns %d-%d:", s.out_row, s.out_col, s.top, s.top + pool - 1, s.left,
              s.left + pool - 1);
  const ImVec2 cell(54.0f, ImGui::GetTextLineHeight() + 6.0f);
  const ImVec2 o = ui::reserve_canvas(ImVec2(pool * cell.x + 260.0f, pool * cell.y + 2));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  char text[32];
  std::string list;
  for (int i = 0; i < pool * pool; ++i) {
    const float v = s.window[size_t(i)] + 0.0f;
    std::snprintf(text, sizeof text, "%.3f", double(v));
    list += (i ? ", " : "") + std::string(text);
    const ImVec2 at(o.x + (i % pool) * cell.x, o.y + (i / pool) * cell.y);
    const bool is_max = i == s.max_in_window;
    if (ui::cell(draw, at, cell, text, is_max ? IM_COL32(50, 90, 50, 255) : ui::theme().cell_fill,
                        ui::theme().text, is_max ? ui::theme().highlight_out : ui::theme().grid_line, is_max ? 2.0f : 1.0f))
      ui::value_tooltip("input (%d, %d) = %.4f%s", s.top + i / pool, s.left + i % pool, double(v),
                               is_max ? "  (the maximum)" : "");
  }
  draw->AddRect(o, ImVec2(o.x + pool * cell.x, o.y + pool * cell.y), ui::theme().highlight_a, 0.0f, 0, 2.0f);
  std::snprintf(text, sizeof text, "%.4f", double(s.max));
  const std::string line = "max(" + list + ") = ";
  const ImVec2 t(o.x + pool * cell.x + 14, o.y + pool * cell.y * 0.5f - ImGui::GetTextLineHeight() * 0.5f);
  draw->AddText(t, ui::theme().text, line.c_str());
  draw->AddText(ImVec2(t.x + ImGui::CalcTextSize(line.c_str()).x, t.y), ImGui::GetColorU32(ui::theme().accent_text), text);
}

}  // namespace

void draw_pool_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  PoolViewState& state = views.view_state<PoolViewState>(LessonId::pool);
  if (ctx.data_loading("pooling will shrink one of their feature maps.")) return;
  update_source(ctx, state);
  const PoolLesson* model = ctx.lesson<PoolLesson>();
  if (!model || model->input_grid().size() == 0) return;
  const PoolLesson& lesson = *model;
  draw_inputs(ctx, lesson, state);
  draw_step_controls(lesson, ctx);

  const dl::Tensor input = lesson.input_grid();
  const int rows = input.dim(0), cols = input.dim(1), out_rows = lesson.out_rows(), out_cols = lesson.out_cols();
  const int stride = lesson.geometry().stride, pool = lesson.geometry().pool;
  const dl::lessons::PoolStep& s = lesson.current();
  const dl::lessons::ValueRange range = dl::lessons::value_range(input.values());
  const float lo = std::min(range.min, 0.0f), hi = std::max(range.max, lo + 1e-6f);

  // The same scale for both: the output is visibly half as wide and half as tall.
  const float gap = 28.0f;
  const float scale = std::clamp(std::floor((ImGui::GetContentRegionAvail().x - gap) / float(cols + out_cols)), 3.0f, 10.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  int hr = 0, hc = 0;

  ImGui::BeginGroup();
  ImGui::Text("feature map (%d x %d)", rows, cols);
  state.input_texture.update(input.data(), cols, rows, Colormap::sequential, lo, hi);
  state.input_texture.draw(ImVec2(cols * scale, rows * scale), ui::theme().grid_line);
  automation::record_item("pool:input");
  const ImVec2 in_min = ImGui::GetItemRectMin();
  if (ui::hovered_cell(rows, cols, &hr, &hc)) {
    const int orow = std::min(hr / stride, out_rows - 1), ocol = std::min(hc / stride, out_cols - 1);
    ui::value_tooltip("(%d, %d) = %.4f, in window (%d, %d)  (click to go there)", hr, hc,
                             double(input[size_t(hr) * cols + hc]), orow, ocol);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ctx.commands.lesson_scrub(lesson.step_of(orow, ocol));
  }
  // The windows' grid, the current window and its maximum.
  for (int k = stride; k < cols; k += stride)
    draw->AddLine(ImVec2(in_min.x + k * scale, in_min.y), ImVec2(in_min.x + k * scale, in_min.y + rows * scale),
                  IM_COL32(0, 0, 0, 90));
  for (int k = stride; k < rows; k += stride)
    draw->AddLine(ImVec2(in_min.x, in_min.y + k * scale), ImVec2(in_min.x + cols * scale, in_min.y + k * scale),
                  IM_COL32(0, 0, 0, 90));
  const ImVec2 w0(in_min.x + s.left * scale, in_min.y + s.top * scale);
  draw->AddRect(ImVec2(w0.x - 1, w0.y - 1), ImVec2(w0.x + pool * scale + 1, w0.y + pool * scale + 1),
                ui::theme().highlight_a, 0.0f, 0, 2.5f);
  const ImVec2 m0(in_min.x + s.max_col * scale, in_min.y + s.max_row * scale);
  draw->AddRect(ImVec2(m0.x + 1, m0.y + 1), ImVec2(m0.x + scale - 1, m0.y + scale - 1), ui::theme().highlight_out, 0.0f, 0, 2.0f);
  draw_color_legend(state.legend, Colormap::sequential, lo, hi, ImVec2(cols * scale, 9.0f), "%.2f");
  ImGui::EndGroup();

  ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  ImGui::Text("max pooled (%d x %d)", out_rows, out_cols);
  state.output_texture.update(lesson.pooled_so_far().data(), out_cols, out_rows, Colormap::sequential, lo, hi);
  state.output_texture.draw(ImVec2(out_cols * scale, out_rows * scale), ui::theme().grid_line);
  automation::record_item("pool:output");
  const ImVec2 out_min = ImGui::GetItemRectMin();
  if (ui::hovered_cell(out_rows, out_cols, &hr, &hc)) {
    const int step = lesson.step_of(hr, hc);
    if (step <= lesson.step())
      ui::value_tooltip("(%d, %d) = %.4f, the maximum of its window  (click to go there)", hr, hc,
                               double(lesson.pooled()[size_t(hr) * out_cols + hc]));
    else
      ui::value_tooltip("(%d, %d): not pooled yet  (click to go there)", hr, hc);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ctx.commands.lesson_scrub(step);
  }
  ui::shade_pending(draw, out_min, scale, out_rows, out_cols, s.out_row, s.out_col);
  ui::outline_cell(draw, out_min, scale, s.out_row, s.out_col, ui::theme().highlight_out);
  ImGui::Spacing();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(out_cols * scale, 150.0f));
  ImGui::TextDisabled("%d x %d = %d values in, %d x %d = %d out: a quarter of the numbers for the next layer to process.",
                      rows, cols, rows * cols, out_rows, out_cols, out_rows * out_cols);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  ImGui::Spacing();
  draw_window_numbers(lesson);
}
