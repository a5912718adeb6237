// The student's commands: each one validates its input, changes the app's state and, where the
// student would want to know, says what happened in the notice line.
#include "app/commands/commands.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <string>

#include "app/state/screen.h"
#include "app/state/choices.h"
#include "app/state/embed_link.h"
#include "app/state/rules.h"
#include "app/state/run_words.h"
#include "app/state/setup_link.h"
#include "engine/personal_set.h"
#include "engine/safetensors.h"


// ---- Settings -------------------------------------------------------------------------------------

void Commands::choose_dataset(dl::DatasetKind dataset) {
  if (run_in_progress(session_) || session_.data.kind == dataset) return;
  reset();
  DatasetArrival& a = session_.data.arrival(dataset);
  if (!a.train && !a.requested && a.error.empty()) {
    a.requested = true;
    browser::request_dataset(dl::dataset_info(dataset).slug);
  }
  session_.data.show(dataset);
  if (session_.data.ready()) session_.trainer.set_data(session_.data.train, session_.data.test);
}

void Commands::choose_model(dl::ModelKind model) {
  RunSetup& s = session_.run;
  if (run_in_progress(session_) || s.model == model) return;
  s.model = model;
  s.apply_workshop_fit();
}

void Commands::choose_optimizer(dl::OptimizerKind optimizer) {
  RunSetup& s = session_.run;
  if (run_in_progress(session_) || s.optimizer == optimizer) return;
  s.optimizer = optimizer;
  s.learning_rate = dl::OptimizerConfig::defaults(optimizer).learning_rate;  // Keras' default
}

void Commands::set_learning_rate(float learning_rate) {
  if (!std::isfinite(learning_rate) || learning_rate <= 0.0f) return;
  learning_rate = std::min(learning_rate, kMaxTypedLearningRate);
  session_.run.learning_rate = learning_rate;
  if (run_in_progress(session_)) session_.trainer.set_learning_rate(learning_rate);  // the one live setting
}

void Commands::set_batch_size(int batch_size) {
  if (run_in_progress(session_) || std::find(std::begin(kBatchSizes), std::end(kBatchSizes), batch_size) ==
                                   std::end(kBatchSizes))
    return;
  session_.run.batch_size = batch_size;
}

void Commands::set_epochs(int epochs) {
  if (run_in_progress(session_)) return;
  session_.run.epochs = std::clamp(epochs, 1, kMaxEpochs);
}

void Commands::set_threads(int threads) {
  if (run_in_progress(session_)) return;
  session_.run.threads = std::clamp(threads, 1, session_.run.max_threads);
}

// ---- The run --------------------------------------------------------------------------------------

bool Commands::start(const dl::TrainerConfig& config, const char* failed) {
  const dl::Status started = session_.trainer.start(config);
  if (!started) {
    session_.notices.show(std::string(failed) + ": " + started.message(), true);
    return false;
  }
  // Until the trainer thread reports the run, this keeps the buttons from offering a second start.
  session_.start_requested = true;
  return true;
}

void Commands::end_comparison() {
  if (session_.comparison) session_.comparison->reset();
  session_.comparing = false;
}

void Commands::train() {
  if (!can_start_run(session_)) return;
  end_comparison();
  if (start(trainer_config(session_.run), "Could not start training")) open_train_pane(TrainPane::curves);
}

void Commands::choose_comparison_optimizer(dl::OptimizerKind optimizer) {
  session_.comparison_setup.optimizer = optimizer;
  session_.comparison_setup.learning_rate = dl::OptimizerConfig::defaults(optimizer).learning_rate;  // Keras' default
}

void Commands::set_comparison_learning_rate(float learning_rate) {
  session_.comparison_setup.learning_rate = std::clamp(learning_rate, kMinLearningRate, kMaxLearningRate);
}

void Commands::set_comparison_batch_size(int batch_size) {
  session_.comparison_setup.batch_size = std::clamp(batch_size, kMinComparisonBatch, kMaxComparisonBatch);
}

void Commands::set_comparison_relu(bool relu) { session_.comparison_setup.relu = relu; }

void Commands::set_comparison_dropout(float dropout) {
  session_.comparison_setup.dropout = dropout < 0 ? -1.0f : std::min(dropout, kMaxDropout);
}

void Commands::train_both() {
  if (!can_start_run(session_)) return;
  const ComparisonSetup& c = session_.comparison_setup;
  dl::TrainerConfig a = trainer_config(session_.run);
  auto turns = std::make_shared<dl::TurnTaking>(2);
  a.turns = turns;
  a.turn = 0;
  dl::TrainerConfig b = a;
  b.turn = 1;
  b.optimizer = c.optimizer;
  b.learning_rate = c.learning_rate;
  b.batch_size = c.batch_size;
  b.variant.hidden = c.relu ? dl::Activation::relu : dl::Activation::sigmoid;
  b.variant.dropout = c.dropout;
  if (!session_.comparison) session_.comparison = std::make_unique<dl::Trainer>();
  session_.comparison->set_data(session_.data.train, session_.data.test);
  const dl::Status started_a = session_.trainer.start(a);
  if (!started_a) {
    session_.notices.show("Could not start training: " + started_a.message(), true);
    return;
  }
  const dl::Status started_b = session_.comparison->start(b);
  if (!started_b) {
    turns->leave(1);  // A must not wait for a run that never began
    session_.notices.show("Could not start run B: " + started_b.message(), true);
    return;
  }
  session_.comparing = true;
  session_.start_requested = true;
  session_.notices.show("Training A and B from the same weights and batches; B differs in: " + describe_difference(a, b) + ".",
                    false);
}

void Commands::pause() {
  if (can_pause(session_)) {
    session_.trainer.pause();
    if (session_.comparing) session_.comparison->pause();  // both, or one would wait for the other's turn
  }
}

void Commands::resume() {
  if (can_resume(session_)) {
    session_.trainer.resume();
    if (session_.comparing) session_.comparison->resume();
  }
}

void Commands::reset() {
  session_.trainer.reset();
  end_comparison();
  session_.start_requested = false;
}

void Commands::train_or_pause() {
  switch (session_.status.phase) {
    case dl::TrainerPhase::training:
    case dl::TrainerPhase::validating: pause(); break;
    case dl::TrainerPhase::paused:
    case dl::TrainerPhase::failed: resume(); break;
    case dl::TrainerPhase::idle:
    case dl::TrainerPhase::finished:
      if (session_.status.phase == dl::TrainerPhase::finished) reset();  // a finished run makes way for a new one
      train();
      break;
  }
}

void Commands::resume_with_learning_rate(float learning_rate) {
  set_learning_rate(learning_rate);
  resume();
}

// ---- Model files ----------------------------------------------------------------------------------

void Commands::save_model() {
  const LiveModel& live = session_.live;
  if (!live.ready()) return;
  dl::SafetensorsFile file = live.model->to_safetensors();
  file.metadata["model"] = dl::model_kind_name(live.kind);
  file.metadata["source"] = live.origin_text();
  file.metadata["dataset"] = dl::dataset_info(live.dataset).slug;
  const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
  const std::string name = std::string("digitlab-") + dl::model_kind_name(live.kind) + ".safetensors";
  browser::offer_download(name, bytes);
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MB", bytes.size() / 1e6);
  session_.notices.show("Saved " + name + " (" + size + ", " + model_display_name(live.kind) +
                            ") to your downloads. Load model... or a drop on the page brings it back.",
                        false);
}

void Commands::receive_file(const browser::ReceivedFile& file) {
  if (is_idx_file(file)) {
    const ImportOutcome outcome = import_idx_file(session_.personal, file);
    session_.notices.show(outcome.message, outcome.error);
    return;
  }
  const std::string name = file.name.empty() ? std::string("the file") : file.name;
  dl::Result<ModelLoading::PendingLoad> read = read_model_file(file, name);
  if (!read) {
    session_.notices.show("Could not load " + name + ": " + read.message() + " The current model is unchanged.", true);
    return;
  }
  ModelLoading::PendingLoad load = std::move(read).value();
  if (session_.status.phase == dl::TrainerPhase::idle && !session_.start_requested)
    return install_model(session_, std::move(load), false);
  // A finished run publishes nothing more, so its model can be replaced at once; a running one
  // first has to stop (ModelLoading; the session installs it once the trainer is idle).
  const bool finished = session_.status.phase == dl::TrainerPhase::finished;
  reset();
  if (finished) return install_model(session_, std::move(load), true);
  session_.loading.pending = std::move(load);
  session_.notices.show("Loading " + name + ": stopping the training run first...", false);
}

void Commands::open_model_picker() { browser::open_picker(); }

// ---- Views, messages, the drawing, the Test panel -------------------------------------------------

void Commands::open_view(View view) { session_.nav.requested_view = view; }

void Commands::focus_view(View view) {
  open_view(view);
  session_.nav.focus_view_tab = true;  // the keys go where the view is
  if (view != View::train) session_.nav.focus_workbench = true;
}

void Commands::switch_pane() { session_.nav.focus_other_pane = true; }

void Commands::open_train_pane(TrainPane pane) { session_.nav.requested_train_pane = pane; }

void Commands::dismiss_notice() { session_.notices.dismiss(); }

void Commands::report_problem(std::string text) { session_.notices.show(std::move(text), true); }

void Commands::change_text_size(int steps) {
  session_.text_size = step_text_size(session_.text_size, steps);
  browser::save_preference("textSize", std::to_string(static_cast<int>(session_.text_size)));
}

void Commands::begin_stroke(dl::InkPoint point) {
  Drawing& d = session_.drawing;
  if (d.ink.stroke_open()) d.ink.end_stroke();
  if (d.test_image >= 0) {  // drawing replaces the test image
    d.test_image = -1;
    d.ink.clear();
  }
  d.ink.begin_stroke(point, d.brush_radius);
}

void Commands::extend_stroke(dl::InkPoint point) {
  if (session_.drawing.ink.stroke_open()) session_.drawing.ink.extend_stroke(point);
}

void Commands::end_stroke() {
  if (session_.drawing.ink.stroke_open()) session_.drawing.ink.end_stroke();
}

void Commands::set_brush_radius(float ink_pixels) {
  if (std::isfinite(ink_pixels)) session_.drawing.brush_radius = std::clamp(ink_pixels, kMinBrushRadius, kMaxBrushRadius);
}

void Commands::choose_theme(ThemeChoice theme) {
  session_.theme_choice = theme;
  browser::save_preference("theme", theme_choice_name(theme));
}

void Commands::clear_drawing() { session_.drawing.ink.clear(); }

void Commands::undo_stroke() { session_.drawing.ink.undo(); }

void Commands::draw_test_image(int index) {
  if (!session_.data.test) return;
  Drawing& s = session_.drawing;
  s.test_index = std::clamp(index, 0, session_.data.test->count - 1);
  s.test_image = s.test_index;
  s.ink.clear();  // a new version: the panel takes the image as its input next frame
}

void Commands::add_personal_digit(int label) {
  if (label < 0 || label >= dl::kClassCount || session_.drawing.input.empty) return;
  // The path's "teach it a mistake": the model read this drawing as something else.
  if (session_.drawing.has_reading && session_.drawing.prediction != label) ++session_.path.mistakes_taught;
  add_drawing(session_.personal, session_.drawing.input, label);
  session_.notices.show("Added to your digits as a " + std::to_string(label) + " (" + std::to_string(session_.personal.set.count) +
                        " so far). Draw the next one.",
                    false);
  clear_drawing();
}

void Commands::remove_personal_digit(int index) {
  if (index < 0 || index >= session_.personal.set.count) return;
  dl::remove_example(session_.personal.set, index);
  save_personal_digits(session_.personal);
  session_.notices.show("Removed that digit (" + std::to_string(session_.personal.set.count) + " left).", false);
}

void Commands::forget_personal_digits() {
  PersonalDigits& p = session_.personal;
  if (p.set.count == 0) return;
  if (!p.forget_armed()) {
    p.forget_armed_at = seconds_now();
    session_.notices.show("Press Forget again to forget all " + std::to_string(p.set.count) +
                          " of your digits (Export keeps a copy).",
                      false);
    return;
  }
  p.forget_armed_at = -1e9;
  p.set = dl::Dataset{};
  save_personal_digits(session_.personal);
  session_.notices.show("Your digits are forgotten (in this browser too).", false);
}

void Commands::export_personal_digits() {
  if (session_.personal.set.count == 0) return;
  browser::offer_download("my-digits-images-idx3-ubyte", dl::encode_idx_images(session_.personal.set));
  browser::offer_download("my-digits-labels-idx1-ubyte", dl::encode_idx_labels(session_.personal.set));
  session_.notices.show("Your " + std::to_string(session_.personal.set.count) +
                        " digits are in your downloads as two IDX files, MNIST's format (images and labels). Import "
                        "them here, or read them as MNIST is read.",
                    false);
}

void Commands::import_personal_digits() { browser::open_picker(); }

void Commands::fine_tune() {
  const std::string obstacle = fine_tune_obstacle(session_);
  if (!obstacle.empty()) {
    session_.notices.show(obstacle, !session_.live.ready() || session_.live.dataset != dl::DatasetKind::mnist);
    return;
  }
  const PersonalDigits& p = session_.personal;
  const dl::FineTuneRecipe recipe;
  // A paused, finished or diverged run ends here; the live model keeps its last good weights and
  // is what the fine-tuning starts from.
  if (session_.status.phase != dl::TrainerPhase::idle) reset();
  end_comparison();
  const dl::TrainerConfig config = dl::fine_tune_config(p.set, *session_.data.train, session_.live.kind,
                                                        session_.live.model->parameters(), session_.run.threads, recipe);
  if (!start(config, "Could not fine-tune")) return;
  session_.personal.fine_tune_started = seconds_now();
  session_.notices.show("Fine-tuning on your " + std::to_string(p.set.count) + " digits (each with " +
                            std::to_string(recipe.augmented_copies) + " changed copies, mixed with " +
                            std::to_string(recipe.replay_images) + " MNIST images so it does not forget them)...",
                        false);
}

void Commands::continue_from_snapshot(int index) {
  if (index < 0 || index >= static_cast<int>(session_.history.size())) return;
  const dl::WeightSnapshot snap = session_.history[static_cast<size_t>(index)];
  dl::TrainerConfig config = session_.status.config;  // the run's own settings
  config.start_weights = snap.weights;
  config.train_set.reset();  // a run on the training set, even after a fine-tuning
  config.personal_set.reset();
  config.turns.reset();  // alone, even after two runs side by side
  end_comparison();
  if (!start(config, "Could not continue")) return;
  session_.time_machine.follow = true;
  session_.notices.show("A new run from the weights at step " + dl::with_commas(static_cast<size_t>(snap.step)) +
                        " (the optimizer's state starts afresh).",
                    false);
}

void Commands::select_snapshot(int index) {
  TimeMachineSelection& t = session_.time_machine;
  const int n = static_cast<int>(session_.history.size());
  t.follow = index < 0 || index >= n - 1;
  t.selected = t.follow ? std::max(0, n - 1) : index;
}

void Commands::step_once() {
  if (can_step_once(session_)) session_.trainer.step_once();
}

void Commands::watch_weight(long long flat_index) {
  session_.time_machine.watched = flat_index;
  session_.trainer.watch_parameter(flat_index);
}

void Commands::show_personal_image(int index) {
  if (index < 0 || index >= session_.personal.set.count) return;
  session_.test_choice.set = TestChoice::Set::personal;
  session_.test_choice.index = index;
}

void Commands::show_dataset_image(bool test_set, int index) {
  TestChoice& s = session_.test_choice;
  s.set = test_set ? TestChoice::Set::test : TestChoice::Set::train;
  s.index = std::max(0, index);  // the session clamps it to the set's size
}

void Commands::choose_test_set(TestChoice::Set set) {
  if (dataset_of(session_.data, session_.personal, set)) session_.test_choice.set = set;
}

void Commands::show_image(int index) { session_.test_choice.index = std::max(0, index); }

// ---- Lessons --------------------------------------------------------------------------------------

void Commands::open_lesson(dl::lessons::LessonId lesson, std::optional<int> step) {
  LessonNavigation& views = session_.lessons;
  if (views.current != lesson) views.play.playing = false;  // a new lesson starts still
  views.current = lesson;
  views.pending_step = step;
  views.pending_since = session_.now;
}

void Commands::lesson_back() {
  LessonNavigation& views = session_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, session_.data.train)) ::lesson_back(*m, views.play);
}

void Commands::lesson_step() {
  LessonNavigation& views = session_.lessons;
  if (session_.exercises.waiting()) {
    session_.notices.show("Predict first: answer the question above the lesson, or press Show me.", false);
    return;
  }
  if (dl::lessons::StepModel* m = views.model(views.current, session_.data.train)) lesson_next(*m, views.play);
}

void Commands::lesson_play(bool playing) {
  LessonNavigation& views = session_.lessons;
  if (playing && session_.exercises.waiting()) {
    session_.notices.show("Predict first: answer the question above the lesson, or press Show me.", false);
    return;
  }
  if (dl::lessons::StepModel* m = views.model(views.current, session_.data.train)) lesson_set_playing(*m, views.play, playing);
}

void Commands::lesson_scrub(int step) {
  LessonNavigation& views = session_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, session_.data.train)) ::lesson_scrub(*m, views.play, step);
}

std::string Commands::page_link() const {
  const View view = session_.nav.embedded.value_or(session_.nav.active_view);
  switch (view) {
    case View::train: {
      const RunSetup& s = session_.run;
      return make_setup_link(session_.data.kind, s.model, s.optimizer, s.learning_rate, s.batch_size, s.epochs);
    }
    case View::draw: return "#draw";
    case View::test: return "#test";
    case View::lessons: {
      const LessonNavigation& views = session_.lessons;
      const dl::lessons::StepModel* model = views.existing_model(views.current);
      return dl::lessons::make_deep_link(views.current, model ? model->step() : 0);
    }
  }
  return "#";
}

void Commands::open_in_own_tab() { browser::open_page(page_link()); }

void Commands::copy_embed_code() {
  const std::string link = page_link();
  const std::optional<EmbedLink> embed = parse_embed_link(make_embed_link(link));
  if (!embed) return;
  std::string title = "digitlab";
  if (embed->view == "lessons") title += std::string(": ") + dl::lessons::lesson_info(session_.lessons.current).title;
  else title += std::string(": ") + view_name(session_.nav.embedded.value_or(session_.nav.active_view));
  const std::string code = embed_code(browser::page_address(), *embed, title);
  browser::copy_text(code);
  session_.notices.show("Copied the embed code for this view; paste it into a course page: " + code, false);
}

void Commands::copy_setup_link() {
  const RunSetup& s = session_.run;
  const std::string hash = make_setup_link(session_.data.kind, s.model, s.optimizer, s.learning_rate, s.batch_size, s.epochs);
  browser::replace_link(hash);
  browser::copy_link_to_clipboard();
  session_.notices.show("This setup's link is in the address bar and copied: " + hash, false);
}

void Commands::lesson_toggle_play() { lesson_play(!session_.lessons.play.playing); }

void Commands::lesson_speed(float steps_per_second) {
  if (std::isfinite(steps_per_second)) lesson_set_speed(session_.lessons.play, steps_per_second);
}

void Commands::toggle_help() { session_.nav.help_open = !session_.nav.help_open; }

void Commands::close_help() { session_.nav.help_open = false; }

bool Commands::open_link(std::string_view link) {
  if (link == "#draw" || link == "#test") {
    open_view(link == "#draw" ? View::draw : View::test);
    return true;
  }
  if (const std::optional<int> stop = parse_path_link(link)) {
    open_path(*stop);
    return true;
  }
  if (const std::optional<SetupLink> setup = parse_setup_link(link)) {
    open_view(View::train);
    if (run_in_progress(session_)) {
      session_.notices.show("The link's training setup waits: a run is going on (Reset it, then open the link again).", false);
      return true;
    }
    // In this order: a model (and an optimizer) bring their defaults, which the link may then override.
    if (setup->dataset) choose_dataset(*setup->dataset);
    if (setup->model) choose_model(*setup->model);
    if (setup->optimizer) choose_optimizer(*setup->optimizer);
    if (setup->learning_rate) set_learning_rate(*setup->learning_rate);
    if (setup->batch_size) set_batch_size(*setup->batch_size);
    if (setup->epochs) set_epochs(*setup->epochs);
    if (!setup->problems.empty()) {
      std::string text = "The link's setup was applied except: ";
      for (size_t i = 0; i < setup->problems.size(); ++i) text += (i ? "; " : "") + setup->problems[i];
      session_.notices.show(text + " (ignored).", true);
    }
    return true;
  }
  const std::optional<dl::lessons::DeepLink> parsed = dl::lessons::parse_deep_link(link);
  if (!parsed) return false;
  open_lesson(parsed->lesson, parsed->step);
  session_.lessons.play.playing = false;  // a link shows one exact step
  open_view(View::lessons);
  return true;
}

// ---- By name ----------------------------------------------------------------------------------

namespace {
bool parse_number(std::string_view text, double* out) {
  const std::string copy(text);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}
}  // namespace

bool Commands::run(std::string_view name, std::string_view argument) {
  double number = 0;
  const bool has_number = parse_number(argument, &number);
  const int integer = has_number ? static_cast<int>(std::lround(number)) : 0;
  // Commands without an argument.
  struct Plain { std::string_view name; void (Commands::*run)(); };
  static constexpr Plain kPlain[] = {
      {"train", &Commands::train},         {"pause", &Commands::pause},
      {"resume", &Commands::resume},       {"reset", &Commands::reset},
      {"train_or_pause", &Commands::train_or_pause},
      {"save_model", &Commands::save_model}, {"load_model", &Commands::open_model_picker},
      {"dismiss_notice", &Commands::dismiss_notice},
      {"clear_drawing", &Commands::clear_drawing}, {"undo_stroke", &Commands::undo_stroke},
      {"lesson_back", &Commands::lesson_back}, {"lesson_step", &Commands::lesson_step},
      {"lesson_toggle_play", &Commands::lesson_toggle_play}, {"help", &Commands::toggle_help},
      {"copy_link", &Commands::copy_setup_link}, {"fine_tune", &Commands::fine_tune},
      {"export_digits", &Commands::export_personal_digits}, {"import_digits", &Commands::import_personal_digits},
      {"forget_digits", &Commands::forget_personal_digits}, {"step_once", &Commands::step_once},
      {"train_both", &Commands::train_both}, {"open_in_own_tab", &Commands::open_in_own_tab},
      {"copy_embed_code", &Commands::copy_embed_code}, {"switch_pane", &Commands::switch_pane},
      {"close_help", &Commands::close_help}, {"show_answer", &Commands::show_answer},
      {"path_next", &Commands::path_next}, {"path_back", &Commands::path_back}, {"path_close", &Commands::close_path},
  };
  if (name == "path_open") {
    open_path();
    return true;
  }
  for (const Plain& p : kPlain)
    if (p.name == name) {
      (this->*p.run)();
      return true;
    }
  if (name == "dataset") {
    const std::optional<dl::DatasetKind> kind = dl::dataset_from_slug(argument);
    if (kind) choose_dataset(*kind);
    return kind.has_value();
  }
  if (name == "model") {
    const dl::Result<dl::ModelKind> kind = dl::parse_model_kind(std::string(argument));
    if (kind) choose_model(kind.value());
    return kind.is_ok();
  }
  if (name == "optimizer") {
    const dl::Result<dl::OptimizerKind> kind = dl::parse_optimizer(std::string(argument));
    if (kind) choose_optimizer(kind.value());
    return kind.is_ok();
  }
  if (name == "b_optimizer") {
    const dl::Result<dl::OptimizerKind> kind = dl::parse_optimizer(std::string(argument));
    if (kind) choose_comparison_optimizer(kind.value());
    return kind.is_ok();
  }
  if (name == "b_activation") {
    if (argument != "relu" && argument != "sigmoid") return false;
    set_comparison_relu(argument == "relu");
    return true;
  }
  if (name == "view" || name == "focus_view") {
    for (View v : kViews)
      if (argument == view_name(v)) {
        if (name == "view") open_view(v);
        else focus_view(v);
        return true;
      }
    return false;
  }
  if (name == "theme") {
    ThemeChoice theme;
    if (!parse_theme_choice(std::string(argument).c_str(), &theme)) return false;
    choose_theme(theme);
    return true;
  }
  if (name == "train_pane") {
    for (TrainPane p : {TrainPane::curves, TrainPane::epochs, TrainPane::summary, TrainPane::time_machine,
                        TrainPane::compare})
      if (argument == train_pane_name(p)) {
        open_train_pane(p);
        return true;
      }
    return false;
  }
  if (name == "test_set") {
    if (argument == "train") choose_test_set(TestChoice::Set::train);
    else if (argument == "test") choose_test_set(TestChoice::Set::test);
    else if (argument == "personal") choose_test_set(TestChoice::Set::personal);
    else return false;
    return true;
  }
  if (name == "answer") {  // whatever was typed: a wrong or unreadable answer is the student's to see
    answer_question(argument);
    return true;
  }
  if (name == "lesson") {
    const std::optional<dl::lessons::LessonId> id = dl::lessons::lesson_from_slug(argument);
    if (id) {
      open_lesson(*id);
      open_view(View::lessons);
    }
    return id.has_value();
  }
  if (!has_number) return false;
  if (name == "learning_rate") set_learning_rate(static_cast<float>(number));
  else if (name == "batch_size") set_batch_size(integer);
  else if (name == "epochs") set_epochs(integer);
  else if (name == "threads") set_threads(integer);
  else if (name == "text_size") change_text_size(integer);
  else if (name == "test_image") draw_test_image(integer);
  else if (name == "train_image") show_dataset_image(false, integer);
  else if (name == "test_set_image") show_dataset_image(true, integer);
  else if (name == "lesson_scrub") lesson_scrub(integer);
  else if (name == "predict_first") set_predict_first(integer != 0);
  else if (name == "path") open_path(integer - 1);  // 1-based, as the page numbers the stops
  else if (name == "answer_choice") answer_choice(integer);
  else if (name == "lesson_speed") lesson_speed(static_cast<float>(number));
  else if (name == "brush_radius") set_brush_radius(static_cast<float>(number));
  else if (name == "add_digit") add_personal_digit(integer);
  else if (name == "personal_image") show_personal_image(integer);
  else if (name == "continue_from") continue_from_snapshot(integer);
  else if (name == "snapshot") select_snapshot(integer);
  else if (name == "watch_weight") watch_weight(integer);
  else if (name == "remove_digit") remove_personal_digit(integer);
  else if (name == "b_learning_rate") set_comparison_learning_rate(static_cast<float>(number));
  else if (name == "b_batch_size") set_comparison_batch_size(integer);
  else if (name == "b_dropout") set_comparison_dropout(static_cast<float>(number));
  else return false;
  return true;
}
