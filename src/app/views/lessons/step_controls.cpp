// The shared stepping widget: Back / Step / Play-Pause, speed and a scrubber for any lesson model.
// Every control runs a command; the session's LessonNavigation does the stepping and the playing.
#include "app/views/lessons/step_controls.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/widgets/widgets.h"
#include "app/views/lessons/lessons_panel.h"

void draw_step_controls(const dl::lessons::StepModel& model, LessonContext& ctx) {
  const LessonPlayState& play = ctx.navigation.play;
  Commands& commands = ctx.commands;
  const int count = model.step_count();
  const bool can_step = count > 1;

  ImGui::BeginDisabled(!can_step || model.step() == 0);
  if (ImGui::Button("Back")) commands.lesson_back();
  ImGui::EndDisabled();
  automation::record_item("lesson:Back");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_step || model.step() >= count - 1);
  if (ImGui::Button("Step")) commands.lesson_step();
  ImGui::EndDisabled();
  automation::record_item("lesson:Step");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_step);
  // The same width for both captions so the row does not shift when it toggles.
  const float play_width = ImGui::CalcTextSize("Pause").x + ImGui::GetStyle().FramePadding.x * 2;
  if (ImGui::Button(play.playing ? "Pause" : "Play", ImVec2(play_width, 0))) commands.lesson_play(!play.playing);
  ImGui::EndDisabled();
  automation::record_item("lesson:Play");

  // The speed slider and the step count follow on the same line when it has room.
  const float speed_width = ImGui::GetFontSize() * 11;
  ui::same_line_if_fits(speed_width + ui::help_width());
  ImGui::SetNextItemWidth(std::min(speed_width, ImGui::GetContentRegionAvail().x - ui::help_width()));
  float speed = play.steps_per_second;
  if (ImGui::SliderFloat("##speed", &speed, kMinLessonSpeed, kMaxLessonSpeed, "%.2g steps/s",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    commands.lesson_speed(speed);
  automation::record_item("lesson:Speed");
  ui::help_tooltip("Play speed: steps per second");

  char steps[32];
  std::snprintf(steps, sizeof steps, "%d steps", count);
  ui::same_line_if_fits(ImGui::CalcTextSize(steps).x);
  ImGui::TextDisabled("%s", steps);

  // The scrubber: drag anywhere in the run. Steps are 0-based, as in the deep links (#conv/step=17).
  int scrub = model.step();
  ImGui::BeginDisabled(!can_step);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderInt("##scrubber", &scrub, 0, std::max(0, count - 1), "step %d", ImGuiSliderFlags_AlwaysClamp))
    commands.lesson_scrub(scrub);
  ImGui::EndDisabled();
  automation::record_item("lesson:Scrubber");
  // Under the scrubber (which stays where a finger expects it): the switch, then the question.
  draw_predict_switch(ctx);
  draw_exercise_question(ctx);
}
