// The shared stepping widget: Back / Step / Play-Pause, speed and a scrubber for any lesson model.
// Play is frame-time based: each frame adds DeltaTime x speed to a budget and spends whole steps.
#include "app/views/lessons/step_controls.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/widgets/widgets.h"

namespace {

constexpr float kMinSpeed = 0.25f;  // steps per second
constexpr float kMaxSpeed = 60.0f;
// A stalled frame (a background tab, a slow software-rendered screenshot) must not turn into a
// jump of hundreds of steps: at most this much frame time counts.
constexpr double kMaxFrameSeconds = 0.25;

bool advance_playback(dl::lessons::StepModel& model, LessonPlayState& play) {
  const double dt = std::min<double>(ImGui::GetIO().DeltaTime, kMaxFrameSeconds);
  play.unspent_seconds += dt * play.steps_per_second;
  bool changed = false;
  while (play.unspent_seconds >= 1.0) {
    play.unspent_seconds -= 1.0;
    if (!model.next_step()) {  // the end: stop rather than wrap, so the last picture stays up
      play.playing = false;
      play.unspent_seconds = 0.0;
      break;
    }
    changed = true;
  }
  return changed;
}

}  // namespace

void lesson_back(dl::lessons::StepModel& model, LessonPlayState& play) {
  model.previous_step();
  play.playing = false;
}

void lesson_next(dl::lessons::StepModel& model, LessonPlayState& play) {
  model.next_step();
  play.playing = false;
}

void lesson_set_playing(dl::lessons::StepModel& model, LessonPlayState& play, bool playing) {
  if (model.step_count() <= 1) playing = false;
  play.playing = playing;
  play.unspent_seconds = 0.0;
  if (playing && model.step() >= model.step_count() - 1) model.set_step(0);
}

void lesson_scrub(dl::lessons::StepModel& model, LessonPlayState& play, int step) {
  model.set_step(step);
  play.playing = false;
}

bool draw_step_controls(dl::lessons::StepModel& model, LessonPlayState& play) {
  const int count = model.step_count();
  const int before = model.step();
  const bool can_step = count > 1;

  ImGui::BeginDisabled(!can_step || model.step() == 0);
  if (ImGui::Button("Back")) lesson_back(model, play);
  ImGui::EndDisabled();
  automation::record_item("lesson:Back");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_step || model.step() >= count - 1);
  if (ImGui::Button("Step")) lesson_next(model, play);
  ImGui::EndDisabled();
  automation::record_item("lesson:Step");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_step);
  // The same width for both captions so the row does not shift when it toggles.
  const float play_width = ImGui::CalcTextSize("Pause").x + ImGui::GetStyle().FramePadding.x * 2;
  if (ImGui::Button(play.playing ? "Pause" : "Play", ImVec2(play_width, 0)))
    lesson_set_playing(model, play, !play.playing);
  ImGui::EndDisabled();
  automation::record_item("lesson:Play");

  // The speed slider and the step count follow on the same line when it has room.
  const float speed_width = ImGui::GetFontSize() * 11;
  ui::same_line_if_fits(speed_width + ui::help_width());
  ImGui::SetNextItemWidth(std::min(speed_width, ImGui::GetContentRegionAvail().x - ui::help_width()));
  ImGui::SliderFloat("##speed", &play.steps_per_second, kMinSpeed, kMaxSpeed, "%.2g steps/s",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
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
  if (ImGui::SliderInt("##scrubber", &scrub, 0, std::max(0, count - 1), "step %d",
                       ImGuiSliderFlags_AlwaysClamp))
    lesson_scrub(model, play, scrub);
  ImGui::EndDisabled();
  automation::record_item("lesson:Scrubber");

  if (play.playing && can_step) advance_playback(model, play);
  if (!can_step) play.playing = false;

  return model.step() != before;
}
