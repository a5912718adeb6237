// The inside-the-CNN lesson's view: the student's drawing (or a test digit) through every layer
// of the live model: feature maps as tiles, dense activations as a grid, the softmax as bars;
// re-run as the model trains.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/image_texture.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/inside.h"

namespace {

using dl::lessons::InsideLesson;
using dl::lessons::LayerSnapshot;
using dl::lessons::LessonId;

// While the model trains its weights change many times a second; re-run at most this often.
constexpr double kRunInterval = 0.3;  // seconds

struct LayerPicture {
  ImageTexture atlas;  // spatial: the channels side by side; vector: the values as a grid
  ColorLegend legend;
  Colormap map = Colormap::sequential;
  float lo = 0, hi = 1;
};

struct InsideViewState : LessonViewState {
  bool use_drawing = true;  // the Draw tab's digit when there is one, else a test digit
  int test_index = 0;
  bool per_map_range = false;  // scale each feature map to its own min..max

  std::vector<float> input;      // what the lesson last ran on (784 values)
  uint64_t run_generation = 0;   // ctx.live.generation it ran with
  double run_time = -1.0;
  bool pictures_stale = true;    // re-build the textures from the snapshots
  std::vector<std::unique_ptr<LayerPicture>> pictures;  // one per layer
  ImageTexture input_texture;
  int scrolled_to = -1;          // the step the view last scrolled to
};

bool has_drawing(const LessonContext& ctx) { return !ctx.drawing.empty; }

// The digit to follow: the drawing, or test digit `test_index`, as 784 floats in [0, 1].
std::vector<float> chosen_input(const LessonContext& ctx, InsideViewState& state) {
  if (state.use_drawing && has_drawing(ctx)) {
    const auto& pixels = ctx.drawing.pixels;
    return std::vector<float>(pixels.begin(), pixels.end());
  }
  state.test_index = std::clamp(state.test_index, 0, ctx.data.test->count - 1);
  return dl::lessons::digit_image(*ctx.data.test, state.test_index).values();
}

void draw_input_choice(const LessonContext& ctx, InsideViewState& state) {
  ImGui::BeginDisabled(!has_drawing(ctx));
  if (ImGui::RadioButton("your drawing", state.use_drawing && has_drawing(ctx))) state.use_drawing = true;
  ImGui::EndDisabled();
  automation::record_item("inside:source:drawing");
  if (!has_drawing(ctx)) ui::why_disabled("Draw a digit in the Draw tab to follow it through the network.");
  if (!touch_style() || has_drawing(ctx)) ImGui::SameLine();
  if (ImGui::RadioButton("test digit", !state.use_drawing || !has_drawing(ctx))) state.use_drawing = false;
  automation::record_item("inside:source:test");
  ImGui::SameLine();
  ImGui::BeginDisabled(state.use_drawing && has_drawing(ctx));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::InputInt("##test index", &state.test_index)) state.use_drawing = false;
  state.test_index = std::clamp(state.test_index, 0, ctx.data.test->count - 1);
  ImGui::EndDisabled();
  automation::record_item("inside:image");
}

// Runs the lesson when its input or the model changed (at most every kRunInterval while training).
void update_run(LessonContext& ctx, const InsideLesson& lesson, InsideViewState& state) {
  std::vector<float> input = chosen_input(ctx, state);
  const bool input_changed = input != state.input;
  const bool model_changed = state.run_generation != ctx.live.generation || !lesson.has_run();
  if (!input_changed && !model_changed) return;
  if (!input_changed && ImGui::GetTime() - state.run_time < kRunInterval) return;
  const dl::Status s = ctx.edit(lesson_edit::InsideRun{input});
  if (!s) {
    ctx.commands.report_problem("Inside the CNN: " + s.message());
    return;
  }
  state.input = std::move(input);
  state.run_generation = ctx.live.generation;
  state.run_time = ImGui::GetTime();
  state.pictures_stale = true;
}

// Uploads every layer's values: spatial layers as an atlas of their channels, vectors as a grid.
void build_pictures(const InsideLesson& lesson, InsideViewState& state) {
  if (!state.pictures_stale) return;
  state.pictures_stale = false;
  const auto& layers = lesson.layers();
  while (state.pictures.size() < layers.size()) state.pictures.push_back(std::make_unique<LayerPicture>());
  for (size_t l = 0; l < layers.size(); ++l) {
    const LayerSnapshot& s = layers[l];
    LayerPicture& p = *state.pictures[l];
    const int columns = s.tiles.columns, rows = s.tiles.rows;
    const int tile_w = s.spatial ? s.maps.width : 1, tile_h = s.spatial ? s.maps.height : 1;
    const int channels = s.spatial ? s.maps.channels : s.maps.width;
    // Signed values get the diverging map around 0; activations (ReLU, sigmoid) the sequential one.
    const bool signed_values = s.range.min < 0.0f;
    p.map = signed_values ? Colormap::diverging : Colormap::sequential;
    const float reach = std::max(std::fabs(s.range.min), std::fabs(s.range.max));
    p.lo = signed_values ? -reach : 0.0f;
    p.hi = std::max(signed_values ? reach : s.range.max, 1e-6f);
    const bool per_map = state.per_map_range && s.spatial;
    if (per_map) p.map = Colormap::sequential, p.lo = 0.0f, p.hi = 1.0f;

    std::vector<float> atlas(size_t(columns * tile_w) * size_t(rows * tile_h), p.lo);
    for (int c = 0; c < channels; ++c) {
      const int tx = (c % columns) * tile_w, ty = (c / columns) * tile_h;
      const dl::lessons::ValueRange r = s.channel_ranges[s.spatial ? size_t(c) : 0];
      for (int y = 0; y < tile_h; ++y)
        for (int x = 0; x < tile_w; ++x) {
          float v = s.spatial ? s.values[s.maps.index(y, x, c)] : s.values[size_t(c)];
          if (per_map) v = r.max > r.min ? (v - r.min) / (r.max - r.min) : 0.0f;
          atlas[size_t(ty + y) * size_t(columns * tile_w) + size_t(tx + x)] = v;
        }
    }
    p.atlas.update(atlas.data(), columns * tile_w, rows * tile_h, p.map, p.lo, p.hi);
  }
}

// The layer's channels as tiles (spatial) or its values as a grid of cells (a vector); hover reads
// a value.
void draw_layer_values(const InsideLesson& lesson, int l, LayerPicture& p, bool current) {
  const LayerSnapshot& s = lesson.layers()[size_t(l)];
  const float avail = ImGui::GetContentRegionAvail().x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int columns = s.tiles.columns, rows = s.tiles.rows;
  if (s.spatial) {
    const float gap = 3.0f;
    const float fit = std::floor((avail - (columns - 1) * gap) / columns);
    const float tile = std::clamp(fit, 12.0f, current ? 72.0f : 40.0f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("tiles", ImVec2(columns * tile + (columns - 1) * gap, rows * tile + (rows - 1) * gap));
    const ImVec2 mouse = ImGui::GetMousePos();
    for (int c = 0; c < s.maps.channels; ++c) {
      const ImVec2 a(o.x + (c % columns) * (tile + gap), o.y + (c / columns) * (tile + gap));
      const ImVec2 b(a.x + tile, a.y + tile);
      p.atlas.draw_region(draw, a, b, (c % columns) * s.maps.width, (c / columns) * s.maps.height, s.maps.width,
                          s.maps.height);
      draw->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), ui::theme().grid_line);
      if (ImGui::IsItemHovered() && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y) {
        const int row = std::min(int((mouse.y - a.y) / tile * s.maps.height), s.maps.height - 1);
        const int col = std::min(int((mouse.x - a.x) / tile * s.maps.width), s.maps.width - 1);
        const dl::lessons::ValueRange r = s.channel_ranges[size_t(c)];
        ui::value_tooltip("%s, map %d, (%d, %d) = %.4f\nthis map: %.3f .. %.3f", s.name.c_str(), c, row, col,
                                 double(lesson.value(l, row, col, c)), double(r.min), double(r.max));
        draw->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), ui::theme().highlight_a, 0.0f, 0, 2.0f);
      }
    }
    return;
  }
  const int n = s.maps.width;
  const float cell = std::clamp(std::floor(avail / columns), 3.0f, current ? 10.0f : 7.0f);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("grid", ImVec2(columns * cell, rows * cell));
  const int full_rows = n / columns, rest = n % columns;
  if (full_rows > 0)
    p.atlas.draw_region(draw, o, ImVec2(o.x + columns * cell, o.y + full_rows * cell), 0, 0, columns, full_rows);
  if (rest > 0)  // a partly filled last row: only its real values
    p.atlas.draw_region(draw, ImVec2(o.x, o.y + full_rows * cell), ImVec2(o.x + rest * cell, o.y + (full_rows + 1) * cell),
                        0, full_rows, rest, 1);
  draw->AddRect(ImVec2(o.x - 1, o.y - 1), ImVec2(o.x + columns * cell + 1, o.y + rows * cell + 1), ui::theme().grid_line);
  int hr = 0, hc = 0;
  if (ui::hovered_cell(rows, columns, &hr, &hc) && hr * columns + hc < n) {
    const int i = hr * columns + hc;
    ui::value_tooltip("%s, value %d = %.4f", s.name.c_str(), i, double(lesson.value(l, 0, i, 0)));
  }
}

void draw_layer(const InsideLesson& lesson, InsideViewState& state, int l, LessonContext& ctx) {
  const LayerSnapshot& s = lesson.layers()[size_t(l)];
  const bool current = l == lesson.step();
  const bool last = l + 1 == lesson.step_count();
  ImGui::PushID(l);
  if (current && state.scrolled_to != l) {
    ImGui::SetScrollHereY(0.15f);
    state.scrolled_to = l;
  }
  char header[160];
  std::snprintf(header, sizeof header, "%d  %s  (%s)  %s", l + 1, s.name.c_str(), s.kind.c_str(),
                dl::shape_to_string(s.shape).c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, current ? ui::theme().accent_text : ImGui::GetStyleColorVec4(ImGuiCol_Text));
  if (ImGui::Selectable(header, current, 0, ImVec2(ImGui::CalcTextSize(header).x, 0))) {
    ctx.commands.lesson_scrub(l);
    state.scrolled_to = l;  // the student clicked it: it is in view already
  }
  ImGui::PopStyleColor();
  automation::record_item("inside:layer:" + s.name);
  ImGui::SameLine();
  ImGui::TextDisabled("values %.3f .. %.3f", double(s.range.min), double(s.range.max));

  LayerPicture& p = *state.pictures[size_t(l)];
  if (s.kind == "Dropout") {
    ImGui::TextDisabled("At prediction time dropout drops nothing: the same %d values as the layer above.",
                        int(s.values.size()));
  } else if (last && lesson.probabilities().size() == 10) {
    std::array<float, dl::kClassCount> probabilities{};
    std::copy_n(lesson.probabilities().begin(), 10, probabilities.begin());
    ui::draw_probability_bars(probabilities, std::min(ImGui::GetContentRegionAvail().x, 360.0f));
  } else {
    draw_layer_values(lesson, l, p, current);
    if (current || s.spatial) {
      const float width = std::min(ImGui::GetContentRegionAvail().x, 220.0f);
      if (state.per_map_range && s.spatial)
        ImGui::TextDisabled("each map scaled to its own min .. max (hover a map for its range)");
      else
        draw_color_legend(p.legend, p.map, p.lo, p.hi, ImVec2(width, 8.0f), "%.2f");
    }
  }
  ImGui::Spacing();
  ImGui::PopID();
}

}  // namespace

void draw_inside_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  InsideViewState& state = views.view_state<InsideViewState>(LessonId::inside);
  if (ctx.data_loading(nullptr)) return;
  const InsideLesson* model = ctx.lesson<InsideLesson>();
  if (!model) return;
  const InsideLesson& lesson = *model;

  // The input and what the model makes of it, side by side.
  const std::vector<float> input = chosen_input(ctx, state);
  const float side = 84.0f;
  state.input_texture.update(input.data(), 28, 28, Colormap::grayscale, 0.0f, 1.0f);
  state.input_texture.draw(ImVec2(side, side), ui::theme().grid_line);
  automation::record_item("inside:input");
  int hr = 0, hc = 0;
  if (ui::hovered_cell(28, 28, &hr, &hc)) ui::value_tooltip("pixel (%d, %d) = %.3f", hr, hc, double(input[size_t(hr * 28 + hc)]));
  ImGui::SameLine();
  ImGui::BeginGroup();
  draw_input_choice(ctx, state);
  if (!state.use_drawing || !has_drawing(ctx))
    ImGui::TextDisabled("test digit %d, labelled %d", state.test_index,
                        int(ctx.data.test->labels[size_t(state.test_index)]));
  else
    ImGui::TextDisabled("your drawing, as the Draw tab prepared it (28 x 28, centred)");
  if (!ctx.live.ready()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("No model yet: train one (or load a file) in the Train panel, and its layers appear here. "
                           "The CNN shows feature maps; the MLP shows dense activations.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return;
  }
  update_run(ctx, lesson, state);
  if (lesson.has_run()) {
    ImGui::Text("The %s (%s) says:", ctx.live.kind == dl::ModelKind::cnn ? "CNN" : "MLP", ctx.live.origin_text().c_str());
    ImGui::SameLine();
    const int best = lesson.predicted_class();
    ImGui::TextColored(ui::theme().accent_text, "%d (%.1f%%)", best,
                       100.0 * double(lesson.probabilities()[size_t(best)]));
  }
  if (ctx.live.kind == dl::ModelKind::cnn) {  // the MLP has no feature maps
    if (ImGui::Checkbox("scale each feature map to its own range", &state.per_map_range)) state.pictures_stale = true;
    automation::record_item("inside:per_map");
  }
  ImGui::EndGroup();
  if (!lesson.has_run()) return;

  draw_step_controls(lesson, ctx);
  build_pictures(lesson, state);
  // The layers scroll on their own, so the controls above stay in view.
  ImGui::BeginChild("layers", ImVec2(0, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
  for (int l = 0; l < lesson.step_count(); ++l) draw_layer(lesson, state, l, ctx);
  ImGui::EndChild();
}
