// Predict first, in every lesson's step controls: a switch, then at the steps that teach the question with its
// answer field (a number: Enter or Check) or its choices, "Show me", the feedback (a wrong try's
// formula with the numbers filled in; the result after a right answer) and the lesson's score.
// Everything acts through the commands; the question and its check are the session's.
#include <cstdio>
#include <cstring>
#include <string>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"

namespace {

void draw_feedback(const Exercises& ex) {
  if (ex.feedback.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, ex.feedback_is_error ? ui::theme().error_text : ui::theme().good_text);
  ui::text_wrapped_at_spaces(ex.feedback);  // a decimal stays on one line
  ImGui::PopStyleColor();
  automation::record_item("exercise:feedback");
}

void draw_number_answer(LessonContext& ctx) {
  char* typed = ctx.views.typed_answer;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Your answer:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  const bool enter = ImGui::InputText("##answer", typed, sizeof ctx.views.typed_answer,
                                      ImGuiInputTextFlags_CharsScientific | ImGuiInputTextFlags_EnterReturnsTrue);
  automation::record_item("exercise:answer");
  ImGui::SameLine();
  const bool check = ImGui::Button("Check");
  automation::record_item("exercise:Check");
  if ((enter || check) && typed[0]) {
    const std::string answer = typed;
    typed[0] = '\0';
    ctx.commands.answer_question(answer);
    if (ctx.exercises.waiting()) ImGui::SetKeyboardFocusHere(-1);  // another try: the field keeps the keys
  }
}

void draw_choices(LessonContext& ctx, const dl::lessons::Question& q) {
  for (size_t i = 0; i < q.choices.size(); ++i) {
    const std::string& c = q.choices[i];
    if (i) ui::same_line_if_fits(ImGui::CalcTextSize(c.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button(c.c_str())) ctx.commands.answer_choice(static_cast<int>(i));
    ImGui::PopID();
    automation::record_item("exercise:choice:" + std::to_string(i));
  }
}

}  // namespace

void draw_predict_switch(LessonContext& ctx) {
  const Exercises& ex = ctx.exercises;
  bool on = ex.on;
  if (ImGui::Checkbox("Predict first", &on)) ctx.commands.set_predict_first(on);
  automation::record_item("exercise:on");
  ui::help_tooltip("The lesson asks what comes next before it shows it; you answer, then see.");
  const LessonScore& score = ex.score(ctx.navigation.current);
  if (on && score.asked > 0) {
    char text[64];
    std::snprintf(text, sizeof text, "%d of %d right first time", score.right_first_try, score.asked);
    ui::same_line_if_fits(ImGui::CalcTextSize(text).x);
    ImGui::TextDisabled("%s", text);
    automation::record_item("exercise:score");
  }
}

void draw_exercise_question(LessonContext& ctx) {
  const Exercises& ex = ctx.exercises;
  if (!ex.on) return;
  if (ex.waiting()) {
    const dl::lessons::Question& q = *ex.question;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().cell_fill);
    ImGui::BeginChild("exercise", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                      ImGuiWindowFlags_NavFlattened);
    ui::text_wrapped_at_spaces(q.prompt, "Predict:");
    automation::record_item("exercise:prompt");
    if (q.is_number()) draw_number_answer(ctx);
    else draw_choices(ctx, q);
    ui::same_line_if_fits(ImGui::CalcTextSize("Show me").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button("Show me")) ctx.commands.show_answer();
    automation::record_item("exercise:Show");
    draw_feedback(ex);
    ImGui::EndChild();
    ImGui::PopStyleColor();
  } else {
    draw_feedback(ex);
  }
}
