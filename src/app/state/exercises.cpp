// The exercise mode's bookkeeping: which question is asked, and the scores as the browser keeps them.
#include "app/state/exercises.h"

#include <cstdio>
#include <string>

#include "app/state/lesson_navigation.h"

std::string scores_text(const Exercises& exercises) {
  std::string text;
  for (size_t i = 0; i < dl::lessons::kLessonCount; ++i) {
    const LessonScore& s = exercises.scores[i];
    if (s.asked == 0) continue;
    if (!text.empty()) text += ';';
    text += dl::lessons::lesson_info(static_cast<dl::lessons::LessonId>(i)).slug;
    text += ' ' + std::to_string(s.right_first_try) + '/' + std::to_string(s.asked);
  }
  return text;
}

void read_scores(Exercises& exercises, std::string_view text) {
  while (!text.empty()) {
    const size_t end = text.find(';');
    const std::string part(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    char slug[32] = {};
    int right = 0, asked = 0;
    if (std::sscanf(part.c_str(), "%31s %d/%d", slug, &right, &asked) != 3) continue;
    if (asked < 0 || right < 0 || right > asked || asked > 1000000) continue;
    if (const std::optional<dl::lessons::LessonId> id = dl::lessons::lesson_from_slug(slug))
      exercises.score(*id) = {asked, right};
  }
}

void update_exercise(Exercises& ex, const LessonNavigation& lessons) {
  const dl::lessons::StepModel* model = ex.on ? lessons.existing_model(lessons.current) : nullptr;
  if (!model) {
    ex.question.reset();
    ex.step = -1;
    return;
  }
  const bool same_place = ex.lesson == lessons.current && ex.step == model->step() &&
                          ex.step_count == model->step_count() && ex.made_from_inputs == ex.lesson_inputs_version;
  if (same_place) return;
  // A new step (or new numbers under it): its question, if it has one. The last answer's feedback
  // stays until this one is answered.
  ex.lesson = lessons.current;
  ex.step = model->step();
  ex.step_count = model->step_count();
  ex.made_from_inputs = ex.lesson_inputs_version;
  ex.question = dl::lessons::question_before_next_step(*model);
  ex.wrong_tries = 0;
  ex.answered = false;
}

bool asks_before_next_step(const Exercises& exercises, const dl::lessons::StepModel& model) {
  return exercises.on && dl::lessons::question_before_next_step(model).has_value();
}
