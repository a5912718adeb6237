// Predict first: the exercise mode's commands. The question is the session's (state/exercises.h),
// asked for the shown lesson's step; answers are checked against the engine's value it carries.
#include "app/commands/commands.h"

#include <string>

namespace {
constexpr const char* kScoresKey = "lessonScores";
}  // namespace

void Commands::set_predict_first(bool on) {
  Exercises& ex = session_.exercises;
  if (ex.on == on) return;
  ex.on = on;
  ex.question.reset();
  ex.step = -1;  // asked afresh at the current step
  ex.feedback.clear();
  if (on) session_.lessons.play.playing = false;  // the next question waits at its step
  browser::save_preference("predictFirst", on ? "1" : "0");
  session_.update_derived();  // the question of the step shown, at once
}

void Commands::finish_question(bool right) {
  Exercises& ex = session_.exercises;
  const dl::lessons::Question& q = *ex.question;
  LessonScore& score = ex.score(ex.lesson);
  ++score.asked;
  if (right && ex.wrong_tries == 0) ++score.right_first_try;
  ex.answered = true;
  ex.outcome = right ? ExerciseOutcome::right : ExerciseOutcome::shown;
  ex.feedback = (right ? "Right: " : "The answer: ") + q.solution + ".";
  ex.feedback_is_error = false;
  browser::save_preference(kScoresKey, scores_text(ex));
  // The step that shows it.
  LessonNavigation& lessons = session_.lessons;
  if (dl::lessons::StepModel* m = lessons.model(lessons.current, session_.data.train)) ::lesson_scrub(*m, lessons.play, q.reveal_step);
  session_.update_derived();
}

void Commands::answer_question(std::string_view typed) {
  Exercises& ex = session_.exercises;
  if (!ex.waiting()) return;
  const dl::lessons::Question& q = *ex.question;
  if (!q.is_number()) return;
  if (!dl::lessons::parse_typed_number(typed)) {
    ex.feedback = "Type a number, such as 64 or -0.25.";
    ex.feedback_is_error = true;
    return;
  }
  if (q.accepts(typed)) return finish_question(true);
  if (++ex.wrong_tries >= 2) return finish_question(false);
  ex.feedback = "Not quite. " + q.hint + ". Try again.";
  ex.feedback_is_error = true;
}

void Commands::answer_choice(int choice) {
  Exercises& ex = session_.exercises;
  if (!ex.waiting()) return;
  const dl::lessons::Question& q = *ex.question;
  if (q.is_number() || choice < 0 || choice >= static_cast<int>(q.choices.size())) return;
  if (q.accepts_choice(choice)) return finish_question(true);
  if (++ex.wrong_tries >= 2) return finish_question(false);
  ex.feedback = "Not " + q.choices[static_cast<size_t>(choice)] + ". " + q.hint + ". Try again.";
  ex.feedback_is_error = true;
}

void Commands::show_answer() {
  if (session_.exercises.waiting()) finish_question(false);
}
