// Predict first: the lessons' exercise mode. While it is on, the shown lesson asks its question
// (lessons/exercise.h) before the step that reveals the answer; Step and Play wait until the
// student answers right, or has the answer shown (a second wrong answer shows it too). A wrong
// first answer gets the formula with the numbers filled in, and another try. A small score per
// lesson (asked, right at the first try) is kept in the browser.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "app/state/lesson_navigation.h"
#include "lessons/exercise.h"
#include "lessons/registry.h"

struct LessonScore {
  int asked = 0;           // questions answered or shown
  int right_first_try = 0;
};

enum class ExerciseOutcome { open, right, shown };

struct Exercises {
  bool on = false;  // "Predict first"
  // The question of the shown lesson's current step, and where it was asked.
  std::optional<dl::lessons::Question> question;
  dl::lessons::LessonId lesson = dl::lessons::LessonId::matmul;
  int step = -1, step_count = -1;
  uint64_t made_from_inputs = 0;  // lesson_inputs_version when it was asked
  int wrong_tries = 0;
  bool answered = false;  // this question: right, or its answer shown
  // How the latest answered question ended (open: none answered yet), kept after the step it reveals.
  ExerciseOutcome outcome = ExerciseOutcome::open;
  // What the page says about the latest answer: a wrong try's hint, or the result with the
  // filled-in formula (kept after the reveal, until the next question is answered).
  std::string feedback;
  bool feedback_is_error = false;
  std::array<LessonScore, dl::lessons::kLessonCount> scores{};
  uint64_t lesson_inputs_version = 0;  // bumped by Commands::edit_lesson

  // Whether a question is waiting for its answer: Step and Play wait.
  bool waiting() const { return on && question && !answered; }
  const LessonScore& score(dl::lessons::LessonId id) const { return scores[static_cast<size_t>(id)]; }
  LessonScore& score(dl::lessons::LessonId id) { return scores[static_cast<size_t>(id)]; }
};

// "matmul 3/4;conv 1/2": the scores as the browser keeps them (lessons never asked are left out),
// and back (unknown lessons and malformed parts are skipped).
std::string scores_text(const Exercises& exercises);
void read_scores(Exercises& exercises, std::string_view text);

// Every frame, after the lessons moved: the question of the shown lesson's step (made once per
// step, lesson and set of inputs), or none while the mode is off.
void update_exercise(Exercises& exercises, const LessonNavigation& lessons);
// Whether the exercise mode asks before the step after `model`'s current one (Play stops there).
bool asks_before_next_step(const Exercises& exercises, const dl::lessons::StepModel& model);
