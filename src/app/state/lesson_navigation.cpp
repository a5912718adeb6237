// Lesson navigation: the step models, made lazily from the lesson table, and the stepping rules.
#include "app/state/lesson_navigation.h"

#include <algorithm>

#include "lessons/conv.h"
#include "lessons/relu.h"

using dl::lessons::LessonId;

namespace {
// A stalled frame (a background tab, a slow software-rendered screenshot) must not turn into a
// jump of hundreds of steps: at most this much frame time counts.
constexpr double kMaxPlayFrame = 0.25;
}  // namespace

dl::lessons::StepModel* LessonNavigation::model(LessonId id, const std::shared_ptr<const dl::Dataset>& train) {
  const size_t i = static_cast<size_t>(id);
  const dl::lessons::LessonInfo& info = dl::lessons::lesson_info(id);
  std::unique_ptr<dl::lessons::StepModel>& slot = models_[i];
  const bool stale = info.needs_training_set && slot && made_from_[i] != train;
  if (slot && !stale) return slot.get();
  std::unique_ptr<dl::lessons::StepModel> fresh = info.make_model(dl::lessons::LessonInputs{train.get()});
  if (!fresh) return stale ? slot.get() : nullptr;  // keep the old one until the new inputs are complete
  if (slot) fresh->set_step(slot->step());           // a new training set: the same step (image index)
  slot = std::move(fresh);
  made_from_[i] = info.needs_training_set ? train : nullptr;
  return slot.get();
}

const dl::lessons::StepModel* LessonNavigation::existing_model(LessonId id) const {
  return models_[static_cast<size_t>(id)].get();
}

dl::lessons::StepModel* LessonNavigation::existing_model(LessonId id) { return models_[static_cast<size_t>(id)].get(); }

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

void lesson_set_speed(LessonPlayState& play, float steps_per_second) {
  play.steps_per_second = std::clamp(steps_per_second, kMinLessonSpeed, kMaxLessonSpeed);
}

bool advance_lesson(dl::lessons::StepModel& model, LessonPlayState& play, double frame_seconds,
                    const StopHere& stop_here) {
  if (!play.playing) return false;
  if (model.step_count() <= 1) {
    play.playing = false;
    return false;
  }
  play.unspent_seconds += std::clamp(frame_seconds, 0.0, kMaxPlayFrame) * play.steps_per_second;
  bool changed = false;
  while (play.unspent_seconds >= 1.0) {
    play.unspent_seconds -= 1.0;
    if (stop_here && stop_here(model)) {  // a question waits here: the student answers first
      play.playing = false;
      play.unspent_seconds = 0.0;
      break;
    }
    if (!model.next_step()) {  // the end: stop rather than wrap, so the last picture stays up
      play.playing = false;
      play.unspent_seconds = 0.0;
      break;
    }
    changed = true;
  }
  return changed;
}

void update_lessons(LessonNavigation& lessons, const std::shared_ptr<const dl::Dataset>& train, bool data_ready,
                    double now, double frame_seconds, bool shown, const StopHere& stop_here) {
  // The shown lesson's model exists whichever view is shown, so status() and the accessible layer
  // can tell it straight after a link.
  dl::lessons::StepModel* model = lessons.model(lessons.current, train);
  if (lessons.pending_step && model) {
    const bool enough_steps = model->step_count() > *lessons.pending_step;
    // A lesson with no steps at all (inside, before any training) keeps the link until it has some.
    const bool waited_enough =
        model->step_count() > 0 && data_ready && now - lessons.pending_since > kPendingStepPatience;
    if (enough_steps || waited_enough) {
      model->set_step(*lessons.pending_step);
      lessons.pending_step.reset();
    }
  }
  if (model && shown) advance_lesson(*model, lessons.play, frame_seconds, stop_here);
  if (lessons.current == LessonId::relu || lessons.current == LessonId::pool) follow_convolution(lessons, train, data_ready);
}

void follow_convolution(LessonNavigation& lessons, const std::shared_ptr<const dl::Dataset>& train, bool data_ready) {
  auto* conv = lessons.get<dl::lessons::ConvLesson>(train);
  auto* relu = lessons.get<dl::lessons::ReluLesson>(train);
  if (conv->image_index() < 0 && data_ready) conv->set_image(*train, 0);  // the lessons start on digit 0
  if (relu->before().values() != conv->feature_map().values()) (void)relu->set_feature_maps(conv->feature_map());
}
