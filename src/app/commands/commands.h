// What a student can do on the page, as one set of commands: an ImGui widget, a keyboard
// shortcut, the accessible DOM layer, a link and a dropped file all run the same code here, never
// a copy of it. Commands change the session (state/session.h), with the time the session was
// updated at; drawing it is the views' business. Only the state layer and the bridge are included:
// tests/app/commands_test.cpp runs them natively.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "app/state/lesson_edits.h"
#include "app/state/session.h"
#include "engine/ink.h"
#include "engine/optimizer.h"
#include "engine/trainer.h"
#include "engine/workshop_models.h"
#include "lessons/registry.h"

class Commands {
 public:
  explicit Commands(Session& session) : session_(session) {}

  // The data to train and test on (not during a run): MNIST, or Fashion-MNIST (downloaded the first
  // time it is chosen). A new dataset makes a fresh start: the run is reset.
  void choose_dataset(dl::DatasetKind dataset);

  // Settings for the next run (the learning rate also applies to a run going on).
  void choose_model(dl::ModelKind model);  // also applies the workshop's fit() settings for it
  void choose_optimizer(dl::OptimizerKind optimizer);  // also Keras' default learning rate
  void set_learning_rate(float learning_rate);
  void set_batch_size(int batch_size);
  void set_epochs(int epochs);
  void set_threads(int threads);

  // The run.
  void train();
  void pause();
  void resume();
  void reset();
  void train_or_pause();  // the shortcut's one key: Train, Pause or Resume, whichever applies
  void resume_with_learning_rate(float learning_rate);  // after a diverged step

  // Model files, and files picked or dropped on the page: MNIST's IDX files go to the student's
  // own digits, the rest are read as models (a bad one is named in the notice, nothing changes).
  void save_model();
  void open_model_picker();  // a click ImGui saw that JS did not already turn into the picker
  void receive_file(const browser::ReceivedFile& file);

  // Views, messages and the look.
  void open_view(View view);
  void focus_view(View view);  // a view's key: the view, with the keyboard focus on its tab
  void switch_pane();          // F6: the keyboard focus to the other pane
  void open_train_pane(TrainPane pane);  // the Train panel's lower half: curves, epochs, ...
  void dismiss_notice();
  void report_problem(std::string text);  // something the page cannot do well here, as an error notice
  void change_text_size(int steps);  // one step bigger (+1) or smaller (-1); remembered for next visits
  void choose_theme(ThemeChoice theme);  // the system's, light or dark; remembered for next visits

  // The drawing, or instead of one, a test image as the Draw panel's input (for a keyboard). Points
  // are in the ink grid's pixels (InkCanvas::kDefaultSize square); a stroke ends a test image.
  void begin_stroke(dl::InkPoint point);
  void extend_stroke(dl::InkPoint point);
  void end_stroke();
  void set_brush_radius(float ink_pixels);
  void clear_drawing();
  void undo_stroke();
  void draw_test_image(int index);

  // Teach it my handwriting: the drawing labelled into the personal set, the set's care, and a
  // fine-tuning run of the live model on it.
  void add_personal_digit(int label);
  void remove_personal_digit(int index);
  void forget_personal_digits();
  void export_personal_digits();
  void import_personal_digits();  // the file picker: both IDX files at once
  void fine_tune();  // ends a paused, finished or diverged run first, keeping the live model
  void show_personal_image(int index);  // in the Test panel's classify_single_image

  // Two runs: run B's differences from A (the Train panel's setup), then both from one seed,
  // taking turns. Choosing B's optimizer also picks its usual learning rate.
  void choose_comparison_optimizer(dl::OptimizerKind optimizer);
  void set_comparison_learning_rate(float learning_rate);
  void set_comparison_batch_size(int batch_size);
  void set_comparison_relu(bool relu);         // B's hidden layers: ReLU instead of sigmoid
  void set_comparison_dropout(float dropout);  // -1: the workshop's
  void train_both();

  // The time machine: a new run from snapshot `index` of the run's history (same settings), one
  // training step while paused, and the weight whose updates the trainer records.
  void select_snapshot(int index);  // -1 (or the last): the latest, following the run
  void continue_from_snapshot(int index);
  void step_once();
  void watch_weight(long long flat_index);

  // The Test panel's classify_single_image: a dataset image by index, or another set at its index.
  void show_dataset_image(bool test_set, int index);
  void choose_test_set(TestChoice::Set set);
  void show_image(int index);  // in the set shown

  // Lessons: the shown lesson (and a step, as a link gives it), and stepping it.
  void open_lesson(dl::lessons::LessonId lesson, std::optional<int> step = std::nullopt);
  void lesson_back();
  void lesson_step();
  void lesson_play(bool playing);
  void lesson_scrub(int step);
  void lesson_speed(float steps_per_second);
  void lesson_toggle_play();
  // A lesson's own inputs (an edited cell, a chosen example or digit, a slider): refused, with the
  // reason, when what it needs is missing. commands/lesson_edits.cpp.
  dl::Status edit_lesson(const LessonEdit& edit);
  // Predict first: the lessons ask before the steps that teach (remembered for next visits); an
  // answer to the question asked (a typed number, or a choice), or the answer shown. A right answer,
  // and a shown one, step on to reveal it. commands/exercise_commands.cpp.
  void set_predict_first(bool on);
  void answer_question(std::string_view typed);
  void answer_choice(int choice);
  void show_answer();

  // Start here: the workshop's path. A stop opens its view (and lesson); the strip shows its text,
  // goal and whether the checkpoint is met. commands/path_commands.cpp.
  void open_path(std::optional<int> stop = std::nullopt);  // the saved stop when none is named
  void path_next();
  void path_back();
  void close_path();

  // Help: the keyboard shortcuts' overlay.
  void toggle_help();
  void close_help();

  // A link from the URL hash ("#conv/step=17", "#train?model=cnn&lr=0.01"); false when it names
  // nothing the page knows. A setup link's bad values are named in the notice and ignored.
  bool open_link(std::string_view link);
  // The current setup as a link: put in the page's address and copied for sharing.
  void copy_setup_link();
  void open_in_own_tab();  // the whole page, at the view shown, in a tab of its own (threads, no frame)
  void copy_embed_code();  // an <iframe> snippet for the view shown, to the clipboard
  std::string page_link() const;  // the full page's link to the view shown: "#conv/step=4", "#draw"

  // A command by name, as the page's accessible controls and the shortcut table send them
  // ("train", "model mlp", "learning_rate 0.01", "lesson conv", ...): the same methods as above.
  // False when unknown.
  bool run(std::string_view name, std::string_view argument);

 private:
  void end_comparison();
  void finish_question(bool right);  // scores it, says so with the filled-in formula, steps to reveal
  bool start(const dl::TrainerConfig& config, const char* failed);  // false (said in the notice) when refused
  Session& session_;
};
