// The Lessons tab: its state (one lazily made step model per lesson from the lesson table, the
// lesson shown, play state), what a lesson view reads of the app (LessonContext), and the view
// table's entries — one draw_*_view per lesson, in src/app/lessons/<slug>_view.cpp.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/commands/commands.h"
#include "app/state/session.h"
#include "app/bridge/automation.h"
#include "app/gfx/look.h"
#include "app/gfx/widgets/steady_scrollbar.h"
#include "app/gfx/widgets/widgets.h"
#include "lessons/registry.h"
#include "lessons/step_model.h"

// A view's own UI state (an open cell editor, a chosen example, a hovered region): each view
// defines `struct FooViewState : LessonViewState {...}` in its .cpp and reaches it through
// LessonViews::view_state<FooViewState>(id), so no view needs statics or a header change.
struct LessonViewState {
  virtual ~LessonViewState() = default;
};

// Owned by App (App::lessons). Models are made on first use from the lesson table and live for
// the page, so a lesson keeps its step and edits while the student looks at another one.
// Owned by App (App::lessons): what the lesson views draw with. Which lesson, its step model and
// play state are the session's (LessonNavigation).
struct LessonViews {
  // The hash last written to the page's URL, and when (the panel keeps the URL on the step shown).
  std::string written_hash;
  double hash_written_at = -1.0;

  // The number being typed into the exercise's answer field.
  char typed_answer[32] = {};

  // How far the lesson's view is scrolled, and how far it could be (status(), for tests).
  float scroll_y = 0, scroll_max_y = 0;
  ui::SteadyScrollbar scrollbar;  // the lesson's scrollbar stays put while its content changes step by step

  template <class State>
  State& view_state(dl::lessons::LessonId id) {
    std::unique_ptr<LessonViewState>& slot = view_states_[static_cast<size_t>(id)];
    if (!slot) slot = std::make_unique<State>();
    return static_cast<State&>(*slot);
  }

 private:
  std::array<std::unique_ptr<LessonViewState>, dl::lessons::kLessonCount> view_states_;
};

// What a lesson view reads of the app, and acts through: a lesson's own inputs (an edited matrix
// cell, a chosen example) change through Commands::edit_lesson, stepping and playing through the
// stepping commands, like every other control.
struct LessonContext {
  LessonViews& views;
  const LessonNavigation& navigation;
  const Datasets& data;
  const LiveModel& live;                   // its weights (the CNN's filters) and predictions
  const dl::PreprocessedDigit& drawing;   // the Draw panel's digit, as the network sees it
  Commands& commands;
  const Exercises& exercises;  // "Predict first": the question asked at this step
  bool single_lesson = false;  // embedded: the lesson alone, without the list of lessons

  // The lesson's model as its own class (the views' usual first line).
  // The session makes the shown lesson's model every frame (Session::update); nullptr for the one
  // frame after another lesson was picked, or while its data is missing.
  template <class Lesson>
  const Lesson* lesson() const { return static_cast<const Lesson*>(navigation.existing_model(Lesson::kId)); }
  // A lesson input changed by a widget: the command (refused, with the reason, when what it needs is missing).
  dl::Status edit(const LessonEdit& edit) const { return commands.edit_lesson(edit); }
  // Whether there is a live model and it is a CNN (the lessons that show its filters need one).
  bool live_cnn() const { return live.ready() && live.kind == dl::ModelKind::cnn; }
  // True, after a dimmed line saying so, while the MNIST digits are still loading; `then` says
  // what the lesson will do with them (nullptr: nothing more). A view returns at once when true.
  bool data_loading(const char* then) const;
};

std::unique_ptr<LessonViews> make_lesson_views();
// The Lessons tab: the lesson list, the lesson's heading and explanation, and its view.
void draw_lessons_panel(LessonContext& ctx);
// Predict first (exercise_card.cpp), drawn by the step controls under their scrubber: the switch
// and the lesson's score, then the question asked at this step with its answer field or choices,
// and the feedback.
void draw_predict_switch(LessonContext& ctx);
void draw_exercise_question(LessonContext& ctx);
// status().lesson: {slug, step, steps, playing, pendingStep, values: the step's values_json()}.
void write_lessons_status(const LessonViews& views, const LessonNavigation& navigation, const Exercises& exercises,
                          dl::lessons::JsonWriter& w);

// One view per lesson, src/app/lessons/<slug>_view.cpp. The panel draws the lesson's title and
// its explanation paragraph; a view draws everything else in the space left: its picture, its
// inputs and (if it steps) draw_step_controls() on the lesson's model, exactly once per frame.
// The view table in lessons_panel.cpp lists them by LessonId.
void draw_matmul_view(LessonContext& ctx);
void draw_images_view(LessonContext& ctx);
void draw_perceptron_view(LessonContext& ctx);
void draw_dense_view(LessonContext& ctx);
void draw_crossentropy_view(LessonContext& ctx);
void draw_descent_view(LessonContext& ctx);
void draw_conv_view(LessonContext& ctx);
void draw_relu_view(LessonContext& ctx);
void draw_pool_view(LessonContext& ctx);
void draw_dropout_view(LessonContext& ctx);
void draw_inside_view(LessonContext& ctx);
