// Which lesson is shown, at which step, and whether it plays: the lessons' step models (one per
// lesson, made from the lesson table when first asked for, kept for the page so a lesson keeps its
// step while the student looks at another), a deep-linked step waiting for its lesson's data, and
// the stepping rules every control shares (buttons, keys, the accessible layer, a link).
#pragma once
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "engine/dataset.h"
#include "lessons/registry.h"
#include "lessons/step_model.h"

// How a lesson plays: on or off, how fast, and the frame time not yet turned into steps. Only the
// shown lesson plays; switching lessons pauses.
struct LessonPlayState {
  bool playing = false;
  float steps_per_second = 2.0f;   // the speed slider, kMinLessonSpeed .. kMaxLessonSpeed
  double unspent_seconds = 0.0;    // play time accumulated since the last step (frame-time based)
};
inline constexpr float kMinLessonSpeed = 0.25f, kMaxLessonSpeed = 60.0f;  // steps per second

// A deep link's step waits this long (seconds) for a lesson whose model cannot take it yet, then
// goes to the nearest step there is.
inline constexpr double kPendingStepPatience = 5.0;

struct LessonNavigation {
  dl::lessons::LessonId current = dl::lessons::LessonId::matmul;
  LessonPlayState play;
  // A deep-linked step the lesson's model cannot take yet (its data or trained model is not
  // there, so it has too few steps): applied once the model has enough steps.
  std::optional<int> pending_step;
  double pending_since = 0.0;  // the session's clock when the link arrived

  // The lesson's model, made when first asked for (and remade, keeping its step, when the
  // training set it was made from changed); nullptr while its inputs are missing.
  dl::lessons::StepModel* model(dl::lessons::LessonId id, const std::shared_ptr<const dl::Dataset>& train);
  // The model if it was made already, else nullptr (for const readers such as status()).
  const dl::lessons::StepModel* existing_model(dl::lessons::LessonId id) const;
  dl::lessons::StepModel* existing_model(dl::lessons::LessonId id);
  // A lesson's model as its own class, e.g. get<dl::lessons::ConvLesson>(train).
  template <class Lesson>
  Lesson* get(const std::shared_ptr<const dl::Dataset>& train) {
    return static_cast<Lesson*>(model(Lesson::kId, train));
  }

 private:
  std::array<std::unique_ptr<dl::lessons::StepModel>, dl::lessons::kLessonCount> models_;
  // The training set each model was made from (kept alive for lessons that refer to it).
  std::array<std::shared_ptr<const dl::Dataset>, dl::lessons::kLessonCount> made_from_;
};

// The stepping rules: a manual step stops the clock ("let me look"); Play at the last step
// replays from the first; playing advances by frame time x speed (at most kMaxPlayFrame seconds of
// a stalled frame count) and stops at the last step. advance_lesson returns whether the step changed.
void lesson_back(dl::lessons::StepModel& model, LessonPlayState& play);
void lesson_next(dl::lessons::StepModel& model, LessonPlayState& play);
void lesson_set_playing(dl::lessons::StepModel& model, LessonPlayState& play, bool playing);
void lesson_scrub(dl::lessons::StepModel& model, LessonPlayState& play, int step);
void lesson_set_speed(LessonPlayState& play, float steps_per_second);
// `stop_here`, when given, stops the play at a step it names (the exercise mode's questions).
using StopHere = std::function<bool(const dl::lessons::StepModel&)>;
bool advance_lesson(dl::lessons::StepModel& model, LessonPlayState& play, double frame_seconds,
                    const StopHere& stop_here = {});

// Every frame, whichever view is shown: applies a deep-linked step once its lesson can show it,
// and, while the lesson is on screen (`shown`), plays it.
void update_lessons(LessonNavigation& lessons, const std::shared_ptr<const dl::Dataset>& train, bool data_ready,
                    double now, double frame_seconds, bool shown, const StopHere& stop_here = {});
// The ReLU lesson acts on the convolution lesson's feature map (and pooling, without a CNN, on
// ReLU's): made, given digit 0 once the data is there, and kept on the convolution's map. Run by
// update_lessons while either lesson is the current one.
void follow_convolution(LessonNavigation& lessons, const std::shared_ptr<const dl::Dataset>& train, bool data_ready);
