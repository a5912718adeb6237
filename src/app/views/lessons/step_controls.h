// The shared stepping widget every lesson view uses: Back / Step / Play-Pause, a speed slider
// (steps per second) and a scrubber over all steps, driving any dl::lessons::StepModel.
#pragma once
#include "lessons/step_model.h"

// How a lesson plays: on or off, how fast, and the frame time not yet turned into steps. Lives in
// LessonViews (one for the page: only the shown lesson plays).
struct LessonPlayState {
  bool playing = false;
  float steps_per_second = 2.0f;   // the speed slider, 0.25 .. 60
  double unspent_seconds = 0.0;    // play time accumulated since the last step (frame-time based)
};

// What the controls do, shared with the app's commands (keyboard, accessible layer): a manual
// step stops the clock ("let me look"); Play at the last step replays from the first.
void lesson_back(dl::lessons::StepModel& model, LessonPlayState& play);
void lesson_next(dl::lessons::StepModel& model, LessonPlayState& play);
void lesson_set_playing(dl::lessons::StepModel& model, LessonPlayState& play, bool playing);
void lesson_scrub(dl::lessons::StepModel& model, LessonPlayState& play, int step);

// Draws the controls on one line (plus the scrubber) and applies them to `model`; while playing,
// advances by ImGui's frame time x speed (never blocking) and pauses at the last step. Returns
// true when the step changed this frame. Automation labels: "lesson:Back", "lesson:Step",
// "lesson:Play", "lesson:Speed", "lesson:Scrubber". Draw it once per frame per lesson shown.
bool draw_step_controls(dl::lessons::StepModel& model, LessonPlayState& play);
