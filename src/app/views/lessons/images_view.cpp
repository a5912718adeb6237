// Lesson 2's view: one MNIST training digit as a picture and as its 28 x 28 matrix of pixel values
// in one grid — each cell shaded by its value and labelled with it — browsable by index.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/images.h"

namespace {

struct ImagesViewState : LessonViewState {
  int hovered_row = -1, hovered_col = -1;  // the pixel under the mouse, framed in both pictures
};

// The digit at its own size (scaled up a little): how a person sees it.
void draw_thumbnail(const dl::lessons::ImagesLesson& lesson, const ImagesViewState& state, float scale) {
  const dl::lessons::DigitView& d = lesson.current();
  const ImVec2 origin = ui::digit_picture(d.pixels.data(), d.rows, d.cols, scale);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (state.hovered_row >= 0) {
    const ImVec2 min(origin.x + state.hovered_col * scale, origin.y + state.hovered_row * scale);
    draw->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(min.x + scale + 1, min.y + scale + 1), ui::theme().highlight_a, 0,
                  0, 2.0f);
  }
}

// A magnified neighbourhood of one pixel, for when the grid is too narrow to print its numbers.
void draw_zoom_tooltip(const dl::lessons::ImagesLesson& lesson, int row, int col) {
  constexpr int kReach = 3;  // a 7 x 7 window around the pixel
  const dl::lessons::DigitView& d = lesson.current();
  ImGui::BeginTooltip();
  ImGui::Text("X_train[%d][%d][%d] = %d", d.index, row, col, lesson.pixel(row, col));
  const ImVec2 cell(ImGui::CalcTextSize("255").x + 8.0f, ImGui::GetFontSize() + 6.0f);
  const ImVec2 origin = ui::reserve_canvas(ImVec2(cell.x * (2 * kReach + 1), cell.y * (2 * kReach + 1)));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int dr = -kReach; dr <= kReach; ++dr)
    for (int dc = -kReach; dc <= kReach; ++dc) {
      const int r = row + dr, c = col + dc;
      if (r < 0 || c < 0 || r >= d.rows || c >= d.cols) continue;
      const int v = lesson.pixel(r, c);
      char label[8];
      std::snprintf(label, sizeof label, "%d", v);
      const ImU32 fill = ui::gray(dl::pixel_to_input(v));
      const bool centre = dr == 0 && dc == 0;
      ui::cell(draw, ImVec2(origin.x + (dc + kReach) * cell.x, origin.y + (dr + kReach) * cell.y), cell, label, fill,
                      v == 0 ? IM_COL32(110, 110, 116, 255) : ui::text_on(fill),
                      centre ? ui::theme().highlight_a : IM_COL32(50, 50, 56, 255), centre ? 2.0f : 1.0f);
    }
  ImGui::EndTooltip();
}

// The same digit as numbers: cells as wide as "255" when there is room (the numbers are the point),
// shaded like the picture so the digit stays visible; zeros dimmed so the ink stands out. When the
// tab is too narrow for the numbers, hovering magnifies the region under the mouse instead.
void draw_value_grid(const dl::lessons::ImagesLesson& lesson, ImagesViewState& state) {
  const dl::lessons::DigitView& d = lesson.current();
  const float number_w = ImGui::CalcTextSize("255").x;
  const float cell_w = std::clamp(ImGui::GetContentRegionAvail().x / d.cols, 6.0f, number_w + 5.0f);
  const ImVec2 cell(cell_w, std::max(cell_w * 0.68f, ImGui::GetFontSize() + 1.0f));
  const ImVec2 origin = ui::reserve_canvas(ImVec2(cell.x * d.cols, cell.y * d.rows));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const bool numbers_fit = cell.x >= number_w;

  state.hovered_row = state.hovered_col = -1;
  for (int r = 0; r < d.rows; ++r) {
    for (int c = 0; c < d.cols; ++c) {
      const int v = lesson.pixel(r, c);
      const ImU32 fill = ui::gray(dl::pixel_to_input(v));
      const ImU32 text = v == 0 ? IM_COL32(90, 90, 96, 255) : ui::text_on(fill);
      char label[8];
      std::snprintf(label, sizeof label, "%d", v);
      const ImVec2 min(origin.x + c * cell.x, origin.y + r * cell.y);
      if (ui::cell(draw, min, cell, numbers_fit ? label : "", fill, text, IM_COL32(50, 50, 56, 255), 1.0f)) {
        state.hovered_row = r;
        state.hovered_col = c;
        draw->AddRect(min, ImVec2(min.x + cell.x, min.y + cell.y), ui::theme().highlight_a, 0, 0, 2.0f);
        if (numbers_fit) ui::value_tooltip("X_train[%d][%d][%d] = %d\nrow %d, column %d", d.index, r, c, v, r, c);
        else draw_zoom_tooltip(lesson, r, c);
      }
    }
  }
}

void draw_browser(const LessonContext& ctx, const dl::lessons::ImagesLesson& lesson) {
  const dl::lessons::DigitView& d = lesson.current();
  ImGui::Text("X_train[");
  ImGui::SameLine(0, 0);
  int index = lesson.index();
  // The field and its - / + steppers (a finger's steppers are wider).
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4 + ImGui::GetFrameHeight() * 2);
  if (ImGui::InputInt("##index", &index, 1, 100)) ctx.edit(lesson_edit::ImageIndex{index});
  automation::record_item("images:Index");
  ImGui::SameLine(0, 0);
  ImGui::Text("]");
  char label[8];
  std::snprintf(label, sizeof label, "%d", d.label);
  ui::same_line_if_fits(ImGui::CalcTextSize(" is a 0").x);
  ui::text_with_accent(" is a ", label);
  char truth[48];
  std::snprintf(truth, sizeof truth, "(y_train[%d] = %d)", d.index, d.label);
  ui::same_line_if_fits(ImGui::CalcTextSize(truth).x);
  ImGui::TextDisabled("%s", truth);

  ImGui::TextDisabled("Try:");
  struct Example { int index; const char* label; const char* automation_label; };
  for (const Example& e : {Example{1, "X_train[1]: a 0", "images:1"}, Example{5, "X_train[5]: a 2", "images:5"}}) {
    ui::same_line_if_fits(ui::small_button_width(e.label));
    if (ui::small_button(e.label)) ctx.edit(lesson_edit::ImageIndex{e.index});
    automation::record_item(e.automation_label);
  }
  char shape[48];
  std::snprintf(shape, sizeof shape, "shape (%d, %d, %d)", lesson.step_count(), d.rows, d.cols);
  ui::same_line_if_fits(ImGui::CalcTextSize(shape).x);
  ImGui::TextDisabled("%s", shape);
}

}  // namespace

void draw_images_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  const dl::lessons::ImagesLesson* lesson = ctx.lesson<dl::lessons::ImagesLesson>();
  if (!lesson) {
    if (!ctx.data.error.empty()) ImGui::TextWrapped("%s", ctx.data.error.c_str());
    else ImGui::TextDisabled("loading data... (%.1f MB so far)", ctx.data.received_bytes / 1e6);
    return;
  }
  ImagesViewState& state = views.view_state<ImagesViewState>(dl::lessons::LessonId::images);

  // The picture beside the browser, then the matrix across the full width.
  ImGui::BeginGroup();
  draw_thumbnail(*lesson, state, 3.0f);
  ImGui::EndGroup();
  ui::same_line_if_fits(ImGui::GetFontSize() * 24);  // the browser beside the picture when it has room
  ImGui::BeginGroup();
  draw_browser(ctx, *lesson);
  draw_step_controls(*lesson, ctx);
  ImGui::EndGroup();
  ImGui::Spacing();
  draw_value_grid(*lesson, state);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("0 is blank paper, 255 is full ink. Point at a cell (or touch and hold it) for its row and column.");
  ImGui::PopTextWrapPos();
}
