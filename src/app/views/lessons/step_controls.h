// The shared stepping widget every lesson view uses: Back / Step / Play-Pause, a speed slider
// (steps per second) and a scrubber over all steps, for any dl::lessons::StepModel.
#pragma once
#include "lessons/step_model.h"

struct LessonContext;

// Draws the controls on one line (plus the scrubber) for `model`, the shown lesson's, acting through
// the commands (lesson_back, lesson_step, lesson_play, lesson_speed, lesson_scrub); the session
// plays it. Automation labels: "lesson:Back", "lesson:Step", "lesson:Play", "lesson:Speed",
// "lesson:Scrubber". Draw it once per frame per lesson shown. Predict first's switch and its
// question (with the answer field or choices) follow under the scrubber (exercise_card.cpp).
void draw_step_controls(const dl::lessons::StepModel& model, LessonContext& ctx);
