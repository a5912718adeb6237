// The Train panel's two-runs view (see compare_view.h): B's choices, the overlaid curves and the
// accuracies side by side. The runs are the trainer's (Commands::train_both).
#include "app/views/compare_view.h"

#include "app/state/choices.h"
#include "app/state/run_words.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "app/bridge/automation.h"
#include "app/gfx/widgets/widgets.h"

namespace {

// The last validation on the whole test set (after an epoch), if any.
const dl::EpochLogs* last_epoch(const dl::TrainerStatus& s) { return s.epochs.empty() ? nullptr : &s.epochs.back(); }


}  // namespace

void draw_compare_view(const CompareContext& ctx) {
  const ComparisonSetup& s = ctx.setup;
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("Run A is the setup above. Run B is the same except for what you change here; both start from "
                      "the same weights and see the same batches, taking turns on the workers.");

  // B's differences.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("B: optimizer");
  for (const OptimizerChoice& choice : kOptimizerChoices) {
    const dl::OptimizerKind k = choice.kind;
    const std::string label = std::string(dl::optimizer_name(k)) + "##b";
    ui::same_line_if_fits(ui::radio_width(label.c_str()));
    if (ImGui::RadioButton(label.c_str(), s.optimizer == k)) ctx.commands.choose_comparison_optimizer(k);
    automation::record_item(("compare:" + std::string(dl::optimizer_name(k))).c_str());
  }
  ImGui::SetNextItemWidth(std::min(width * 0.6f, 260.0f));
  float learning_rate = s.learning_rate;
  if (ImGui::SliderFloat("B: learning rate", &learning_rate, kMinLearningRate, kMaxLearningRate, "%.4g", ImGuiSliderFlags_Logarithmic))
    ctx.commands.set_comparison_learning_rate(learning_rate);
  automation::record_item("compare:lr");
  ImGui::SetNextItemWidth(std::min(width * 0.6f, 260.0f));
  int batch_size = s.batch_size;
  if (ImGui::InputInt("B: batch size", &batch_size, 16, 64)) ctx.commands.set_comparison_batch_size(batch_size);
  automation::record_item("compare:batch");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("B: hidden layers");
  ImGui::SameLine();
  if (ImGui::RadioButton("sigmoid##b", !s.relu)) ctx.commands.set_comparison_relu(false);
  automation::record_item("compare:sigmoid");
  ImGui::SameLine();
  if (ImGui::RadioButton("ReLU##b", s.relu)) ctx.commands.set_comparison_relu(true);
  automation::record_item("compare:relu");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("B: dropout");
  struct Rate { const char* label; float value; };
  for (const Rate& r : {Rate{"workshop's##b", -1.0f}, Rate{"none##b", 0.0f}, Rate{"0.2##b", 0.2f}, Rate{"0.5##b", 0.5f}}) {
    ui::same_line_if_fits(ui::radio_width(r.label));
    if (ImGui::RadioButton(r.label, s.dropout == r.value)) ctx.commands.set_comparison_dropout(r.value);
    automation::record_item(("compare:dropout " + std::string(r.label, std::strlen(r.label) - 3)).c_str());
  }

  const bool busy = ctx.run_in_progress;
  ImGui::BeginDisabled(busy);
  if (ImGui::Button("Train both")) ctx.commands.train_both();
  automation::record_item("Train both");
  ImGui::EndDisabled();
  if (busy && !ctx.comparing) ui::why_disabled("A run is going on: Reset it first.");

  if (!ctx.comparing) {
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::theme().highlight_b), "A: %s", describe_setup(ctx.a.config).c_str());
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::theme().highlight_a), "B: %s", describe_setup(ctx.b.config).c_str());
  ImGui::TextDisabled("B differs in: %s", describe_difference(ctx.a.config, ctx.b.config).c_str());

  // Both runs' curves in one plot per metric.
  for (bool accuracy : {false, true}) {
    std::vector<ui::plot::Series> series(4);
    series[0] = {"A train", ui::theme().highlight_b, {}, true, ui::plot::Marker::none};
    series[1] = {"B train", ui::theme().highlight_a, {}, true, ui::plot::Marker::none};
    series[2] = {"A val", ui::theme().highlight_b, {}, true, ui::plot::Marker::filled};
    series[3] = {"B val", ui::theme().highlight_a, {}, true, ui::plot::Marker::filled};
    int k = 0;
    for (const dl::TrainerStatus* st : {&ctx.a, &ctx.b}) {
      for (const dl::CurvePoint& p : st->train_curve)
        series[static_cast<size_t>(k)].points.emplace_back(float(p.epoch), float(accuracy ? p.accuracy : p.loss));
      for (const dl::CurvePoint& p : st->validation_curve)
        series[static_cast<size_t>(k + 2)].points.emplace_back(float(p.epoch), float(accuracy ? p.accuracy : p.loss));
      ++k;
    }
    ui::plot::Axes axes;
    axes.title = accuracy ? "accuracy: A and B" : "loss: A and B";
    axes.x_label = "epoch";
    ImVec2 lo, hi;
    if (ui::plot::data_bounds(series, &lo, &hi)) {
      axes.x_max = std::max(hi.x, 0.05f);
      axes.y_min = accuracy ? std::floor(lo.y * 10) / 10 : 0.0;
      axes.y_max = accuracy ? 1.0 : std::max(0.1f, hi.y * 1.05f);
    }
    ui::plot::draw(accuracy ? "##compare accuracy" : "##compare loss", ImVec2(-FLT_MIN, 150), axes, series);
    automation::record_item(accuracy ? "compare:accuracy plot" : "compare:loss plot");
  }

  // Side by side, after each epoch: the whole test set's accuracy, and the difference.
  const dl::EpochLogs *ea = last_epoch(ctx.a), *eb = last_epoch(ctx.b);
  if (ImGui::BeginTable("compare table", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("run");
    ImGui::TableSetupColumn("epoch");
    ImGui::TableSetupColumn("val_acc");
    ImGui::TableSetupColumn("val_loss");
    ImGui::TableHeadersRow();
    auto row = [&](const char* name, ImU32 color, const dl::EpochLogs* e) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s", name);
      ImGui::TableNextColumn();
      if (e) ImGui::Text("%d", e->epoch);
      else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (e) ImGui::Text("%.4f", e->val_accuracy);
      else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (e) ImGui::Text("%.4f", e->val_loss);
      else ImGui::TextDisabled("-");
    };
    row("A", ui::theme().highlight_b, ea);
    row("B", ui::theme().highlight_a, eb);
    ImGui::EndTable();
  }
  const std::string verdict = comparison_verdict(ctx.a, ctx.b);
  if (!verdict.empty()) {
    ImGui::TextColored(ui::theme().accent_text, "%s", verdict.c_str());
  } else {
    ImGui::TextDisabled("The accuracies are compared after each epoch (the whole test set).");
  }
  ImGui::PopTextWrapPos();
}
