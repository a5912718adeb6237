// Lesson 3's view: one perceptron with editable inputs, weights and threshold, then the learning
// rule moving its line over 2-D points step by step — and XOR, where no line will do.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/perceptron.h"
#include "lessons/json_writer.h"

namespace {

using dl::lessons::PerceptronLesson;
using dl::lessons::PointSet;


std::string num(float v) { return dl::lessons::format_float(v); }
// Three decimals for running text: enough to follow the arithmetic, short enough to fit a line.
std::string short_num(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", v);
  return text;
}

// ---- Part 1: one neuron ----------------------------------------------------------------------------

void draw_neuron(const PerceptronLesson& lesson, const LessonContext& ctx) {
  const dl::lessons::PerceptronNeuron& n = lesson.neuron();
  const dl::lessons::PerceptronOutput& out = lesson.neuron_output();
  ImGui::TextUnformatted("1. One neuron: f(x) = 1 if w.x >= threshold, else -1");
  if (ImGui::BeginTable("neuron", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
    // Two sliders a row, narrower on a narrow screen (the labels and the product keep their room).
    const float fixed = ImGui::CalcTextSize("i = 0").x + ImGui::CalcTextSize("x_i * w_i").x +
                        ImGui::GetStyle().CellPadding.x * 8;
    const float slider_w = std::min(ImGui::GetFontSize() * 9, (ImGui::GetContentRegionAvail().x - fixed) / 2);
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("input x_i");
    ImGui::TableSetupColumn("weight w_i");
    ImGui::TableSetupColumn("x_i * w_i");
    ImGui::TableHeadersRow();
    for (int i = 0; i < static_cast<int>(n.inputs.size()); ++i) {
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("i = %d", i);
      ImGui::TableNextColumn();
      float x = n.inputs[static_cast<size_t>(i)];
      ImGui::SetNextItemWidth(slider_w);
      if (ImGui::SliderFloat("##x", &x, -2.0f, 2.0f, "%.2f")) ctx.edit(lesson_edit::NeuronInput{i, x});
      automation::record_item("perceptron:x" + std::to_string(i));
      ImGui::TableNextColumn();
      float w = n.weights[static_cast<size_t>(i)];
      ImGui::SetNextItemWidth(slider_w);
      if (ImGui::SliderFloat("##w", &w, -2.0f, 2.0f, "%.2f")) ctx.edit(lesson_edit::NeuronWeight{i, w});
      automation::record_item("perceptron:w" + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent_text);
      ImGui::Text("%s", num(out.products[static_cast<size_t>(i)]).c_str());
      ImGui::PopStyleColor();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  float threshold = n.threshold;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::SliderFloat("threshold", &threshold, -2.0f, 2.0f, "%.2f")) ctx.edit(lesson_edit::NeuronThreshold{threshold});
  automation::record_item("perceptron:threshold");

  // w.x = 0.8 + -0.2 + -0.3 = 0.3 >= 0.2  ->  output 1
  std::string sum = "w.x = ";
  for (size_t i = 0; i < out.products.size(); ++i) sum += (i ? " + " : "") + num(out.products[i]);
  sum += " = " + num(out.weighted_sum);
  const bool fires = out.weighted_sum >= out.threshold;
  sum += fires ? "  >=  " : "  <  ";
  sum += num(out.threshold) + "   ->   output ";
  ui::same_line_if_fits(ImGui::CalcTextSize(sum.c_str()).x + ImGui::GetFontSize() * 3);
  ui::text_with_accent(sum.c_str(), fires ? "1" : "-1");
}

// ---- Part 2: the learning rule on points ---------------------------------------------------------

struct PlotFrame {
  ImVec2 origin, size;
  float lo, hi;  // the same data range on both axes, so the line's angle is true
  ImVec2 to_screen(float x0, float x1) const {
    return ImVec2(origin.x + (x0 - lo) / (hi - lo) * size.x, origin.y + (hi - x1) / (hi - lo) * size.y);
  }
  float to_data_x(float sx) const { return lo + (sx - origin.x) / size.x * (hi - lo); }
  float to_data_y(float sy) const { return hi - (sy - origin.y) / size.y * (hi - lo); }
};

// The line w0 x0 + w1 x1 = θ clipped to the plot square (nothing when w is zero or it misses).
void draw_line(ImDrawList* draw, const PlotFrame& f, const dl::lessons::PerceptronLine& line, ImU32 color,
               float thickness) {
  const float w0 = line.weights[0], w1 = line.weights[1], t = line.threshold;
  const float norm2 = w0 * w0 + w1 * w1;
  if (norm2 < 1e-12f) return;
  // A point on the line and its direction; clip the parameter to the square (Liang-Barsky).
  const float px = t * w0 / norm2, py = t * w1 / norm2, dx = -w1, dy = w0;
  float t_min = -1e9f, t_max = 1e9f;
  auto clip = [&](float p, float d) {
    if (std::fabs(d) < 1e-12f) return p >= f.lo && p <= f.hi;
    float a = (f.lo - p) / d, b = (f.hi - p) / d;
    if (a > b) std::swap(a, b);
    t_min = std::max(t_min, a);
    t_max = std::min(t_max, b);
    return true;
  };
  if (!clip(px, dx) || !clip(py, dy) || t_min > t_max) return;
  draw->AddLine(f.to_screen(px + t_min * dx, py + t_min * dy), f.to_screen(px + t_max * dx, py + t_max * dy), color,
                thickness);
}

// Fills the part of the plot square on one side of the line (w.x >= θ for the +1 side): the square
// clipped by one half-plane (Sutherland-Hodgman against a single edge), a convex polygon.
void shade_half_plane(ImDrawList* draw, const PlotFrame& f, const dl::lessons::PerceptronLine& line, bool positive,
                      ImU32 color) {
  const float w0 = line.weights[0], w1 = line.weights[1], t = line.threshold;
  auto side = [&](ImVec2 p) {  // >= 0 inside the wanted half-plane
    const float v = w0 * p.x + w1 * p.y - t;
    return positive ? v : -v;
  };
  const ImVec2 corners[4] = {{f.lo, f.lo}, {f.hi, f.lo}, {f.hi, f.hi}, {f.lo, f.hi}};
  ImVec2 polygon[8];
  int n = 0;
  for (int i = 0; i < 4; ++i) {
    const ImVec2 a = corners[i], b = corners[(i + 1) % 4];
    const float sa = side(a), sb = side(b);
    if (sa >= 0) polygon[n++] = f.to_screen(a.x, a.y);
    if ((sa >= 0) != (sb >= 0)) {
      const float u = sa / (sa - sb);
      polygon[n++] = f.to_screen(a.x + u * (b.x - a.x), a.y + u * (b.y - a.y));
    }
  }
  if (n >= 3) draw->AddConvexPolyFilled(polygon, n, color);
}

void draw_points_plot(const PerceptronLesson& lesson, float side) {
  const dl::lessons::PerceptronStep& s = lesson.current();
  const bool gate = lesson.settings().point_set != PointSet::separable;
  const PlotFrame f{ui::reserve_canvas(ImVec2(side, side)), ImVec2(side, side), gate ? -0.5f : -1.25f,
                    gate ? 1.5f : 1.25f};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(f.origin.x + side, f.origin.y + side);
  draw->PushClipRect(f.origin, max, true);
  draw->AddRectFilled(f.origin, max, IM_COL32(24, 26, 31, 255));

  // Shade each side of the line after this step by the class the perceptron would give it.
  shade_half_plane(draw, f, s.after, true, IM_COL32(200, 120, 40, 40));
  shade_half_plane(draw, f, s.after, false, IM_COL32(60, 130, 210, 40));
  // Axes through the origin, for orientation.
  draw->AddLine(f.to_screen(f.lo, 0), f.to_screen(f.hi, 0), IM_COL32(80, 84, 96, 255));
  draw->AddLine(f.to_screen(0, f.lo), f.to_screen(0, f.hi), IM_COL32(80, 84, 96, 255));

  draw_line(draw, f, s.before, IM_COL32(200, 200, 210, 110), 1.5f);  // where it was
  draw_line(draw, f, s.after, IM_COL32(255, 255, 255, 255), 2.5f);   // where this step moved it

  const float radius = gate ? 7.0f : std::max(3.5f, side / 70.0f);  // four gate points can be big
  const std::vector<dl::lessons::LabeledPoint>& points = lesson.points();
  int hovered = -1;
  for (size_t i = 0; i < points.size(); ++i) {
    const ImVec2 p = f.to_screen(points[i].x0, points[i].x1);
    const bool positive = points[i].label > 0;
    if (positive) draw->AddCircleFilled(p, radius, ui::theme().highlight_a, 16);
    else draw->AddRectFilled(ImVec2(p.x - radius, p.y - radius), ImVec2(p.x + radius, p.y + radius), ui::theme().highlight_b);
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (std::hypot(m.x - p.x, m.y - p.y) <= radius + 2 && ImGui::IsWindowHovered()) hovered = static_cast<int>(i);
  }
  // The point this step looks at: ringed, red when the perceptron got it wrong.
  const ImVec2 cur = f.to_screen(s.point.x0, s.point.x1);
  draw->AddCircle(cur, radius * 2.4f, s.mistake ? ui::theme().mistake : IM_COL32(255, 255, 255, 255), 20, 2.5f);
  draw->PopClipRect();
  draw->AddRect(f.origin, max, ui::theme().grid_line);

  if (hovered >= 0) {
    const dl::lessons::LabeledPoint& p = points[static_cast<size_t>(hovered)];
    ui::value_tooltip("point %d: x = (%s, %s)\nclass %+d", hovered, num(p.x0).c_str(), num(p.x1).c_str(),
                             static_cast<int>(p.label));
  } else if (ImGui::IsMouseHoveringRect(f.origin, max) && ImGui::IsWindowHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x0 = f.to_data_x(m.x), x1 = f.to_data_y(m.y);
    const float wx = s.after.weights[0] * x0 + s.after.weights[1] * x1;
    ui::value_tooltip("x = (%.2f, %.2f)\nw.x = %.3f -> output %d", x0, x1, wx, wx >= s.after.threshold ? 1 : -1);
  }
}

// Mistakes in each epoch as bars, the current epoch's bar counting up as the steps go.
void draw_errors_per_epoch(const PerceptronLesson& lesson, float width) {
  const std::vector<int>& errors = lesson.errors_per_epoch();
  const dl::lessons::PerceptronStep& s = lesson.current();
  ImGui::Text("Mistakes per epoch (%d epochs):", static_cast<int>(errors.size()));
  const float height = ImGui::GetFontSize() * 4;
  const ImVec2 origin = ui::reserve_canvas(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(24, 26, 31, 255));
  const int most = std::max(1, *std::max_element(errors.begin(), errors.end()));
  const int shown = static_cast<int>(errors.size());
  const float bar_w = std::min(18.0f, width / std::max(1, shown));
  for (int e = 0; e < shown; ++e) {
    // Epochs after the current one have not happened yet at this step: drawn as outlines.
    const int count = e + 1 < s.epoch ? errors[static_cast<size_t>(e)] : e + 1 == s.epoch ? s.errors_in_epoch : 0;
    const float h = (height - 4) * count / most;
    const ImVec2 a(origin.x + e * bar_w + 1, origin.y + height - h);
    const ImVec2 b(origin.x + (e + 1) * bar_w - 1, origin.y + height);
    if (count > 0) draw->AddRectFilled(a, b, e + 1 == s.epoch ? ui::theme().highlight_out : ui::theme().cell_done);
    if (e + 1 > s.epoch) {
      const float future_h = (height - 4) * errors[static_cast<size_t>(e)] / most;
      draw->AddRect(ImVec2(a.x, origin.y + height - future_h), b, IM_COL32(90, 95, 110, 255));
    }
    if (ImGui::IsMouseHoveringRect(ImVec2(a.x - 1, origin.y), ImVec2(b.x + 1, b.y)) && ImGui::IsWindowHovered())
      ui::value_tooltip("epoch %d: %d mistakes", e + 1, errors[static_cast<size_t>(e)]);
  }
}

// What the marks mean, under the plot.
void draw_legend() {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float r = 4.0f, line = ImGui::GetTextLineHeight();
  auto mark = [&](bool circle, ImU32 color) {
    const ImVec2 p = ui::reserve_canvas(ImVec2(2 * r + 2, line));
    const ImVec2 c(p.x + r + 1, p.y + line / 2);
    if (circle) draw->AddCircleFilled(c, r, color, 12);
    else draw->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), color);
    ImGui::SameLine(0, 4);
  };
  mark(true, ui::theme().highlight_a);
  ImGui::TextDisabled("class +1");
  ImGui::SameLine(0, 14);
  mark(false, ui::theme().highlight_b);
  ImGui::TextDisabled("class -1");
  ImGui::TextDisabled("white line: after this step; grey: before it");
}

void draw_step_text(const PerceptronLesson& lesson) {
  const dl::lessons::PerceptronStep& s = lesson.current();
  ImGui::TextWrapped("Epoch %d, point %d: x = (%s, %s), class %+d", s.epoch, s.sample, short_num(s.point.x0).c_str(),
              short_num(s.point.x1).c_str(), static_cast<int>(s.point.label));
  ImGui::TextWrapped("w.x = %s × %s + %s × %s = %s", short_num(s.before.weights[0]).c_str(), short_num(s.point.x0).c_str(),
              short_num(s.before.weights[1]).c_str(), short_num(s.point.x1).c_str(), short_num(s.output.weighted_sum).c_str());
  ImGui::TextWrapped("threshold %s  ->  output %+d", short_num(s.before.threshold).c_str(), static_cast<int>(s.output.output));
  if (s.mistake) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::theme().mistake));
    ImGui::TextWrapped("Mistake: the line moves by lr × (class - output) = %s", short_num(s.update).c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("w = (%s, %s), threshold %s", short_num(s.after.weights[0]).c_str(), short_num(s.after.weights[1]).c_str(),
                short_num(s.after.threshold).c_str());
  } else {
    ImGui::TextDisabled("Right: the line stays where it is.");
  }
  ImGui::TextWrapped("Mistakes so far this epoch: %d", s.errors_in_epoch);
}

void draw_training(const PerceptronLesson& lesson, LessonContext& ctx) {
  ImGui::TextUnformatted("2. Learning: after each mistake, w += lr × (class - output) × x");
  struct Choice { PointSet set; const char* label; const char* automation_label; };
  const Choice choices[] = {{PointSet::separable, "Separable points", "perceptron:separable"},
                            {PointSet::and_gate, "AND", "perceptron:and"},
                            {PointSet::xor_gate, "XOR", "perceptron:xor"}};
  for (const Choice& c : choices) {
    if (&c != choices) ui::same_line_if_fits(ui::radio_width(c.label));
    if (ImGui::RadioButton(c.label, lesson.settings().point_set == c.set)) {
      ctx.edit(lesson_edit::PerceptronPoints{c.set});
    }
    automation::record_item(c.automation_label);
  }
  float lr = lesson.settings().learning_rate;
  ui::same_line_if_fits(ImGui::GetFontSize() * 6 + ImGui::GetStyle().ItemInnerSpacing.x +
                        ImGui::CalcTextSize("learning rate").x);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::SliderFloat("learning rate", &lr, 0.01f, 1.0f, "%.2f", ImGuiSliderFlags_Logarithmic))
    ctx.edit(lesson_edit::PerceptronLearningRate{lr});
  if (lesson.settings().point_set == PointSet::separable) {
    ui::same_line_if_fits(ui::small_button_width("New points"));
    if (ui::small_button("New points")) ctx.edit(lesson_edit::PerceptronNewPoints{});
    automation::record_item("perceptron:NewPoints");
  }
  draw_step_controls(lesson, ctx);

  // The plot beside the step's numbers, or above them on a narrow screen.
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool stacked = avail < ImGui::GetFontSize() * 30;
  const float side = stacked ? std::min(avail, 340.0f) : std::clamp(avail * 0.45f, 180.0f, 300.0f);
  ImGui::BeginGroup();
  draw_points_plot(lesson, side);
  draw_legend();
  ImGui::EndGroup();
  if (!stacked) ImGui::SameLine();
  ImGui::BeginGroup();
  draw_step_text(lesson);
  ImGui::Spacing();
  draw_errors_per_epoch(lesson, std::max(120.0f, ImGui::GetContentRegionAvail().x));
  // The verdict of the whole run.
  const bool converged = lesson.outcome() == dl::lessons::TrainingOutcome::converged;
  ImGui::PushStyleColor(ImGuiCol_Text, converged ? ui::theme().good_text : ui::theme().error_text);
  ImGui::TextWrapped("Verdict: %s", lesson.verdict().c_str());
  ImGui::PopStyleColor();
  ImGui::EndGroup();
}

}  // namespace

void draw_perceptron_view(LessonContext& ctx) {
  const PerceptronLesson* model = ctx.lesson<PerceptronLesson>();
  if (!model) return;
  const PerceptronLesson& lesson = *model;
  draw_neuron(lesson, ctx);
  ImGui::Separator();
  draw_training(lesson, ctx);
}
