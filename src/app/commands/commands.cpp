// The student's commands: each one validates its input, changes the app's state and, where the
// student would want to know, says what happened in the notice line.
#include "app/commands/commands.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <string>

#include "app/app.h"
#include "app/views/draw_panel.h"
#include "app/state/embed_link.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/model_files.h"
#include "app/state/setup_link.h"
#include "app/views/compare_view.h"
#include "app/views/test_panel.h"
#include "app/views/time_machine.h"
#include "app/views/train_panel.h"
#include "engine/personal_set.h"

namespace {

// A run exists and has not finished: its model and settings are fixed until Reset.
bool run_in_progress(const App& app) {
  const dl::TrainerPhase phase = app.status.phase;
  return phase == dl::TrainerPhase::training || phase == dl::TrainerPhase::validating ||
         phase == dl::TrainerPhase::paused || phase == dl::TrainerPhase::failed || app.train_panel->start_requested;
}

}  // namespace

// ---- Settings -------------------------------------------------------------------------------------

void Commands::choose_dataset(dl::DatasetKind dataset) {
  if (run_in_progress(app_) || app_.data.kind == dataset) return;
  reset();
  DatasetArrival& a = app_.data.arrival(dataset);
  if (!a.train && !a.requested && a.error.empty()) {
    a.requested = true;
    browser::request_dataset(dl::dataset_info(dataset).slug);
  }
  app_.data.show(dataset);
  if (app_.data.ready()) app_.trainer.set_data(app_.data.train, app_.data.test);
}

void Commands::choose_model(dl::ModelKind model) {
  TrainPanelState& s = *app_.train_panel;
  if (run_in_progress(app_) || s.model == model) return;
  s.model = model;
  apply_workshop_fit(s);
}

void Commands::choose_optimizer(dl::OptimizerKind optimizer) {
  TrainPanelState& s = *app_.train_panel;
  if (run_in_progress(app_) || s.optimizer == optimizer) return;
  s.optimizer = optimizer;
  s.learning_rate = dl::OptimizerConfig::defaults(optimizer).learning_rate;  // Keras' default
}

void Commands::set_learning_rate(float learning_rate) {
  if (!std::isfinite(learning_rate) || learning_rate <= 0.0f) return;
  learning_rate = std::min(learning_rate, kMaxTypedLearningRate);
  app_.train_panel->learning_rate = learning_rate;
  if (run_in_progress(app_)) app_.trainer.set_learning_rate(learning_rate);  // the one live setting
}

void Commands::set_batch_size(int batch_size) {
  if (run_in_progress(app_) || std::find(std::begin(kBatchSizes), std::end(kBatchSizes), batch_size) ==
                                   std::end(kBatchSizes))
    return;
  app_.train_panel->batch_size = batch_size;
}

void Commands::set_epochs(int epochs) {
  if (run_in_progress(app_)) return;
  app_.train_panel->epochs = std::clamp(epochs, 1, kMaxEpochs);
}

void Commands::set_threads(int threads) {
  if (run_in_progress(app_)) return;
  app_.train_panel->threads = std::clamp(threads, 1, app_.train_panel->max_threads);
}

// ---- The run --------------------------------------------------------------------------------------

// The Train panel's setup as the trainer's configuration.
dl::TrainerConfig Commands::train_config() const {
  const TrainPanelState& s = *app_.train_panel;
  dl::TrainerConfig config;
  config.model = s.model;
  config.optimizer = s.optimizer;
  config.learning_rate = s.learning_rate;
  config.batch_size = s.batch_size;
  config.epochs = s.epochs;
  config.threads = s.threads;
  config.quick_validation_every = kQuickValidationEvery;
  return config;
}

void Commands::end_comparison() {
  if (app_.comparison) app_.comparison->reset();
  app_.comparing = false;
}

void Commands::train() {
  TrainPanelState& s = *app_.train_panel;
  if (run_in_progress(app_) || !app_.data.ready()) return;
  end_comparison();
  const dl::Status started = app_.trainer.start(train_config());
  if (!started) {
    app_.notices.show("Could not start training: " + started.message(), true);
    return;
  }
  // Until the trainer thread reports the run, this keeps the buttons from offering a second start.
  s.start_requested = true;
  s.requested_view = TrainPanelState::Pane::curves;
}

void Commands::choose_comparison_optimizer(dl::OptimizerKind optimizer) {
  app_.compare->optimizer = optimizer;
  app_.compare->learning_rate =
      (optimizer == dl::OptimizerKind::sgd || optimizer == dl::OptimizerKind::momentum) ? 0.01f : 0.001f;
}

void Commands::set_comparison_learning_rate(float learning_rate) {
  app_.compare->learning_rate = std::clamp(learning_rate, kMinLearningRate, kMaxLearningRate);
}

void Commands::set_comparison_batch_size(int batch_size) { app_.compare->batch_size = std::clamp(batch_size, 1, 1024); }

void Commands::set_comparison_relu(bool relu) { app_.compare->relu = relu; }

void Commands::set_comparison_dropout(float dropout) {
  app_.compare->dropout = dropout < 0 ? -1.0f : std::min(dropout, 0.9f);
}

void Commands::train_both() {
  TrainPanelState& s = *app_.train_panel;
  if (run_in_progress(app_) || !app_.data.ready()) return;
  const CompareState& c = *app_.compare;
  dl::TrainerConfig a = train_config();
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
  if (!app_.comparison) app_.comparison = std::make_unique<dl::Trainer>();
  app_.comparison->set_data(app_.data.train, app_.data.test);
  const dl::Status started_a = app_.trainer.start(a);
  if (!started_a) {
    app_.notices.show("Could not start training: " + started_a.message(), true);
    return;
  }
  const dl::Status started_b = app_.comparison->start(b);
  if (!started_b) {
    turns->leave(1);  // A must not wait for a run that never began
    app_.notices.show("Could not start run B: " + started_b.message(), true);
    return;
  }
  app_.comparing = true;
  s.start_requested = true;
  app_.notices.show("Training A and B from the same weights and batches; B differs in: " + describe_difference(a, b) + ".",
                    false);
}

void Commands::pause() {
  if (app_.status.phase == dl::TrainerPhase::training || app_.status.phase == dl::TrainerPhase::validating) {
    app_.trainer.pause();
    if (app_.comparing) app_.comparison->pause();  // both, or one would wait for the other's turn
  }
}

void Commands::resume() {
  if (app_.status.phase == dl::TrainerPhase::paused || app_.status.phase == dl::TrainerPhase::failed) {
    app_.trainer.resume();
    if (app_.comparing) app_.comparison->resume();
  }
}

void Commands::reset() {
  app_.trainer.reset();
  end_comparison();
  app_.train_panel->start_requested = false;
}

void Commands::train_or_pause() {
  switch (app_.status.phase) {
    case dl::TrainerPhase::training:
    case dl::TrainerPhase::validating: pause(); break;
    case dl::TrainerPhase::paused:
    case dl::TrainerPhase::failed: resume(); break;
    case dl::TrainerPhase::idle:
    case dl::TrainerPhase::finished:
      if (app_.status.phase == dl::TrainerPhase::finished) reset();  // a finished run makes way for a new one
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
  if (app_.live.ready()) save_live_model(app_.live, app_.notices);
}

void Commands::open_model_picker() { browser::open_picker(); }

// ---- Views, messages, the drawing, the Test panel -------------------------------------------------

void Commands::open_view(View view) { app_.requested_view = view; }

void Commands::dismiss_notice() { app_.notices.dismiss(); }

void Commands::change_text_size(int steps) {
  app_.text_size = step_text_size(app_.text_size, steps);
  browser::save_preference("textSize", std::to_string(static_cast<int>(app_.text_size)));
}

void Commands::clear_drawing() { app_.draw_panel->ink.clear(); }

void Commands::undo_stroke() { app_.draw_panel->ink.undo(); }

void Commands::draw_test_image(int index) {
  if (!app_.data.test) return;
  DrawPanelState& s = *app_.draw_panel;
  s.test_index = std::clamp(index, 0, app_.data.test->count - 1);
  s.test_image = s.test_index;
  s.ink.clear();  // a new version: the panel takes the image as its input next frame
}

void Commands::add_personal_digit(int label) {
  if (label < 0 || label >= dl::kClassCount || app_.drawing.empty) return;
  add_drawing(app_.personal, app_.drawing, label);
  app_.notices.show("Added to your digits as a " + std::to_string(label) + " (" + std::to_string(app_.personal.set.count) +
                        " so far). Draw the next one.",
                    false);
  clear_drawing();
}

void Commands::remove_personal_digit(int index) {
  if (index < 0 || index >= app_.personal.set.count) return;
  dl::remove_example(app_.personal.set, index);
  save_personal_digits(app_.personal);
  app_.notices.show("Removed that digit (" + std::to_string(app_.personal.set.count) + " left).", false);
}

void Commands::forget_personal_digits() {
  PersonalDigits& p = app_.personal;
  if (p.set.count == 0) return;
  if (!p.forget_armed()) {
    p.forget_armed_at = seconds_now();
    app_.notices.show("Press Forget again to forget all " + std::to_string(p.set.count) +
                          " of your digits (Export keeps a copy).",
                      false);
    return;
  }
  p.forget_armed_at = -1e9;
  p.set = dl::Dataset{};
  save_personal_digits(app_.personal);
  app_.notices.show("Your digits are forgotten (in this browser too).", false);
}

void Commands::export_personal_digits() {
  if (app_.personal.set.count == 0) return;
  browser::offer_download("my-digits-images-idx3-ubyte", dl::encode_idx_images(app_.personal.set));
  browser::offer_download("my-digits-labels-idx1-ubyte", dl::encode_idx_labels(app_.personal.set));
  app_.notices.show("Your " + std::to_string(app_.personal.set.count) +
                        " digits are in your downloads as two IDX files, MNIST's format (images and labels). Import "
                        "them here, or read them as MNIST is read.",
                    false);
}

void Commands::import_personal_digits() { browser::open_picker(); }

void Commands::fine_tune() {
  const PersonalDigits& p = app_.personal;
  if (run_in_progress(app_)) {
    app_.notices.show("A run is going on: pause it and Reset, or let it finish, then fine-tune.", false);
    return;
  }
  if (!app_.live.ready() || app_.live.dataset != dl::DatasetKind::mnist || !app_.data.ready() ||
      app_.data.kind != dl::DatasetKind::mnist) {
    app_.notices.show("Fine-tuning needs a model trained on MNIST (and MNIST chosen as the data): train one first.", true);
    return;
  }
  if (p.set.count == 0) {
    app_.notices.show("Add a few drawings first: draw a digit, then press its number under \"This is a\".", false);
    return;
  }
  const dl::FineTuneRecipe recipe;
  end_comparison();
  const dl::TrainerConfig config = dl::fine_tune_config(p.set, *app_.data.train, app_.live.kind,
                                                        app_.live.model->parameters(), app_.train_panel->threads, recipe);
  const dl::Status started = app_.trainer.start(config);
  if (!started) {
    app_.notices.show("Could not fine-tune: " + started.message(), true);
    return;
  }
  app_.train_panel->start_requested = true;
  app_.personal.fine_tune_started = seconds_now();
  app_.notices.show("Fine-tuning on your " + std::to_string(p.set.count) + " digits (each with " +
                        std::to_string(recipe.augmented_copies) + " changed copies, mixed with " +
                        std::to_string(recipe.replay_images) + " MNIST images so it does not forget them)...",
                    false);
}

void Commands::continue_from_snapshot(int index) {
  if (index < 0 || index >= static_cast<int>(app_.history.size())) return;
  const dl::WeightSnapshot snap = app_.history[static_cast<size_t>(index)];
  dl::TrainerConfig config = app_.status.config;  // the run's own settings
  config.start_weights = snap.weights;
  config.train_set.reset();  // a run on the training set, even after a fine-tuning
  config.personal_set.reset();
  config.turns.reset();  // alone, even after two runs side by side
  end_comparison();
  const dl::Status started = app_.trainer.start(config);
  if (!started) {
    app_.notices.show("Could not continue: " + started.message(), true);
    return;
  }
  app_.train_panel->start_requested = true;
  app_.time_machine->follow = true;
  app_.notices.show("A new run from the weights at step " + dl::with_commas(static_cast<size_t>(snap.step)) +
                        " (the optimizer's state starts afresh).",
                    false);
}

void Commands::select_snapshot(int index) {
  TimeMachineState& t = *app_.time_machine;
  const int n = static_cast<int>(app_.history.size());
  t.follow = index < 0 || index >= n - 1;
  t.selected = t.follow ? std::max(0, n - 1) : index;
}

void Commands::step_once() { app_.trainer.step_once(); }

void Commands::watch_weight(long long flat_index) {
  app_.time_machine->watched = flat_index;
  app_.trainer.watch_parameter(flat_index);
}

void Commands::show_personal_image(int index) {
  if (index < 0 || index >= app_.personal.set.count) return;
  app_.test_panel->set = TestPanelState::Set::personal;
  app_.test_panel->index = index;
}

void Commands::show_dataset_image(bool test_set, int index) {
  TestPanelState& s = *app_.test_panel;
  s.set = test_set ? TestPanelState::Set::test : TestPanelState::Set::train;
  s.index = std::max(0, index);  // the panel clamps it to the set's size
}

// ---- Lessons --------------------------------------------------------------------------------------

void Commands::open_lesson(dl::lessons::LessonId lesson, std::optional<int> step) {
  LessonViews& views = *app_.lessons;
  if (views.current != lesson) views.play.playing = false;  // a new lesson starts still
  views.current = lesson;
  views.pending_step = step;
  views.pending_since = ImGui::GetTime();
}

void Commands::lesson_back() {
  LessonViews& views = *app_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, app_.data.train)) ::lesson_back(*m, views.play);
}

void Commands::lesson_step() {
  LessonViews& views = *app_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, app_.data.train)) lesson_next(*m, views.play);
}

void Commands::lesson_play(bool playing) {
  LessonViews& views = *app_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, app_.data.train)) lesson_set_playing(*m, views.play, playing);
}

void Commands::lesson_scrub(int step) {
  LessonViews& views = *app_.lessons;
  if (dl::lessons::StepModel* m = views.model(views.current, app_.data.train)) ::lesson_scrub(*m, views.play, step);
}

std::string Commands::page_link() const {
  const View view = app_.embedded.value_or(app_.active_view);
  switch (view) {
    case View::train: {
      const TrainPanelState& s = *app_.train_panel;
      return make_setup_link(app_.data.kind, s.model, s.optimizer, s.learning_rate, s.batch_size, s.epochs);
    }
    case View::draw: return "#draw";
    case View::test: return "#test";
    case View::lessons: {
      const LessonViews& views = *app_.lessons;
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
  if (embed->view == "lessons") title += std::string(": ") + dl::lessons::lesson_info(app_.lessons->current).title;
  else title += std::string(": ") + view_name(app_.embedded.value_or(app_.active_view));
  const std::string code = embed_code(browser::page_address(), *embed, title);
  browser::copy_text(code);
  app_.notices.show("Copied the embed code for this view; paste it into a course page: " + code, false);
}

void Commands::copy_setup_link() {
  const TrainPanelState& s = *app_.train_panel;
  const std::string hash = make_setup_link(app_.data.kind, s.model, s.optimizer, s.learning_rate, s.batch_size, s.epochs);
  browser::replace_link(hash);
  browser::copy_link_to_clipboard();
  app_.notices.show("This setup's link is in the address bar and copied: " + hash, false);
}

void Commands::lesson_toggle_play() { lesson_play(!app_.lessons->play.playing); }

void Commands::toggle_help() { app_.help_open = !app_.help_open; }

bool Commands::open_link(std::string_view link) {
  if (link == "#draw" || link == "#test") {
    open_view(link == "#draw" ? View::draw : View::test);
    return true;
  }
  if (const std::optional<SetupLink> setup = parse_setup_link(link)) {
    open_view(View::train);
    if (run_in_progress(app_)) {
      app_.notices.show("The link's training setup waits: a run is going on (Reset it, then open the link again).", false);
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
      app_.notices.show(text + " (ignored).", true);
    }
    return true;
  }
  const std::optional<dl::lessons::DeepLink> parsed = dl::lessons::parse_deep_link(link);
  if (!parsed) return false;
  open_lesson(parsed->lesson, parsed->step);
  app_.lessons->play.playing = false;  // a link shows one exact step
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
      {"copy_embed_code", &Commands::copy_embed_code},
  };
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
  if (name == "view") {
    for (View v : {View::train, View::draw, View::test, View::lessons})
      if (argument == view_name(v)) {
        open_view(v);
        return true;
      }
    return false;
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
