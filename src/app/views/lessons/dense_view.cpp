// Lesson 4's view: a dense layer computed neuron by neuron (inputs x weights = outputs), then its
// activations: sigmoid of each output, softmax of the whole layer — on the workshop's numbers or
// on the trained network's output layer for a real test digit.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/dense.h"
#include "lessons/json_writer.h"

namespace {

using dl::lessons::DenseLesson;
using dl::lessons::DensePhase;

enum class Source { workshop, model };
enum class Editing { input, weight };

struct DenseViewState : LessonViewState {
  Source source = Source::workshop;
  int test_index = 0;                 // the digit fed to the real network
  uint64_t loaded_generation = 0;     // the live model's weights the lesson was loaded from
  int loaded_index = -1;
  std::string load_error;
  Editing editing = Editing::input;   // the open cell editor
  int edit_input = 0, edit_neuron = 0;
  float edit_value = 0.0f;
};

constexpr const char* kEditPopup = "edit dense cell";
// Layers up to this size are drawn as number grids and a neuron diagram; larger ones as heat strips.
constexpr int kMaxGridInputs = 8;
constexpr int kMaxGridUnits = 10;

std::string num(float v) { return dl::lessons::format_float(v); }
std::string fixed8(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.8f", v);
  return text;
}
const char* activation_label(dl::Activation a) { return dl::activation_name(a); }

bool small_layer(const DenseLesson& d) { return d.input_count() <= kMaxGridInputs && d.units() <= kMaxGridUnits; }

// What the stepping has revealed so far.
bool z_revealed(const DenseLesson& d, int j) {
  const dl::lessons::DenseStep& s = d.current();
  return s.phase != DensePhase::weighted_sum || j <= s.neuron;
}
bool activation_revealed(const DenseLesson& d, int j) {
  const dl::lessons::DenseStep& s = d.current();
  return s.phase == DensePhase::softmax || (s.phase == DensePhase::elementwise && j <= s.neuron);
}

// Keeps the lesson on the live network's output layer, reloading when the weights or digit change.
void sync_model_source(LessonContext& ctx, DenseViewState& state) {
  if (!ctx.live.ready() || !ctx.data.test) return;
  state.test_index = std::clamp(state.test_index, 0, ctx.data.test->count - 1);
  if (state.loaded_generation == ctx.live.generation && state.loaded_index == state.test_index) return;
  const dl::Status s = ctx.edit(lesson_edit::DenseFromModel{state.test_index});
  state.load_error = s ? std::string() : s.message();
  state.loaded_generation = ctx.live.generation;
  state.loaded_index = state.test_index;
}

// ---- Small layers: number grids ------------------------------------------------------------------

struct Row {
  ImVec2 origin;
  ImVec2 cell;
  ImVec2 cell_min(int c) const { return ImVec2(origin.x + c * cell.x, origin.y); }
};

void open_editor(DenseViewState& state, Editing what, int input, int neuron, float value) {
  state.editing = what;
  state.edit_input = input;
  state.edit_neuron = neuron;
  state.edit_value = value;
  ImGui::OpenPopup(kEditPopup);
}

// A clickable number cell (x or W): draws it, shows its tooltip, opens the editor on click.
void editable_cell(ImVec2 min, ImVec2 size, float value, ImU32 fill, bool framed, const char* id, const char* tooltip,
                   DenseViewState& state, Editing what, int input, int neuron) {
  ImGui::SetCursorScreenPos(min);
  const bool clicked = ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  automation::record_item(std::string("dense:") + id);
  ui::cell(ImGui::GetWindowDrawList(), min, size, num(value).c_str(), fill, ui::text_on(fill),
                  framed ? ui::theme().strong_line : ui::theme().grid_line, framed ? 2.0f : 1.0f);
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ui::value_tooltip("%s = %s\nclick to change it", tooltip, num(value).c_str());
  }
  if (clicked) open_editor(state, what, input, neuron, value);
}

void draw_grids(const DenseLesson& d, DenseViewState& state) {
  const dl::lessons::DenseStep& s = d.current();
  const int n = d.input_count(), u = d.units();
  const bool summing = s.phase == DensePhase::weighted_sum;
  const float h = ImGui::GetFrameHeight() + 4.0f;
  // Output columns are wide enough for 8 decimals: the workshop quotes softmax to 8 places.
  const float out_w = ImGui::CalcTextSize("0.00000000").x + 12.0f;
  float in_w = ImGui::CalcTextSize("0.00").x + 14.0f;
  for (float v : d.inputs()) in_w = std::max(in_w, ImGui::CalcTextSize(num(v).c_str()).x + 14.0f);
  for (float v : d.kernel().values()) in_w = std::max(in_w, ImGui::CalcTextSize(num(v).c_str()).x + 14.0f);
  const float gap = ImGui::GetFontSize() * 2.0f;
  const float label_w = ImGui::CalcTextSize("softmax(z) =  ").x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeightWithSpacing();

  // x [1, n]  x  W [n, u]  =  z [1, u]; x sits level with W's first row. On a narrow screen the
  // outputs go under x and W, their neurons' columns still side by side.
  const bool outputs_below =
      (n + u) * in_w + 2 * gap + label_w + u * out_w > ImGui::GetContentRegionAvail().x;
  const ImVec2 x_origin(top.x, top.y + line);
  const ImVec2 w_origin(x_origin.x + n * in_w + gap, top.y + line);
  const ImVec2 z_origin = outputs_below ? ImVec2(top.x, w_origin.y + n * h + line + 6.0f)
                                        : ImVec2(w_origin.x + u * in_w + gap, top.y + line);
  draw->AddText(ImVec2(x_origin.x, top.y), ui::theme().text_dim, "inputs x");
  draw->AddText(ImVec2(w_origin.x, top.y), ui::theme().text_dim, "weights W");
  for (int j = 0; j < u; ++j) {  // column headers over the outputs: one column per neuron
    char header[16];
    std::snprintf(header, sizeof header, "neuron %d", j);
    draw->AddText(ImVec2(z_origin.x + label_w + j * out_w + 4, z_origin.y - line), ui::theme().text_dim, header);
  }
  draw->AddText(ImVec2(x_origin.x + n * in_w + gap * 0.35f, top.y + line + (h - ImGui::GetFontSize()) / 2),
                ui::theme().text, "×");

  for (int i = 0; i < n; ++i) {
    char id[16], tip[32];
    std::snprintf(id, sizeof id, "x%d", i);
    std::snprintf(tip, sizeof tip, "x[%d]", i);
    editable_cell(ImVec2(x_origin.x + i * in_w, x_origin.y), ImVec2(in_w, h), d.inputs()[static_cast<size_t>(i)],
                  summing ? ui::theme().highlight_a : ui::theme().cell_fill, false, id, tip, state, Editing::input, i, 0);
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < u; ++j) {
      char id[16], tip[32];
      std::snprintf(id, sizeof id, "W%d%d", i, j);
      std::snprintf(tip, sizeof tip, "W[%d][%d] (input %d -> neuron %d)", i, j, i, j);
      const bool in_column = summing && j == s.neuron;
      editable_cell(ImVec2(w_origin.x + j * in_w, w_origin.y + i * h), ImVec2(in_w, h),
                    d.kernel()[static_cast<size_t>(i) * u + j], in_column ? ui::theme().highlight_b : ui::theme().cell_fill,
                    in_column, id, tip, state, Editing::weight, i, j);
    }

  // The output rows, stacked under z so each neuron's column lines up: z, then each activation.
  struct OutputRow { const char* label; const std::vector<float>* values; bool softmax; };
  std::vector<OutputRow> rows{{"z", &d.pre_activations(), false}};
  for (dl::Activation a : d.activations_shown()) {
    if (a == dl::Activation::softmax) rows.push_back({"softmax(z)", &d.softmax(), true});
    else rows.push_back({a == dl::Activation::sigmoid ? "sigmoid(z)" : activation_label(a), &d.elementwise_activations(),
                         false});
  }
  float y = z_origin.y;
  for (size_t r = 0; r < rows.size(); ++r) {
    const OutputRow& row = rows[r];
    const float x0 = z_origin.x + label_w;
    // "sigmoid(z) =" right-aligned against its cells, so every row reads as an equation.
    const std::string caption = std::string(row.label) + " =";
    const float caption_w = ImGui::CalcTextSize(caption.c_str()).x;
    draw->AddText(ImVec2(x0 - caption_w - 6.0f, y + (h - ImGui::GetFontSize()) / 2), r == 0 ? ui::theme().text : ui::theme().text_dim,
                  caption.c_str());
    for (int j = 0; j < u; ++j) {
      const bool revealed = r == 0 ? z_revealed(d, j) : row.softmax ? s.phase == DensePhase::softmax
                                                                    : activation_revealed(d, j);
      const bool current = (r == 0 && summing && j == s.neuron) ||
                           (r > 0 && !row.softmax && s.phase == DensePhase::elementwise && j == s.neuron) ||
                           (row.softmax && s.phase == DensePhase::softmax);
      const float value = (*row.values)[static_cast<size_t>(j)];
      const ImU32 fill = current ? ui::theme().highlight_out : revealed ? ui::theme().cell_done : ui::theme().cell_pending;
      const std::string text = !revealed ? "?" : r == 0 ? num(value) : fixed8(value);
      const ImVec2 min(x0 + j * out_w, y);
      if (ui::cell(draw, min, ImVec2(out_w, h), text.c_str(), fill,
                          revealed ? ui::text_on(fill) : ui::theme().text_dim)) {
        if (revealed) ui::value_tooltip("%s of neuron %d = %s", row.label, j, fixed8(value).c_str());
        else ui::value_tooltip("%s of neuron %d: not computed yet", row.label, j);
      }
    }
    // An elementwise row is the step after all z; softmax replaces it rather than following it.
    y += h + 4.0f;
  }
  const float bottom = std::max(w_origin.y + n * h, y);
  ImGui::SetCursorScreenPos(top);
  ImGui::Dummy(ImVec2(std::max(z_origin.x + label_w + u * out_w, w_origin.x + u * in_w) - top.x, bottom - top.y + 4.0f));
}

// Circles and lines: the inputs on the left, the neurons on the right, the current neuron's
// incoming connections bright and labelled with their weights.
void draw_diagram(const DenseLesson& d, ImVec2 size) {
  const dl::lessons::DenseStep& s = d.current();
  const int n = d.input_count(), u = d.units();
  const ImVec2 o = ui::reserve_canvas(size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float radius = std::min(14.0f, size.y / (2.5f * std::max(n, u)));
  auto column = [&](int count, int i, float x) {
    return ImVec2(o.x + x, o.y + size.y * (i + 0.5f) / count);
  };
  const float left = radius + 2, right = size.x - radius - 2;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < u; ++j) {
      const bool live = s.phase == DensePhase::weighted_sum && j == s.neuron;
      draw->AddLine(column(n, i, left), column(u, j, right), live ? ui::theme().highlight_b : ui::theme().grid_line,
                    live ? 2.5f : 1.0f);
    }
  for (int i = 0; i < n; ++i) {
    const ImVec2 c = column(n, i, left);
    draw->AddCircleFilled(c, radius, ui::theme().highlight_a, 20);
    const std::string t = num(d.inputs()[static_cast<size_t>(i)]);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    draw->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), ui::text_on(ui::theme().highlight_a), t.c_str());
  }
  for (int j = 0; j < u; ++j) {
    const ImVec2 c = column(u, j, right);
    // Softmax works on the whole layer at once: every neuron is part of the current step.
    const bool current = s.phase == DensePhase::softmax || j == s.neuron;
    const ImU32 fill = current ? ui::theme().highlight_out : z_revealed(d, j) ? ui::theme().cell_done : ui::theme().cell_pending;
    draw->AddCircleFilled(c, radius, fill, 20);
    draw->AddCircle(c, radius, ui::theme().grid_line, 20);
    char t[8];
    std::snprintf(t, sizeof t, "%d", j);
    const ImVec2 ts = ImGui::CalcTextSize(t);
    draw->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), ui::text_on(fill), t);
  }
  // The current neuron's weights, written near its end of each line so they do not collide.
  if (s.phase == DensePhase::weighted_sum) {
    for (int i = 0; i < n; ++i) {
      const ImVec2 a = column(n, i, left), b = column(u, s.neuron, right);
      const ImVec2 at(a.x + (b.x - a.x) * 0.62f, a.y + (b.y - a.y) * 0.62f);
      const std::string t = "w=" + num(d.kernel()[static_cast<size_t>(i) * u + s.neuron]);
      const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
      draw->AddRectFilled(ImVec2(at.x - ts.x / 2 - 2, at.y - ts.y / 2 - 1), ImVec2(at.x + ts.x / 2 + 2, at.y + ts.y / 2 + 1),
                          IM_COL32(20, 22, 26, 230));
      draw->AddText(ImVec2(at.x - ts.x / 2, at.y - ts.y / 2), ui::theme().text, t.c_str());
    }
  }
}

// ---- Large layers (a real network): heat strips and a probability table --------------------------

// Values as a wrapped strip of small coloured cells; hovering one names its index and value.
void draw_strip(const char* label, const std::vector<float>& values, const char* item_name) {
  ImGui::TextDisabled("%s", label);
  const float cell = 6.0f;  // hundreds of values: small, so the outputs stay in view
  const int per_row = std::max(8, static_cast<int>(ImGui::GetContentRegionAvail().x / cell));
  const int n = static_cast<int>(values.size());
  const int rows = (n + per_row - 1) / per_row;
  const ImVec2 o = ui::reserve_canvas(ImVec2(std::min(n, per_row) * cell, rows * cell));
  float lo = 0, hi = 0;
  for (float v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < n; ++i) {
    const ImVec2 min(o.x + (i % per_row) * cell, o.y + (i / per_row) * cell);
    const float v = values[static_cast<size_t>(i)];
    if (ui::cell(draw, min, ImVec2(cell, cell), "", ui::diverging(v, lo, hi), ui::theme().text,
                        IM_COL32(0, 0, 0, 0), 0.0f))
      ui::value_tooltip("%s[%d] = %s", item_name, i, num(v).c_str());
  }
}

void draw_large_layer(const DenseLesson& d) {
  const dl::lessons::DenseStep& s = d.current();
  const int u = d.units();
  draw_strip("inputs x (the previous layer's output; orange positive, blue negative)", d.inputs(), "x");
  if (s.phase == DensePhase::weighted_sum) {
    std::vector<float> column(static_cast<size_t>(d.input_count()));
    for (int i = 0; i < d.input_count(); ++i) column[static_cast<size_t>(i)] = d.kernel()[static_cast<size_t>(i) * u + s.neuron];
    draw_strip(("weights into neuron " + std::to_string(s.neuron) + ": W[:, " + std::to_string(s.neuron) + "]").c_str(),
               column, "W");
    draw_strip("products x_i * W[i][j]", s.products, "product");
  }
  ImGui::Spacing();
  if (ImGui::BeginTable("outputs", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("neuron (digit)");
    ImGui::TableSetupColumn("z = xW + b");
    ImGui::TableSetupColumn(d.softmax().empty() ? "activation" : "softmax(z)");
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10);
    ImGui::TableHeadersRow();
    const std::vector<float>& act = d.softmax().empty() ? d.elementwise_activations() : d.softmax();
    for (int j = 0; j < u; ++j) {
      ImGui::TableNextRow();
      const bool current = s.phase != DensePhase::softmax && j == s.neuron;
      if (current) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(60, 110, 60, 160));
      ImGui::TableNextColumn();
      ImGui::Text("%d", j);
      ImGui::TableNextColumn();
      if (z_revealed(d, j)) ImGui::Text("%s", fixed8(d.pre_activations()[static_cast<size_t>(j)]).c_str());
      else ImGui::TextDisabled("?");
      ImGui::TableNextColumn();
      const bool shown = !act.empty() && (s.phase == DensePhase::softmax || activation_revealed(d, j));
      if (shown) ImGui::Text("%s", fixed8(act[static_cast<size_t>(j)]).c_str());
      else ImGui::TextDisabled("?");
      ImGui::TableNextColumn();
      if (shown) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetFontSize() * 10 * std::clamp(act[static_cast<size_t>(j)], 0.0f, 1.0f);
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + w, p.y + ImGui::GetFontSize()),
                                                  ui::theme().highlight_out);
      }
    }
    ImGui::EndTable();
  }
}

// ---- The arithmetic of the current step ----------------------------------------------------------

void draw_arithmetic(const DenseLesson& d) {
  const dl::lessons::DenseStep& s = d.current();
  const int u = d.units();
  switch (s.phase) {
    case DensePhase::weighted_sum: {
      ImGui::Text("Neuron %d of %d: the weighted sum of its inputs, x . W[:, %d]", s.neuron, u, s.neuron);
      std::string text = "z_" + std::to_string(s.neuron) + " = ";
      if (d.input_count() <= kMaxGridInputs) {
        for (int i = 0; i < d.input_count(); ++i)
          text += (i ? " + " : "") + num(d.inputs()[static_cast<size_t>(i)]) + " × " +
                  num(d.kernel()[static_cast<size_t>(i) * u + s.neuron]);
      } else {
        text += "(sum of " + std::to_string(d.input_count()) + " products) " + num(s.weighted_sum);
      }
      if (s.bias != 0.0f) text += "  + bias " + num(s.bias);
      text += " = ";
      ui::text_with_accent(text.c_str(), num(s.pre_activation).c_str());
      break;
    }
    case DensePhase::elementwise: {
      ImGui::Text("Neuron %d: the activation %s is applied to its own z alone", s.neuron, activation_label(s.activation));
      std::string text = std::string(activation_label(s.activation)) + "(" + num(s.pre_activation) + ")";
      if (s.activation == dl::Activation::sigmoid) text += " = 1 / (1 + e^-" + num(s.pre_activation) + ")";
      text += " = ";
      ui::text_with_accent(text.c_str(), fixed8(s.activation_value).c_str());
      break;
    }
    case DensePhase::softmax: {
      ImGui::TextUnformatted("Softmax uses the whole layer: e^z_j / (sum of all e^z)");
      if (!std::isfinite(d.exponential_sum())) {
        ImGui::TextDisabled("(e^z is too large to write out here; the softmax itself is computed stably)");
      } else if (u > 4) {
        ImGui::Text("e^z summed over the %d neurons = %.4g; each e^z_j is divided by it.", u, d.exponential_sum());
      } else {
        std::string sum;
        for (int j = 0; j < u; ++j) sum += (j ? " + " : "") + std::string("e^") + num(d.pre_activations()[static_cast<size_t>(j)]);
        char total[32];
        std::snprintf(total, sizeof total, "%.3f", d.exponential_sum());
        ImGui::Text("%s = %s", sum.c_str(), total);
        for (int j = 0; j < u; ++j) {
          char line[96];
          std::snprintf(line, sizeof line, "e^%s / %s = ", num(d.pre_activations()[static_cast<size_t>(j)]).c_str(), total);
          ui::text_with_accent(line, fixed8(d.softmax()[static_cast<size_t>(j)]).c_str());
        }
      }
      float total = 0;
      for (float p : d.softmax()) total += p;
      ImGui::Text("They add up to %.6f; the largest is neuron %d.", total, d.predicted_class());
      break;
    }
  }
}

void draw_source_choice(LessonContext& ctx, const DenseLesson& d, DenseViewState& state) {
  if (ImGui::RadioButton("Workshop example", state.source == Source::workshop) && state.source != Source::workshop) {
    state.source = Source::workshop;
    ctx.edit(lesson_edit::DenseWorkshop{true});
  }
  automation::record_item("dense:workshop");
  ui::same_line_if_fits(ui::radio_width("Your network's output layer, on a real digit"));
  if (ImGui::RadioButton("Your network's output layer, on a real digit", state.source == Source::model) &&
      state.source != Source::model) {
    state.source = Source::model;
    state.loaded_index = -1;  // load on this frame
    ctx.commands.lesson_scrub(0);
  }
  automation::record_item("dense:model");
  if (state.source == Source::workshop) {
    ui::same_line_if_fits(ui::small_button_width("Reset numbers"));
    if (ui::small_button("Reset numbers")) ctx.edit(lesson_edit::DenseWorkshop{false});
    automation::record_item("dense:Reset");
    return;
  }
  if (!ctx.live.ready() || !ctx.data.test) {
    ImGui::TextWrapped(!ctx.data.test ? "loading data..."
                                      : "No trained network yet: press Train on the left (a few seconds is enough), "
                                        "or load a model file, and this shows its output layer on a real digit.");
    return;
  }
  const int shown = std::clamp(state.test_index, 0, ctx.data.test->count - 1);
  ui::digit_picture(ctx.data.test->image(shown), ctx.data.test->rows, ctx.data.test->cols, 1.5f);
  ui::same_line_if_fits(ImGui::GetFontSize() * 16);
  ImGui::BeginGroup();
  ImGui::Text("Test digit X_test[");
  ImGui::SameLine(0, 0);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3 + ImGui::GetFrameHeight() * 2);
  ImGui::InputInt("##digit", &state.test_index, 1, 10);
  automation::record_item("dense:Index");
  ImGui::SameLine(0, 0);
  ImGui::Text("], a %d", ctx.data.test->labels[static_cast<size_t>(shown)]);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s: %d inputs -> %d neurons", d.source().c_str(), d.input_count(), d.units());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

}  // namespace

void draw_dense_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  const DenseLesson* model = ctx.lesson<DenseLesson>();
  if (!model) return;
  const DenseLesson& d = *model;
  DenseViewState& state = views.view_state<DenseViewState>(dl::lessons::LessonId::dense);

  draw_source_choice(ctx, d, state);
  if (state.source == Source::model) {
    if (!ctx.live.ready() || !ctx.data.test) return;
    sync_model_source(ctx, state);
    if (!state.load_error.empty()) {
      ImGui::TextWrapped("%s", state.load_error.c_str());
      return;
    }
  }
  draw_step_controls(d, ctx);
  ImGui::Spacing();
  if (small_layer(d)) {
    draw_grids(d, state);
    float value = state.edit_value;
    char caption[48];
    if (state.editing == Editing::input) std::snprintf(caption, sizeof caption, "x[%d]", state.edit_input);
    else std::snprintf(caption, sizeof caption, "W[%d][%d]", state.edit_input, state.edit_neuron);
    if (ui::value_editor_popup(kEditPopup, caption, &value, "dense:EditValue")) {
      state.edit_value = value;
      ctx.edit(lesson_edit::DenseCell{state.editing == Editing::input, state.edit_input, state.edit_neuron, value});
    }
    // The same layer as neurons and connections, beside the arithmetic of this step.
    ImGui::Spacing();
    const float diagram_h = ImGui::GetFontSize() * 9;
    draw_diagram(d, ImVec2(std::min(diagram_h * 1.5f, ImGui::GetContentRegionAvail().x), diagram_h));
    ui::same_line_if_fits(ImGui::GetFontSize() * 18);
    ImGui::BeginGroup();
    draw_arithmetic(d);
    ImGui::EndGroup();
  } else {
    draw_large_layer(d);
    ImGui::Spacing();
    draw_arithmetic(d);
  }
  ImGui::PushTextWrapPos(0.0f);
  if (state.source == Source::workshop)
    ImGui::TextDisabled("Click any number in x or W to change it; everything after it is recomputed.");
  else if (!d.model_probabilities().empty())
    ImGui::TextDisabled("model.predict on this digit says: %d.",
                        dl::argmax(d.model_probabilities().data(), static_cast<int>(d.model_probabilities().size())));
  ImGui::PopTextWrapPos();
}
