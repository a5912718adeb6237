// Lesson 1's view: C = A x B drawn as three grids of cells, one product per step — the current row
// of A and column of B highlighted, the products and running sum listed, C filling in.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/matmul.h"
#include "lessons/json_writer.h"

namespace {

using dl::lessons::CellState;
using dl::lessons::MatmulExample;
using dl::lessons::MatmulLesson;

enum class Operand { a, b };

struct MatmulViewState : LessonViewState {
  MatmulExample example = MatmulExample::two_by_three;  // MatmulLesson's default
  // The cell whose editor popup is open.
  Operand editing = Operand::a;
  int edit_row = 0, edit_col = 0;
  float edit_value = 0.0f;
};

constexpr const char* kEditPopup = "edit matmul cell";

std::string number_text(float v) { return dl::lessons::format_float(v); }

float operand_value(const MatmulLesson& m, Operand which, int row, int col) {
  return which == Operand::a ? m.a()[static_cast<size_t>(row) * m.inner() + col]
                             : m.b()[static_cast<size_t>(row) * m.cols() + col];
}

// Wide enough for the longest number on show, so edited values like -12.25 still fit.
float cell_width(const MatmulLesson& m) {
  float widest = ImGui::CalcTextSize("000").x;
  auto widen = [&](const dl::Tensor& t) {
    for (float v : t.values()) widest = std::max(widest, ImGui::CalcTextSize(number_text(v).c_str()).x);
  };
  widen(m.a());
  widen(m.b());
  widen(m.result_so_far());
  return std::max(widest + ImGui::GetFontSize() * 1.2f, ImGui::GetFontSize() * 3.2f);
}

struct GridGeometry {
  ImVec2 origin;
  ImVec2 cell;
  int rows, cols;
  ImVec2 size() const { return ImVec2(cell.x * cols, cell.y * rows); }
  ImVec2 cell_min(int r, int c) const { return ImVec2(origin.x + c * cell.x, origin.y + r * cell.y); }
};

// A or B: cells in the highlighted line are filled with the operand's colour, and the one being
// multiplied right now gets a bright frame. Every cell is a button that opens the editor.
void draw_operand(const MatmulLesson& m, MatmulViewState& state, Operand which, const GridGeometry& g) {
  const dl::lessons::MatmulStep& s = m.current();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      // Row `s.row` of A and column `s.col` of B are combined; index `term` along them is the product now.
      const bool in_line = which == Operand::a ? r == s.row : c == s.col;
      const bool is_term = in_line && (which == Operand::a ? c == s.term : r == s.term);
      const float value = operand_value(m, which, r, c);
      const ImU32 fill = in_line ? (which == Operand::a ? ui::theme().highlight_a : ui::theme().highlight_b)
                                 : ui::theme().cell_fill;
      const ImVec2 min = g.cell_min(r, c);
      ImGui::SetCursorScreenPos(min);
      ImGui::PushID(which == Operand::a ? 0 : 1);
      ImGui::PushID(r * 64 + c);
      const bool clicked = ImGui::InvisibleButton("cell", g.cell);
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      ImGui::PopID();
      char label[24];
      std::snprintf(label, sizeof label, "matmul:%c%d%d", which == Operand::a ? 'A' : 'B', r, c);
      automation::record_item(label);
      ui::cell(draw, min, g.cell, number_text(value).c_str(), fill, ui::text_on(fill),
                      is_term ? ui::theme().strong_line : ui::theme().grid_line, is_term ? 2.5f : 1.0f);
      if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ui::value_tooltip("%s[%d][%d] = %s\nclick to change it", which == Operand::a ? "A" : "B", r, c,
                                 number_text(value).c_str());
      }
      if (clicked) {
        state.editing = which;
        state.edit_row = r;
        state.edit_col = c;
        state.edit_value = value;
        ImGui::OpenPopup(kEditPopup);
      }
    }
  }
}

// C as far as the stepping has got: finished cells, the running sum of the current one, blanks after.
void draw_result(const MatmulLesson& m, const GridGeometry& g) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const dl::lessons::MatmulStep& s = m.current();
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      const CellState cs = m.cell_state(r, c);
      const float value = m.result_so_far()[static_cast<size_t>(r) * m.cols() + c];
      const ImU32 fill = cs == CellState::current ? ui::theme().highlight_out
                         : cs == CellState::done  ? ui::theme().cell_done
                                                  : ui::theme().cell_pending;
      const std::string text = cs == CellState::pending ? std::string("?") : number_text(value);
      ui::cell(draw, g.cell_min(r, c), g.cell, text.c_str(), fill,
               cs == CellState::pending ? ui::theme().text_dim : ui::text_on(fill));
      // Each cell explains itself (hover, arrow keys, a tap): its dot product with the numbers.
      std::vector<float> row(size_t(m.inner())), column(size_t(m.inner()));
      for (int k = 0; k < m.inner(); ++k) {
        row[size_t(k)] = m.a()[size_t(r) * m.inner() + k];
        column[size_t(k)] = m.b()[size_t(k) * m.cols() + c];
      }
      const std::string name = "C[" + std::to_string(r) + "][" + std::to_string(c) + "]";
      std::string explanation;
      if (cs == CellState::pending)
        explanation = name + ": not computed yet. It will be row " + std::to_string(r) + " of A . column " +
                      std::to_string(c) + " of B = " + dl::lessons::products_text(row, column, row.size()) + ".";
      else if (cs == CellState::current && !s.cell_complete)
        explanation = name + " so far = " + dl::lessons::products_text(row, column, size_t(s.term) + 1) + " = " +
                      number_text(value) + " (" + std::to_string(s.term + 1) + " of " + std::to_string(m.inner()) +
                      " products added).";
      else
        explanation = name + " = row " + std::to_string(r) + " of A . column " + std::to_string(c) + " of B = " +
                      dl::lessons::products_text(row, column, row.size()) + " = " + number_text(value) + ".";
      ImGui::SetCursorScreenPos(g.cell_min(r, c));
      ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
      ImGui::InvisibleButton(("##" + name).c_str(), g.cell);
      ImGui::PopItemFlag();
      ui::explain_last_item(("matmul:" + name).c_str(), explanation);
    }
  }
}

void draw_label_above(const GridGeometry& g, const char* text) {
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // Kept inside the window: a label wider than its grid ends at the window's right edge.
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float x = std::max(ImGui::GetWindowPos().x, std::min(g.origin.x, right - ImGui::CalcTextSize(text).x));
  ImGui::GetWindowDrawList()->AddText(ImVec2(x, g.origin.y - line), ui::theme().text_dim, text);
}

void draw_operator(ImVec2 at, float height, const char* op) {
  const ImVec2 t = ImGui::CalcTextSize(op);
  ImGui::GetWindowDrawList()->AddText(ImVec2(at.x, at.y + (height - t.y) * 0.5f), ui::theme().text, op);
}

// A x B = C side by side, vertically centred on the tallest.
void draw_matrices(const MatmulLesson& m, MatmulViewState& state) {
  const float h = ImGui::GetFrameHeight() + 10.0f;  // roomy cells: the picture is the lesson
  // The three matrices side by side; on a narrow screen the cells and gaps shrink to fit (never
  // below the widest number's width).
  float gap = ImGui::GetFontSize() * 2.2f;
  ImVec2 cell(cell_width(m), h);
  const int columns = m.inner() + 2 * m.cols();
  const float avail = ImGui::GetContentRegionAvail().x;
  if (columns * cell.x + 2 * gap > avail) {
    gap = ImGui::GetFontSize() * 1.5f;
    cell.x = std::max(cell_width(m) * 0.6f, (avail - 2 * gap) / columns);
  }
  const float label_h = ImGui::GetTextLineHeightWithSpacing();
  const int tallest = std::max(m.rows(), m.inner());
  const float picture_h = tallest * h;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float y0 = top.y + label_h;
  auto centred = [&](int rows) { return y0 + (picture_h - rows * h) * 0.5f; };

  GridGeometry a{ImVec2(top.x, centred(m.rows())), cell, m.rows(), m.inner()};
  GridGeometry b{ImVec2(a.origin.x + a.size().x + gap, centred(m.inner())), cell, m.inner(), m.cols()};
  GridGeometry c{ImVec2(b.origin.x + b.size().x + gap, centred(m.rows())), cell, m.rows(), m.cols()};

  char label[48];
  std::snprintf(label, sizeof label, "A  (%d x %d)", m.rows(), m.inner());
  draw_label_above(a, label);
  std::snprintf(label, sizeof label, "B  (%d x %d)", m.inner(), m.cols());
  draw_label_above(b, label);
  std::snprintf(label, sizeof label, "C = A × B  (%d x %d)", m.rows(), m.cols());
  draw_label_above(c, label);
  draw_operator(ImVec2(a.origin.x + a.size().x + gap * 0.35f, y0), picture_h, "×");
  draw_operator(ImVec2(b.origin.x + b.size().x + gap * 0.35f, y0), picture_h, "=");

  draw_operand(m, state, Operand::a, a);
  draw_operand(m, state, Operand::b, b);
  draw_result(m, c);

  // Hand the space back to ImGui's layout.
  ImGui::SetCursorScreenPos(top);
  ImGui::Dummy(ImVec2(c.origin.x + c.size().x - top.x, label_h + picture_h + 6.0f));
}

void draw_edit_popup(const LessonContext& ctx, MatmulViewState& state) {
  const bool in_a = state.editing == Operand::a;
  char caption[32];
  std::snprintf(caption, sizeof caption, "%s[%d][%d]", in_a ? "A" : "B", state.edit_row, state.edit_col);
  if (!ui::value_editor_popup(kEditPopup, caption, &state.edit_value, "matmul:EditValue")) return;
  ctx.edit(lesson_edit::MatmulCell{in_a, state.edit_row, state.edit_col, state.edit_value});
}

// The arithmetic of the current cell: every product (those still to come dimmed) and the running sum.
void draw_arithmetic(const MatmulLesson& m) {
  const dl::lessons::MatmulStep& s = m.current();
  ImGui::Text("C[%d][%d] = row %d of A . column %d of B", s.row, s.col, s.row, s.col);
  ImGui::Indent();
  for (int p = 0; p < m.inner(); ++p) {
    const std::string a = number_text(s.row_values[p]), b = number_text(s.col_values[p]);
    const std::string product = number_text(s.products[p]);
    char line[128];
    std::snprintf(line, sizeof line, "%s × %s = %s", a.c_str(), b.c_str(), product.c_str());
    if (p < s.term) {
      ImGui::TextUnformatted(line);
    } else if (p == s.term) {
      ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent_text);
      ImGui::TextUnformatted(line);
      ImGui::PopStyleColor();
      ImGui::SameLine();
      ImGui::TextDisabled("<- this step");
    } else {
      ImGui::TextDisabled("%s × %s = ...", a.c_str(), b.c_str());
    }
  }
  ImGui::Unindent();

  // "running sum: 7 + 18 = 25", the sums coming from the engine's matmul_cell, term by term.
  std::string sum_terms;
  for (int p = 0; p <= s.term; ++p) sum_terms += (p ? " + " : "") + number_text(s.products[p]);
  const std::string total = number_text(s.running_sum);
  if (s.cell_complete) {
    ui::text_with_accent(("C[" + std::to_string(s.row) + "][" + std::to_string(s.col) + "] = " + sum_terms +
                                 " = ").c_str(),
                                total.c_str(), "   (cell done)");
  } else {
    ui::text_with_accent(("running sum: " + sum_terms + " = ").c_str(), total.c_str());
  }
}

void draw_example_choice(const LessonContext& ctx, MatmulViewState& state) {
  struct Choice { MatmulExample example; const char* label; const char* automation_label; };
  const Choice choices[] = {
      {MatmulExample::dot_product, "[1 2 3] . [2 4 6]", "matmul:dot"},
      {MatmulExample::two_by_two, "2x2 @ 2x2", "matmul:2x2"},
      {MatmulExample::two_by_three, "2x3 @ 3x2", "matmul:2x3"},
  };
  ImGui::TextUnformatted("Example:");
  for (const Choice& c : choices) {
    ui::same_line_if_fits(ui::radio_width(c.label));
    if (ImGui::RadioButton(c.label, state.example == c.example)) {
      state.example = c.example;
      ctx.edit(lesson_edit::MatmulExample{c.example, true});
    }
    automation::record_item(c.automation_label);
  }
  ui::same_line_if_fits(ui::small_button_width("Reset numbers") + ui::help_width());
  if (ui::small_button("Reset numbers")) ctx.edit(lesson_edit::MatmulExample{state.example, false});
  automation::record_item("matmul:Reset");
  ui::help_tooltip("Undo your edits: back to the workshop's numbers");
}

}  // namespace

void draw_matmul_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  const MatmulLesson* lesson = ctx.lesson<MatmulLesson>();
  if (!lesson) return;
  const MatmulLesson& m = *lesson;
  MatmulViewState& state = views.view_state<MatmulViewState>(dl::lessons::LessonId::matmul);

  draw_example_choice(ctx, state);
  draw_step_controls(m, ctx);
  ImGui::Spacing();
  draw_matrices(m, state);
  draw_edit_popup(ctx, state);
  ImGui::Spacing();
  draw_arithmetic(m);
  ImGui::Spacing();
  ImGui::TextDisabled("Click any number in A or B to change it; C is recomputed at once.");
}
