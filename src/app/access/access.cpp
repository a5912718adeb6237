// The accessible layer's document (sections of controls and texts, see web/access.js for how each
// kind becomes DOM), the commands coming back, and the live region's announcements.
#include "app/access/access.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

#include "app/commands/commands.h"
#include "app/state/explanations.h"
#include "app/state/session.h"
#include "app/bridge/browser.h"
#include "app/access/focus_ring.h"
#include "app/access/live_region.h"
#include "app/state/choices.h"
#include "app/state/rules.h"
#include "app/state/run_words.h"
#include "engine/background.h"
#include "lessons/json_writer.h"

namespace {

using dl::lessons::JsonWriter;
using dl::TrainerPhase;

constexpr double kProgressEvery = 8.0;   // seconds between progress announcements
constexpr double kPredictionHold = 0.6;  // a prediction is announced once it held this long
constexpr double kPredictionPatience = 2.0;  // or, for a new input, once it waited this long

std::string percent(double fraction, int decimals = 1) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f%%", decimals, 100.0 * fraction);
  return text;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

bool run_fixed(const Session& app) { return run_in_progress(app); }

// ---- The document's pieces -------------------------------------------------------------------------

// The ImGui widget each accessible control stands for (its automation label), so that the DOM focus
// and the keyboard's focus ring can follow each other (focus_ring.h). Controls whose widget is built
// otherwise (the Test panel's one index for three sets, a test image by number) have none: the ring
// on their widgets is announced by name instead (web/access.js).
constexpr std::pair<std::string_view, std::string_view> kWidgetOf[] = {
    {"learning-rate", "learning rate"}, {"batch-size", "batch size"}, {"epochs", "epochs"}, {"threads", "threads"}, {"own-tab", "Open in its own tab"}, {"open-digitlab", "Open digitlab"},
    {"embed-code", "Copy embed code"},
    {"train-button", "Train"}, {"pause", "Pause"}, {"resume", "Resume"}, {"reset", "Reset"},
    {"save-model", "Save model"}, {"load-model", "Load model"}, {"clear", "Clear"}, {"undo", "Undo"},
    {"teach-0", "teach:0"}, {"teach-1", "teach:1"}, {"teach-2", "teach:2"}, {"teach-3", "teach:3"},
    {"teach-4", "teach:4"}, {"teach-5", "teach:5"}, {"teach-6", "teach:6"}, {"teach-7", "teach:7"},
    {"teach-8", "teach:8"}, {"teach-9", "teach:9"}, {"fine-tune", "Fine-tune"}, {"export-digits", "Export digits"},
    {"import-digits", "Import digits"}, {"forget-digits", "Forget digits"}, {"remove-digit", "Remove digit"},
    {"time-scrubber", "time:scrubber"}, {"time-continue", "Continue from here"}, {"step-once", "Step once"},
    {"b-learning-rate", "compare:lr"}, {"b-batch-size", "compare:batch"}, {"train-both", "Train both"},
    {"lesson", "lesson:picker"}, {"lesson-back", "lesson:Back"}, {"lesson-step", "lesson:Step"},
    {"lesson-play", "lesson:Play"}, {"lesson-scrubber", "lesson:Scrubber"}, {"help", "Help"},
    {"exercise-answer", "exercise:answer"}, {"exercise-show", "exercise:Show"},
};

std::string_view widget_of(std::string_view id) {
  for (const auto& [control, widget] : kWidgetOf)
    if (control == id) return widget;
  return {};
}

// {"id","kind","label",...}: one control or text; the caller adds the kind's own fields.
JsonWriter& item(JsonWriter& w, const char* id, const char* kind, std::string_view label) {
  w.begin_element().field("id", id).field("kind", kind).field("label", label);
  if (const std::string_view widget = widget_of(id); !widget.empty()) w.field("nav", widget);
  return w;
}

void button(JsonWriter& w, const char* id, std::string_view label, std::string_view command, bool disabled) {
  item(w, id, "button", label).field("command", command).field("disabled", disabled).end_object();
}

void text(JsonWriter& w, const char* id, std::string_view label, std::string_view body) {
  item(w, id, "text", label).field("text", body).end_object();
}

struct Option { std::string label, value; bool checked; };

// The ImGui widget of one option of a radio group or the tabs ("" for a select's options).
std::string option_widget(std::string_view group, const Option& o) {
  if (group == "model") return "model:" + o.label;
  if (group == "optimizer") return "optimizer:" + o.value;
  if (group == "b-optimizer" || group == "b-activation") return "compare:" + o.value;
  if (group == "view") return "tab:" + o.label;
  return {};
}

void choice(JsonWriter& w, const char* id, const char* kind, std::string_view label, const char* command,
            const std::vector<Option>& options, bool disabled) {
  item(w, id, kind, label).field("command", command).field("disabled", disabled);
  w.begin_array("options");
  for (const Option& o : options) {
    w.begin_element().field("label", o.label).field("value", o.value).field("checked", o.checked);
    if (const std::string widget = option_widget(id, o); !widget.empty()) w.field("nav", widget);
    w.end_object();
  }
  w.end_array().end_object();
}

void range(JsonWriter& w, const char* id, std::string_view label, const char* command, double min, double max,
           double step, double value, std::string_view value_text, bool disabled, const char* scale = "linear") {
  item(w, id, "range", label)
      .field("command", command)
      .field("min", min)
      .field("max", max)
      .field("step", step)
      .field("value", value)
      .field("valueText", value_text)
      .field("scale", scale)
      .field("disabled", disabled)
      .end_object();
}

void number(JsonWriter& w, const char* id, std::string_view label, const char* command, int min, int max, int value,
            bool disabled) {
  item(w, id, "number", label)
      .field("command", command)
      .field("min", min)
      .field("max", max)
      .field("value", value)
      .field("disabled", disabled)
      .end_object();
}

// The four optimizers as a radio group's options, `chosen` checked.
std::vector<Option> optimizer_options(dl::OptimizerKind chosen) {
  std::vector<Option> options;
  for (const OptimizerChoice& o : kOptimizerChoices) options.push_back({o.label, o.argument, chosen == o.kind});
  return options;
}

std::string progress_text(const Session& app) {
  const dl::TrainerStatus& s = app.status;
  if (s.phase == TrainerPhase::idle)
    return app.data.ready() ? "Not trained yet. Train fits the chosen model on the 60,000 training images."
                            : "The MNIST data is still downloading.";
  std::string t = "Epoch " + std::to_string(std::max(1, s.progress.epoch)) + " of " +
                  std::to_string(s.config.epochs) + ", " + dl::trainer_phase_name(s.phase) + ": " +
                  dl::with_commas(static_cast<unsigned long long>(s.progress.samples_done)) + " of " +
                  dl::with_commas(static_cast<unsigned long long>(s.progress.samples_total)) +
                  " samples. loss " + fixed(s.progress.loss, 4) + ", acc " + fixed(s.progress.accuracy, 4);
  if (s.has_validation) t += "; val_loss " + fixed(s.val_loss, 4) + ", val_acc " + fixed(s.val_accuracy, 4);
  t += ". " + dl::with_commas(static_cast<unsigned long long>(std::llround(s.examples_per_second))) +
       " examples per second";
  if (s.phase == TrainerPhase::training || s.phase == TrainerPhase::validating)
    t += ", about " + dl::clock_text(s.eta_seconds) + " left";
  t += ".";
  if (!s.message.empty()) t += " " + s.message;
  if (!s.not_learning.empty()) t += " " + s.not_learning;
  return t;
}

void time_machine_items(JsonWriter& w, const Session& app);
void compare_items(JsonWriter& w, const Session& app);

void train_section(JsonWriter& w, const Session& app) {
  const RunSetup& t = app.run;
  const bool fixed_run = run_fixed(app);
  w.begin_element().field("id", "train").field("label", "Train").begin_array("items");
  choice(w, "model", "radiogroup", "Model", "model",
         {{"MLP", "mlp", t.model == dl::ModelKind::mlp}, {"CNN", "cnn", t.model == dl::ModelKind::cnn}}, fixed_run);
  choice(w, "optimizer", "radiogroup", "Optimizer", "optimizer",
         optimizer_options(t.optimizer),
         fixed_run);
  char lr[32];
  std::snprintf(lr, sizeof lr, "%g", double(t.learning_rate));
  range(w, "learning-rate", "Learning rate", "learning_rate", std::log10(kMinLearningRate), std::log10(kMaxLearningRate),
        0.1, std::log10(t.learning_rate), lr, false, "log10");
  std::vector<Option> batches;
  for (int b : kBatchSizes) batches.push_back({std::to_string(b), std::to_string(b), b == t.batch_size});
  choice(w, "batch-size", "select", "Batch size", "batch_size", batches, fixed_run);
  range(w, "epochs", "Epochs", "epochs", 1, kMaxEpochs, 1, t.epochs, std::to_string(t.epochs), fixed_run);
  if (dl::background::threads_available()) {
    std::vector<Option> threads;
    for (int n = 1; n <= t.max_threads; ++n) threads.push_back({std::to_string(n), std::to_string(n), n == t.threads});
    choice(w, "threads", "select", "Threads", "threads", threads, fixed_run);
  } else {
    text(w, "threads", "Threads", "None in this page: training runs between frames, on one core, so it is slower.");
    if (browser::in_frame()) button(w, "own-tab", "Open in its own tab", "open_in_own_tab", false);
  }
  button(w, "train-button", "Train", "train", fixed_run || !app.data.ready());
  button(w, "pause", "Pause", "pause", !can_pause(app));
  button(w, "resume", "Resume", "resume", !can_resume(app));
  button(w, "reset", "Reset", "reset", !can_reset(app));
  text(w, "progress", "Progress", progress_text(app));
  // Every number explained, as the widgets explain it on hover, focus or a tap.
  const dl::TrainerStatus& s = app.status;
  if (s.progress.samples_done > 0) {
    const long long seen = s.progress.samples_done;
    std::string words = explain_loss(s.progress.loss, seen) + " " + explain_accuracy(s.progress.accuracy, seen);
    if (s.has_validation) words += " " + explain_val_accuracy(s.val_accuracy, validation_images(s, app.data.test_count()));
    text(w, "numbers", "What the numbers mean", words);
  }
  if (!app.status.epochs.empty()) {
    item(w, "epochs-table", "table", "Epochs, as Keras' fit() prints them");
    w.begin_array("header");
    for (const char* h : {"Epoch", "loss", "acc", "val_loss", "val_acc"}) w.value(h);
    w.end_array().begin_array("rows");
    for (const dl::EpochLogs& e : app.status.epochs) {
      w.begin_element().begin_array("cells");
      w.value(std::to_string(e.epoch) + "/" + std::to_string(app.status.config.epochs))
          .value(fixed(e.loss, 4))
          .value(fixed(e.accuracy, 4))
          .value(fixed(e.val_loss, 4))
          .value(fixed(e.val_accuracy, 4));
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  time_machine_items(w, app);
  compare_items(w, app);
  button(w, "save-model", "Save model", "save_model", !app.live.ready());
  button(w, "load-model", "Load model...", "load_model", false);
  w.end_array().end_object();
}

// "Teach it my handwriting": the same commands as the Draw panel's buttons.
void teach_items(JsonWriter& w, const Session& app) {
  const PersonalDigits& p = app.personal;
  static constexpr const char* kIds[] = {"teach-0", "teach-1", "teach-2", "teach-3", "teach-4",
                                         "teach-5", "teach-6", "teach-7", "teach-8", "teach-9"};
  for (int d = 0; d < dl::kClassCount; ++d)
    button(w, kIds[d], "This is a " + std::to_string(d) + ": add the input to my digits", "add_digit " + std::to_string(d),
           app.drawing.input.empty);
  std::string counts = std::to_string(p.set.count) + " digits of yours";
  if (p.set.count > 0) {
    counts += ":";
    for (int d = 0; d < dl::kClassCount; ++d) counts += " " + std::to_string(p.count_of(d)) + " of " + std::to_string(d) + (d < 9 ? "," : ".");
  }
  text(w, "my-digits", "My digits", counts);
  button(w, "fine-tune", "Fine-tune on my digits", "fine_tune", !can_fine_tune(app));
  button(w, "export-digits", "Export my digits (two IDX files)", "export_digits", p.set.count == 0);
  button(w, "import-digits", "Import digits (IDX files)...", "import_digits", false);
  button(w, "forget-digits", p.forget_armed() ? "Really forget all my digits?" : "Forget all my digits", "forget_digits",
         p.set.count == 0);
  const dl::FineTuneReport& r = p.last_fine_tune;
  if (r.measured_after)
    text(w, "fine-tune-result", "Fine-tuning",
         "Your digits: " + percent(r.personal_before) + " before, " + percent(r.personal_after) + " after. MNIST test: " +
             percent(r.test_before) + " before, " + percent(r.test_after) + " after.");
}

void draw_section(JsonWriter& w, const Session& app) {
  const Drawing& d = app.drawing;
  w.begin_element().field("id", "draw").field("label", "Draw").begin_array("items");
  std::string input = d.test_image >= 0 ? "The input is test image X_test[" + std::to_string(d.test_image) + "]"
                      : app.drawing.input.empty ? "Nothing drawn yet"
                                          : "The input is your drawing, cropped, scaled to 20 pixels and centred in 28 x 28";
  if (!app.live.ready()) input += ". No model yet: train one (or load one) to read it.";
  else if (d.has_reading)
    input += ". The model reads it as a " + std::to_string(d.prediction) + ", " +
             percent(d.probabilities[static_cast<size_t>(d.prediction)]) + " sure.";
  else input += ".";
  text(w, "reading", "What the network sees", input);
  if (d.has_reading) {
    std::string p;
    for (int c = 0; c < dl::kClassCount; ++c)
      p += (c ? ", " : "") + std::to_string(c) + ": " + percent(d.probabilities[static_cast<size_t>(c)]);
    text(w, "probabilities", "Probabilities (the softmax output)", p);
  }
  button(w, "clear", "Clear", "clear_drawing", false);
  button(w, "undo", "Undo", "undo_stroke", d.ink.empty());
  number(w, "test-image", "Or test X_test[ ] (a test image as the input)", "test_image", 0,
         app.data.test ? app.data.test->count - 1 : 0, d.test_index, !app.data.test);
  teach_items(w, app);
  w.end_array().end_object();
}

void test_section(JsonWriter& w, const Session& app) {
  const TestPredictions& t = app.predictions;
  const TestChoice& choice = app.test_choice;
  const bool train_set = choice.set == TestChoice::Set::train;
  const bool personal_set = choice.set == TestChoice::Set::personal;
  w.begin_element().field("id", "test").field("label", "Test").begin_array("items");
  const TestChoice::Shown& s = choice.shown;
  if (s.index >= 0) {
    std::string line = std::string(train_set ? "X_train[" : personal_set ? "Your digit [" : "X_test[") +
                       std::to_string(s.index) + "], labelled " + std::to_string(s.label);
    if (s.has_prediction)
      line += ", predicted " + std::to_string(s.prediction) + " at " +
              percent(s.probabilities[static_cast<size_t>(s.prediction)]) +
              (s.prediction == s.label ? " (right)." : " (wrong).");
    else line += "; no model to predict it yet.";
    text(w, "single-image", "classify_single_image", line);
  }
  number(w, "train-image", "X_train index", "train_image", 0, app.data.train ? app.data.train->count - 1 : 0,
         train_set ? choice.index : 0, !app.data.train);
  number(w, "test-set-image", "X_test index", "test_set_image", 0, app.data.test ? app.data.test->count - 1 : 0,
         train_set ? 0 : choice.index, !app.data.test);
  if (personal_set) button(w, "remove-digit", "Remove this digit of yours", "remove_digit " + std::to_string(choice.index), false);
  if (app.personal.set.count > 0) {
    int right = 0, predicted = 0;
    for (int i = 0; i < app.personal.set.count && i < static_cast<int>(t.personal.size()); ++i) {
      if (t.personal[static_cast<size_t>(i)] < 0) continue;
      ++predicted;
      right += t.personal[static_cast<size_t>(i)] == app.personal.set.labels[static_cast<size_t>(i)];
    }
    number(w, "personal-image", "Your digit number (opens it above)", "personal_image", 0, app.personal.set.count - 1,
           personal_set ? choice.index : 0, false);
    text(w, "personal-summary", "Your digits",
         std::to_string(app.personal.set.count) + " digits" +
             (predicted == app.personal.set.count && app.live.ready()
                  ? ", " + std::to_string(right) + " read right by the model."
                  : "."));
  }
  if (t.has_confusion) {
    item(w, "confusion", "table", "Confusion matrix: rows are the true digit, columns the predicted one");
    w.begin_array("header").value("true \\ predicted");
    for (int c = 0; c < dl::kClassCount; ++c) w.value(std::to_string(c));
    w.end_array().begin_array("rows");
    for (int r = 0; r < dl::kClassCount; ++r) {
      w.begin_element().begin_array("cells").value(std::to_string(r));
      for (int c = 0; c < dl::kClassCount; ++c) w.value(std::to_string(t.confusion[static_cast<size_t>(r)][static_cast<size_t>(c)]));
      w.end_array().end_object();
    }
    w.end_array().end_object();
    text(w, "confusion-total", "Right",
         std::to_string(dl::confusion_correct(t.confusion)) + " of " + std::to_string(dl::confusion_total(t.confusion)) +
             " test images right" + (t.confusion_stale ? " (counted before the latest weights)." : "."));
  }
  w.end_array().end_object();
}

// The time machine: the same commands as its scrubber and buttons.
void time_machine_items(JsonWriter& w, const Session& app) {
  const TimeMachineSelection& t = app.time_machine;
  const int n = static_cast<int>(app.history.size());
  if (n == 0) return;
  const int selected = std::clamp(t.selected, 0, n - 1);
  const dl::WeightSnapshot& snap = app.history[static_cast<size_t>(selected)];
  range(w, "time-scrubber", "Time machine: the run's weights at a step", "snapshot", 0, n - 1, 1, selected,
        "step " + dl::with_commas(static_cast<size_t>(snap.step)) + ", snapshot " + std::to_string(selected + 1) + " of " +
            std::to_string(n),
        false);
  std::string then = "At step " + dl::with_commas(static_cast<size_t>(snap.step));
  // What the time machine measured and read with that snapshot's model.
  const SnapshotReading& measured = app.snapshot;
  const auto found = measured.accuracy.find(snap.weights.get());
  if (found != measured.accuracy.end()) then += ": " + percent(found->second) + " of the first 1,000 test images right";
  if (measured.has_prediction && measured.shown == snap.weights.get())
    then += "; it reads your drawing as a " + std::to_string(dl::argmax(measured.probabilities.data(), dl::kClassCount));
  text(w, "time-then", "The model then", then + ".");
  button(w, "time-continue", "Continue from here (a new run from these weights)", "continue_from " + std::to_string(selected),
         false);
  button(w, "step-once", "Step once (while paused)", "step_once", !can_step_once(app));
  if (app.status.has_update && static_cast<long long>(app.status.update.index) == t.watched) {
    const dl::UpdateAnatomy& a = app.status.update;
    text(w, "update-anatomy", "The watched weight's last update",
         "Step " + std::to_string(a.step) + ": gradient " + fixed(a.gradient, 6) + ", update " + fixed(a.update, 8) +
             ", weight " + fixed(a.w_before, 6) + " to " + fixed(a.w_after, 6) +
             (a.exact ? ", checked against the optimizer bit for bit." : "."));
  }
}

// Two runs: the same commands as the Two runs view's widgets.
void compare_items(JsonWriter& w, const Session& app) {
  const ComparisonSetup& c = app.comparison_setup;
  const bool fixed_run = run_fixed(app);
  choice(w, "b-optimizer", "radiogroup", "Two runs: run B's optimizer", "b_optimizer",
         optimizer_options(c.optimizer),
         false);
  char lr[32];
  std::snprintf(lr, sizeof lr, "%g", double(c.learning_rate));
  range(w, "b-learning-rate", "Run B's learning rate", "b_learning_rate", std::log10(kMinLearningRate),
        std::log10(kMaxLearningRate), 0.1, std::log10(c.learning_rate), lr, false, "log10");
  number(w, "b-batch-size", "Run B's batch size", "b_batch_size", 1, 1024, c.batch_size, false);
  choice(w, "b-activation", "radiogroup", "Run B's hidden layers", "b_activation",
         {{"sigmoid", "sigmoid", !c.relu}, {"ReLU", "relu", c.relu}}, false);
  choice(w, "b-dropout", "select", "Run B's dropout", "b_dropout",
         {{"the workshop's", "-1", c.dropout < 0}, {"none", "0", c.dropout == 0.0f},
          {"0.2", "0.2", c.dropout == 0.2f}, {"0.5", "0.5", c.dropout == 0.5f}},
         false);
  button(w, "train-both", "Train both (A: the setup above, B: these changes)", "train_both",
         fixed_run || !app.data.ready());
  if (!app.comparing) return;
  std::string t = "A: " + describe_setup(app.status.config) + ". B: " + describe_setup(app.comparison_status.config) +
                  ". B is at " + dl::trainer_phase_name(app.comparison_status.phase) + ", epoch " +
                  std::to_string(std::max(1, app.comparison_status.progress.epoch)) + ".";
  const std::string verdict = comparison_verdict(app.status, app.comparison_status);
  if (!verdict.empty()) t += " " + verdict;
  text(w, "compare-result", "Two runs", t);
}

// Predict first: the switch, then the question asked with a field for a number (or its choices as
// radio buttons), "Show me", the feedback and the lesson's score. The same commands as the card.
void exercise_items(JsonWriter& w, const Exercises& ex) {
  choice(w, "exercise-on", "radiogroup", "Predict first", "predict_first",
         {{"on", "1", ex.on}, {"off", "0", !ex.on}}, false);
  if (!ex.on) return;
  if (ex.waiting()) {
    const dl::lessons::Question& q = *ex.question;
    text(w, "exercise-prompt", "Predict", q.prompt);
    if (q.is_number()) {
      item(w, "exercise-answer", "textfield", "Your answer (a number; Enter checks it)")
          .field("command", "answer").field("value", "").end_object();
    } else {
      std::vector<Option> options;
      for (size_t i = 0; i < q.choices.size(); ++i) options.push_back({q.choices[i], std::to_string(i), false});
      choice(w, "exercise-choices", "radiogroup", "Your answer", "answer_choice", options, false);
    }
    button(w, "exercise-show", "Show me", "show_answer", false);
  }
  if (!ex.feedback.empty()) text(w, "exercise-feedback", "Feedback", ex.feedback);
  const LessonScore& s = ex.score(ex.lesson);
  if (s.asked > 0)
    text(w, "exercise-score", "Score", std::to_string(s.right_first_try) + " of " + std::to_string(s.asked) +
                                           " right first time");
}

void lessons_section(JsonWriter& w, const Session& app) {
  const LessonNavigation& v = app.lessons;
  const dl::lessons::LessonInfo& info = dl::lessons::lesson_info(v.current);
  const dl::lessons::StepModel* model = v.existing_model(v.current);
  w.begin_element().field("id", "lessons").field("label", "Lessons").begin_array("items");
  std::vector<Option> lessons;
  for (const dl::lessons::LessonInfo& l : dl::lessons::all_lessons())
    lessons.push_back({std::to_string(static_cast<int>(l.id) + 1) + ". " + l.short_title, l.slug, l.id == v.current});
  choice(w, "lesson", "select", "Lesson", "lesson", lessons, false);
  text(w, "lesson-title", info.title, info.explanation);
  const int steps = model ? model->step_count() : 0, step = model ? model->step() : 0;
  button(w, "lesson-back", "Back", "lesson_back", steps <= 1 || step == 0);
  button(w, "lesson-step", "Step", "lesson_step", steps <= 1 || step >= steps - 1);
  button(w, "lesson-play", v.play.playing ? "Pause" : "Play", "lesson_toggle_play", steps <= 1);
  range(w, "lesson-scrubber", "Lesson step", "lesson_scrub", 0, std::max(0, steps - 1), 1, step,
        "step " + std::to_string(step) + " of " + std::to_string(std::max(0, steps - 1)), steps <= 1);
  text(w, "lesson-step-text", "This step", model ? model->describe() : "Open the lesson to start it.");
  exercise_items(w, app.exercises);
  w.end_array().end_object();
}

// Start here: the stop's text and goal, whether it is met, and the way on (the strip's commands).
void path_section(JsonWriter& w, const PathProgress& p) {
  const PathStop& stop = path_stops()[size_t(p.current)];
  const bool met = p.met[size_t(p.current)];
  w.begin_element().field("id", "path").field("label", "Workshop path").begin_array("items");
  text(w, "path-stop", "Stop " + std::to_string(p.current + 1) + " of " + std::to_string(kPathStopCount),
       std::string(stop.section) + ". " + stop.text);
  text(w, "path-goal", met ? "Done" : "Goal", stop.goal);
  button(w, "path-back", "Previous stop", "path_back", p.current == 0);
  button(w, "path-next", met ? "Next stop" : "Skip to the next stop", "path_next", p.current + 1 >= kPathStopCount);
  w.end_array().end_object();
}

std::string build_document(const Session& app) {
  JsonWriter w;
  w.field("view", view_name(app.nav.active_view));
  w.begin_array("sections");
  if (app.nav.embedded) {
    // Embedded: the one view, and the way to the whole page.
    w.begin_element().field("id", "views").field("label", "digitlab").begin_array("items");
    button(w, "open-digitlab", "Open digitlab", "open_in_own_tab", false);
    w.end_array().end_object();
    switch (*app.nav.embedded) {
      case View::train: train_section(w, app); break;
      case View::draw: draw_section(w, app); break;
      case View::test: test_section(w, app); break;
      case View::lessons: lessons_section(w, app); break;
    }
    w.end_array();
    return w.finish();
  }
  w.begin_element().field("id", "views").field("label", "Views").begin_array("items");
  std::vector<Option> views;
  for (View v : {View::train, View::draw, View::test, View::lessons}) {
    static constexpr const char* kLabels[] = {"Train", "Draw", "Test", "Lessons"};
    views.push_back({kLabels[static_cast<size_t>(v)], view_name(v), app.nav.active_view == v});
  }
  choice(w, "view", "tabs", "Views", "view", views, false);
  button(w, "help", "Keyboard shortcuts", "help", false);
  button(w, "embed-code", "Copy embed code", "copy_embed_code", false);
  button(w, "path-open", app.path.open ? "Close the workshop path" : "Start here: the workshop path",
         app.path.open ? "path_close" : "path_open", false);
  std::vector<Option> themes;
  static constexpr const char* kThemeLabels[] = {"The system's", "Light", "Dark"};
  for (ThemeChoice t : kThemeChoices)
    themes.push_back({kThemeLabels[static_cast<size_t>(t)], theme_choice_name(t), app.theme_choice == t});
  choice(w, "theme", "radiogroup", "Colours", "theme", themes, false);
  w.end_array().end_object();
  if (app.path.open) path_section(w, app.path);
  train_section(w, app);
  draw_section(w, app);
  test_section(w, app);
  lessons_section(w, app);
  w.end_array();
  return w.finish();
}

}  // namespace

void AccessLayer::update(const Session& app, Commands& commands, double now) {
  for (const std::string& line : browser::take_commands()) {
    const size_t space = line.find(' ');
    const std::string_view all(line);
    const std::string_view name = all.substr(0, space), argument = space == std::string::npos ? "" : all.substr(space + 1);
    if (!commands.run(name, argument)) std::fprintf(stderr, "digitlab: unknown command '%s'\n", line.c_str());
  }
  std::string document = build_document(app);
  if (document != document_) {
    document_ = std::move(document);
    browser::publish_access(document_);
    ++published_;
  }
  follow_ring();
  announce(app, now);
  live_.flush(now);
}

// The DOM focus follows the keyboard's focus ring, and the ring the DOM focus. Why the real DOM focus
// and not aria-activedescendant on the canvas: a focus change is what every screen reader (NVDA,
// JAWS, VoiceOver, Orca) announces, with the element's own name, role and state ("MLP, radio button,
// checked, 1 of 2"), and what the browser's own Tab continues from; aria-activedescendant needs the
// element inside the focused one and VoiceOver reads it only in some composite widgets.
void AccessLayer::follow_ring() {
  for (const browser::FocusRequest& r : browser::take_focus_requests()) {
    switch (r.kind) {
      case browser::FocusRequest::Kind::show: focus_ring::request_show(r.from_end); break;
      case browser::FocusRequest::Kind::hide: focus_ring::request_hide(); break;
      case browser::FocusRequest::Kind::item: focus_ring::request_focus(r.label, r.page_edits); break;
    }
  }
  const focus_ring::Ring& r = focus_ring::ring();
  JsonWriter w;
  w.field("shown", r.shown);
  if (r.shown) {
    w.field("label", r.label)
        .field("name", r.name)
        .field("role", r.role)
        .field("first", r.first)
        .field("last", r.last)
        .field("escapeLeaves", r.escape_leaves)
        .field("editing", r.editing)
        .field("window", r.window);
    if (r.checked >= 0) w.field("checked", r.checked == 1);
  }
  std::string ring = w.finish();
  if (ring != ring_) {
    ring_ = std::move(ring);
    browser::publish_ring(ring_);
    ++rings_published_;
  }
}

void AccessLayer::announce(const Session& app, double now) {
  const dl::TrainerStatus& s = app.status;
  // Messages: errors as alerts, the rest politely.
  if (app.notices.text != announced_notice_) {
    announced_notice_ = app.notices.text;
    if (!announced_notice_.empty()) live_.say(announced_notice_, app.notices.is_error, false);
  }
  // Each finished epoch, always; progress in between at a readable pace. Both wait out a quiet spell.
  const bool may_report = live_.may_report(now);
  if (static_cast<int>(s.epochs.size()) < announced_epochs_) announced_epochs_ = 0;  // a new run
  if (may_report && static_cast<int>(s.epochs.size()) > announced_epochs_) {
    announced_epochs_ = static_cast<int>(s.epochs.size());
    const dl::EpochLogs& e = s.epochs.back();
    std::string t = "Epoch " + std::to_string(e.epoch) + " of " + std::to_string(s.config.epochs) + " done: loss " +
                    fixed(e.loss, 4) + ", val_acc " + percent(e.val_accuracy, 2) + ".";
    if (s.phase == TrainerPhase::finished) t += " Training finished.";
    live_.say(t, false, true);
    last_progress_at_ = now;
  } else if (may_report && (s.phase == TrainerPhase::training || s.phase == TrainerPhase::validating) &&
             now - last_progress_at_ >= kProgressEvery && s.progress.samples_done > 0) {
    std::string t = "Training epoch " + std::to_string(s.progress.epoch) + " of " + std::to_string(s.config.epochs) +
                    ": " + percent(double(s.progress.samples_done) / std::max(1, s.progress.samples_total), 0) +
                    " done";
    if (s.has_validation) t += ", val_acc " + percent(s.val_accuracy);
    t += ", about " + dl::clock_text(s.eta_seconds) + " left.";
    live_.say(t, false, true);
    last_progress_at_ = now;
  }
  // The drawing's reading, once its class holds still (training moves the percentages meanwhile),
  // while the Draw view is on screen: the session reads the drawing every frame, but a reading
  // that changes under another view (a lesson being stepped) is not the student's to hear.
  const Drawing& d = app.drawing;
  const bool draw_shown = app.nav.embedded.value_or(app.nav.active_view) == View::draw;
  const std::string reading =
      d.has_reading && draw_shown ? std::to_string(d.prediction) + "@" + std::to_string(d.input_version) : "";
  if (reading != pending_prediction_) {
    pending_prediction_ = reading;
    prediction_since_ = now;
  }
  const int64_t input = d.has_reading && draw_shown ? static_cast<int64_t>(d.input_version) : -1;
  if (input != pending_input_) {
    pending_input_ = input;
    input_since_ = now;
  }
  // A class that wavers while a run trains (a 6 read as 5, then 6) would never hold still; a new
  // input is read out anyway once it has waited a little longer.
  const bool held = now - prediction_since_ >= kPredictionHold;
  const bool first_reading_due = input != announced_input_ && now - input_since_ >= kPredictionPatience;
  if (!pending_prediction_.empty() && pending_prediction_ != announced_prediction_ && (held || first_reading_due)) {
    announced_prediction_ = pending_prediction_;
    announced_input_ = input;
    live_.say("Looks like a " + std::to_string(d.prediction) + ", " +
                  percent(d.probabilities[static_cast<size_t>(d.prediction)], 0) + ".",
              false, false);
  }
  // A lesson step the student moved to (not while it plays by itself).
  const LessonNavigation& v = app.lessons;
  const dl::lessons::StepModel* model = v.existing_model(v.current);
  if (model && app.nav.active_view == View::lessons && !v.play.playing) {
    const std::string step = model->describe();
    if (step != announced_step_) {
      if (!announced_step_.empty()) live_.say(step, false, false);
      announced_step_ = step;
    }
  }
  // Predict first: a new question, and what the page said about an answer.
  const Exercises& ex = app.exercises;
  const std::string asked = ex.waiting() && app.nav.embedded.value_or(app.nav.active_view) == View::lessons
                                ? "Predict: " + ex.question->prompt : "";
  if (asked != announced_question_) {
    if (!asked.empty()) live_.say(asked, false, false);
    announced_question_ = asked;
  }
  if (ex.feedback != announced_feedback_) {
    if (!ex.feedback.empty()) live_.say(ex.feedback, ex.feedback_is_error, false);
    announced_feedback_ = ex.feedback;
  }
}

