// Lesson 5's view: a label as a one-hot vector (to_categorical), then categorical cross-entropy of
// y = [1, 0] against a prediction [p, 1 - p] — the loss following a slider along its curve.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/crossentropy.h"
#include "app/gfx/widgets/widgets.h"

namespace {

using dl::lessons::CrossEntropyLesson;

// The loss is infinite at p = 0; the plot stops here so the interesting part stays readable.
constexpr float kPlotMaxLoss = 5.0f;

void draw_one_hot(const CrossEntropyLesson& lesson, const LessonContext& ctx) {
  ImGui::TextUnformatted("1. Labels as one-hot vectors: to_categorical(digit)");
  ImGui::TextUnformatted("digit:");
  for (int digit = 0; digit < dl::kClassCount; ++digit) {
    ui::same_line_if_fits(ui::radio_width("0"));
    char label[8];
    std::snprintf(label, sizeof label, "%d", digit);
    if (ImGui::RadioButton(label, lesson.digit() == digit)) ctx.edit(lesson_edit::CrossEntropyDigit{digit});
    automation::record_item("crossentropy:digit" + std::to_string(digit));
  }

  // "to_categorical(3) = " then ten cells with their class index above, the hot one lit.
  const std::vector<float>& hot = lesson.one_hot();
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "to_categorical(%d) = ", lesson.digit());
  const float h = ImGui::GetFrameHeight() + 2.0f;
  float w = ImGui::CalcTextSize("0.0").x + 14.0f;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const int count = static_cast<int>(hot.size());
  // The prefix beside the cells, or above them on a narrow screen (then the cells share the width).
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool prefix_above = ImGui::CalcTextSize(prefix).x + count * w > avail;
  if (prefix_above) {
    ImGui::TextUnformatted(prefix);
    w = std::min(w, std::floor(avail / count));
  }
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float prefix_w = prefix_above ? 0.0f : ImGui::CalcTextSize(prefix).x;
  if (!prefix_above) draw->AddText(ImVec2(top.x, top.y + line + (h - ImGui::GetFontSize()) / 2), ui::theme().text, prefix);
  for (int i = 0; i < static_cast<int>(hot.size()); ++i) {
    const ImVec2 min(top.x + prefix_w + i * w, top.y + line);
    char index[4];
    std::snprintf(index, sizeof index, "%d", i);
    draw->AddText(ImVec2(min.x + (w - ImGui::CalcTextSize(index).x) / 2, top.y), ui::theme().text_dim, index);
    const bool is_hot = hot[static_cast<size_t>(i)] == 1.0f;
    const ImU32 fill = is_hot ? ui::theme().highlight_out : ui::theme().cell_fill;
    if (ui::cell(draw, min, ImVec2(w, h), is_hot ? "1" : "0", fill,
                        is_hot ? ui::text_on(fill) : ui::theme().text_dim))
      ui::value_tooltip("class %d: %s", i, is_hot ? "1, the correct class" : "0");
  }
  ImGui::Dummy(ImVec2(prefix_w + hot.size() * w, line + h));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("All zeros except a 1 at the correct class: the workshop's y_train[1] = 0 becomes [1 0 0 0 0 0 0 0 0 0].");
  ImGui::PopStyleColor();
}

// -(1 x log 0.5) - (0 x log 0.5) = 0.6931, from the lesson's own terms.
void draw_loss_arithmetic(const CrossEntropyLesson& lesson) {
  const auto& t = lesson.terms();
  const auto& y = lesson.y_true();
  const auto& q = lesson.y_pred();
  ImGui::Text("y = [%g, %g]     y_hat = [%.2f, %.2f]", y[0], y[1], q[0], q[1]);
  char text[160];
  std::snprintf(text, sizeof text, "crossentropy = -(%g × log %.2f) - (%g × log %.2f) = %.4f + %.4f = ", y[0], q[0],
                y[1], q[1], t[0].term, t[1].term);
  char loss[32];
  std::snprintf(loss, sizeof loss, "%.4f", lesson.loss());
  ui::text_with_accent(text, loss);
  ImGui::TextDisabled("Only the correct class's term counts: y is 0 everywhere else.");
}

void draw_loss_plot(const CrossEntropyLesson& lesson, ImVec2 size) {
  ui::plot::Series curve{"loss = -log p", ui::theme().highlight_b, {}, true, ui::plot::Marker::none};
  for (const dl::lessons::CurvePoint& c : lesson.loss_curve(201))
    if (std::isfinite(c.y) && c.y <= kPlotMaxLoss * 1.2f) curve.points.push_back(ImVec2(c.x, c.y));
  const float p = lesson.probability();
  const float shown_loss = std::min(lesson.loss(), kPlotMaxLoss);
  ui::plot::Series now{"you are here", ui::theme().highlight_a, {ImVec2(p, shown_loss)}, false, ui::plot::Marker::filled};
  ui::plot::Series drop{"", IM_COL32(230, 160, 80, 110), {ImVec2(p, 0.0f), ImVec2(p, shown_loss)}, true, ui::plot::Marker::none};
  const ui::plot::Series series[] = {curve, drop, now};
  ui::plot::Axes axes;
  axes.title = "loss against p, the probability given to the correct class";
  axes.x_label = "p";
  axes.x_min = 0;
  axes.x_max = 1;
  axes.y_min = 0;
  axes.y_max = kPlotMaxLoss;
  ui::plot::draw("crossentropy curve", size, axes, series);
  automation::record_item("crossentropy:Plot");
}

void draw_loss(const CrossEntropyLesson& lesson, LessonContext& ctx) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("2. The loss: crossentropy(y, y_hat) = -sum of y_i log y_hat_i");
  ImGui::PopTextWrapPos();
  float p = lesson.probability();
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 16,
                                   ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("p = y_hat[0]").x -
                                       ImGui::GetStyle().ItemInnerSpacing.x));
  if (ImGui::SliderFloat("p = y_hat[0]", &p, 0.0f, 1.0f, "%.3f", ImGuiSliderFlags_AlwaysClamp))
    ctx.edit(lesson_edit::CrossEntropyProbability{p});
  automation::record_item("crossentropy:p");
  ui::same_line_if_fits(ui::small_button_width("p = 0.5 (the workshop's example)"));
  if (ui::small_button("p = 0.5 (the workshop's example)")) ctx.edit(lesson_edit::CrossEntropyProbability{0.5f});
  automation::record_item("crossentropy:Workshop");
  draw_step_controls(lesson, ctx);
  draw_loss_arithmetic(lesson);
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = std::clamp(ImGui::GetContentRegionAvail().y - 8.0f, 160.0f, 300.0f);
  draw_loss_plot(lesson, ImVec2(width, height));
}

}  // namespace

void draw_crossentropy_view(LessonContext& ctx) {
  const CrossEntropyLesson* model = ctx.lesson<CrossEntropyLesson>();
  if (!model) return;
  const CrossEntropyLesson& lesson = *model;
  draw_one_hot(lesson, ctx);
  ImGui::Separator();
  draw_loss(lesson, ctx);
}
