// The Draw panel's "Teach it my handwriting" section (see teach_section.h). Every button is a
// command (app/commands/commands.h), so the accessible layer and shortcuts do the same.
#include "app/views/teach_section.h"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "app/bridge/automation.h"
#include "app/bridge/browser.h"
#include "app/gfx/widgets/widgets.h"
#include "app/state/rules.h"

namespace {


std::string percent(double fraction) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * fraction);
  return text;
}

// Before and after, side by side: the student's digits and the MNIST test set.
void draw_before_after(const dl::FineTuneReport& r) {
  if (!r.measured_before) return;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("before after", 3, kFlags)) return;
  ImGui::TableSetupColumn("accuracy on");
  ImGui::TableSetupColumn("before");
  ImGui::TableSetupColumn("after");
  ImGui::TableHeadersRow();
  auto row = [&](const std::string& name, double before, double after) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(percent(before).c_str());
    ImGui::TableNextColumn();
    if (r.measured_after) ImGui::TextUnformatted(percent(after).c_str());
    else ImGui::TextDisabled("...");
  };
  row("your " + std::to_string(r.personal_count) + " digits", r.personal_before, r.personal_after);
  row("MNIST test (" + std::to_string(r.test_count) + ")", r.test_before, r.test_after);
  ImGui::EndTable();
}

}  // namespace

void draw_teach_section(const TeachContext& ctx, float width) {
  const Session& session = ctx.session;
  const PersonalDigits& p = session.personal;
  const dl::TrainerStatus& status = session.status;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("Draw a digit, then say which it is. A few of each (three is enough) and the model can "
                      "learn your handwriting.");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("This is a");
  ImGui::BeginDisabled(ctx.drawing_empty);
  for (int d = 0; d < dl::kClassCount; ++d) {
    char label[8], id[16];
    std::snprintf(label, sizeof label, "%d", d);
    std::snprintf(id, sizeof id, "teach:%d", d);
    ui::same_line_if_fits(ui::small_button_width(label));
    if (ui::small_button(label)) ctx.commands.add_personal_digit(d);
    automation::record_item(id);
  }
  ImGui::EndDisabled();
  if (ctx.drawing_empty) ui::why_disabled("Draw a digit first.");

  // How many of each, so the student sees which are missing.
  std::string counts;
  for (int d = 0; d < dl::kClassCount; ++d)
    counts += (d ? "  " : "") + std::to_string(d) + ": " + std::to_string(p.count_of(d));
  ImGui::Text("Your digits: %d", p.set.count);
  ImGui::TextDisabled("%s", counts.c_str());
  if (p.set.count > 0) ImGui::TextDisabled("Browse them, with the model's answers, in the Test tab.");

  // The one rule (rules.h) that the command and the accessible button follow too.
  const std::string obstacle = fine_tune_obstacle(session);
  ImGui::BeginDisabled(!obstacle.empty());
  if (ImGui::Button("Fine-tune on my digits")) ctx.commands.fine_tune();
  automation::record_item("Fine-tune");
  ImGui::EndDisabled();
  if (!obstacle.empty() && !(trainer_running(status) && status.fine_tune.active)) ui::why_disabled(obstacle.c_str());
  else if (can_resume(session))
    ImGui::TextDisabled("Fine-tuning ends the paused run and starts from its weights.");

  // The set's care, on a row of its own.
  ImGui::BeginDisabled(p.set.count == 0);
  if (ui::small_button("Export")) ctx.commands.export_personal_digits();
  automation::record_item("Export digits");
  ImGui::EndDisabled();
  ui::same_line_if_fits(ui::small_button_width("Import..."));
  if (ui::small_button("Import...")) ctx.commands.import_personal_digits();
  automation::record_item("Import digits");
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  browser::set_picker_button(browser::PickerButton::import_digits, min.x, min.y, max.x - min.x, max.y - min.y, display.x,
                             display.y, ImGui::IsItemVisible() && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup));
  ImGui::BeginDisabled(p.set.count == 0);
  const char* forget = p.forget_armed() ? "Really forget them?" : "Forget all";
  ui::same_line_if_fits(ui::small_button_width(forget));
  if (ui::small_button(forget)) ctx.commands.forget_personal_digits();
  automation::record_item("Forget digits");
  ImGui::EndDisabled();

  // The run: its progress, then the figures before and after.
  const dl::FineTuneReport& r = status.fine_tune.active ? status.fine_tune : p.last_fine_tune;
  if (status.fine_tune.active && trainer_running(status)) {
    const dl::FitProgress& f = status.progress;
    if (!r.measured_before) ImGui::TextUnformatted("Measuring before fine-tuning...");
    else if (status.phase == dl::TrainerPhase::validating) ImGui::TextUnformatted("Measuring after fine-tuning...");
    else ImGui::Text("Fine-tuning: epoch %d of %d, %d of %d examples", f.epoch, f.epochs, f.samples_done, f.samples_total);
  }
  if (r.active) {
    draw_before_after(r);
    if (r.measured_after)
      ImGui::TextDisabled("Fine-tuned in %.1f s. Draw again: it should read your handwriting better now.",
                          p.last_fine_tune_seconds);
  }
  ImGui::PopTextWrapPos();
}
