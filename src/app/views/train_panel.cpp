// The Train panel: choose the workshop's model and how to train it, Train / Pause / Resume /
// Reset, Keras-like progress, model.summary(), and live loss and accuracy curves.
#include "app/bridge/automation.h"
#include "app/views/train_panel.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <span>
#include <thread>

#include <imgui.h>

#include "app/bridge/browser.h"
#include "app/gfx/look.h"
#include "app/gfx/widgets/widgets.h"
#include "app/state/explanations.h"
#include "app/state/choices.h"
#include "app/state/rules.h"
#include "engine/background.h"

namespace {

using dl::TrainerPhase;
using Pane = TrainPane;



ModelSummary make_summary(dl::ModelKind kind) {
  const dl::Sequential model = dl::make_workshop_model(kind);  // not compiled: no weights allocated
  ModelSummary s{model.input_shape(), model.summary_rows(), 0};
  for (const dl::SummaryRow& row : s.rows) s.total_params += row.params;
  return s;
}

const ModelSummary& summary_of(const TrainPanelState& state, dl::ModelKind kind) {
  return kind == dl::ModelKind::cnn ? state.cnn_summary : state.mlp_summary;
}

std::string commas(long long value) { return dl::with_commas(static_cast<unsigned long long>(std::max(0LL, value))); }

// Two significant digits, so the log slider lands on values a student can read and type.
float round_learning_rate(float lr) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(lr)) - 1);
  return static_cast<float>(std::round(lr / magnitude) * magnitude);
}

// The trainer validates on the whole test set at the end of each epoch (that point lands exactly
// on a whole epoch) and, in between, on the first quick_validation_size test images.
bool is_full_validation(const dl::CurvePoint& point) {
  return point.epoch > 0 && point.epoch == std::floor(point.epoch);
}

int test_images(const TrainPanelContext& ctx) { return ctx.data.test_count(); }
int quick_validation_images(const TrainPanelContext& ctx, const dl::TrainerConfig& config) {
  return std::min(config.quick_validation_size, test_images(ctx));
}

// ---- Settings -----------------------------------------------------------------------------


// A page without threads (inside another page, or a server without isolation): why training is
// slower here, and where it is not.
void draw_no_threads_note(const TrainPanelContext& ctx) {
  ImGui::TextUnformatted("1 (none here)");
  automation::record_item("threads");
  static const bool framed = browser::in_frame();  // fixed for the page's life
  ui::help_tooltip(framed ? "This page is inside another page, so the browser gives it no Web Workers that share memory: "
                            "training runs between frames on one core, slower than in a tab of its own."
                          : "The server sends no cross-origin isolation headers and the page could not add them (that "
                            "needs https or localhost), so the browser gives it no Web Workers that share memory: "
                            "training runs between frames on one core.");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(framed ? "Inside another page training is slower: it runs between frames, on one core."
                             : "Without threads here, training runs between frames, on one core.");
  ImGui::PopTextWrapPos();
  if (!framed) return;
  if (ImGui::Button("Open in its own tab")) ctx.commands.open_in_own_tab();
  automation::record_item("Open in its own tab");
  ui::help_tooltip("The whole of digitlab in a new tab, where it can use every core.");
}

void draw_settings(const TrainPanelContext& ctx, TrainPanelState& state, bool run_fixed) {
  const float column = ImGui::CalcTextSize("Learning rate").x + ImGui::GetStyle().ItemSpacing.x * 2;
  const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x - column - 70.0f);

  // Data, model and optimizer are fixed for a run (the trainer builds them at Train).
  ImGui::BeginDisabled(run_fixed);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Data");
  ImGui::SameLine(column);
  for (dl::DatasetKind kind : {dl::DatasetKind::mnist, dl::DatasetKind::fashion_mnist}) {
    const dl::DatasetInfo& info = dl::dataset_info(kind);
    if (kind != dl::DatasetKind::mnist) ui::same_line_if_fits(ui::radio_width(info.title) + ui::help_width(), column);
    if (ImGui::RadioButton(info.title, ctx.data.kind == kind)) ctx.commands.choose_dataset(kind);
    automation::record_item(std::string("dataset:") + info.slug);
  }
  ui::help_tooltip("MNIST: handwritten digits, the workshop's data. Fashion-MNIST: 70,000 pictures of clothes in "
                   "the same format (28 x 28, ten classes: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, "
                   "Sneaker, Bag, Ankle boot), a harder task for the same networks. It downloads when first chosen.");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Model");
  ImGui::SameLine(column);
  struct ModelChoice { dl::ModelKind kind; const char* label; const char* automation_label; };
  for (const ModelChoice& m : {ModelChoice{dl::ModelKind::mlp, "MLP", "model:MLP"},
                               ModelChoice{dl::ModelKind::cnn, "CNN", "model:CNN"}}) {
    if (ImGui::RadioButton(m.label, ctx.run.model == m.kind) && ctx.run.model != m.kind) ctx.commands.choose_model(m.kind);
    automation::record_item(m.automation_label);
    ui::help_tooltip(m.kind == dl::ModelKind::mlp
                     ? "The workshop's dense network: 784 inputs -> Dense(784, sigmoid) -> Dense(800, sigmoid) -> "
                       "Dense(10, softmax). Selecting it applies the workshop's fit() settings: batch 64, 5 epochs."
                     : "The workshop's convolutional network: two pairs of 3x3 Conv2D(relu) each followed by "
                       "MaxPooling2D, then Dense(1024) x2 with Dropout(0.2) and Dense(10, softmax). Much slower "
                       "per image, more accurate. Selecting it applies the workshop's fit() settings: batch 32, "
                       "2 epochs.");
    if (m.kind == dl::ModelKind::mlp) ui::same_line_if_fits(ui::radio_width("CNN") + ui::help_width(), column);
  }
  const std::string params = dl::with_commas(summary_of(state, ctx.run.model).total_params) + " parameters";
  ui::same_line_if_fits(ImGui::CalcTextSize(params.c_str()).x, column);
  ImGui::TextDisabled("%s", params.c_str());

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Optimizer");
  ImGui::SameLine(column);
  for (const OptimizerChoice& o : kOptimizerChoices) {
    const bool last = &o == &kOptimizerChoices[std::size(kOptimizerChoices) - 1];
    if (&o != kOptimizerChoices) ui::same_line_if_fits(ui::radio_width(o.label) + (last ? ui::help_width() : 0.0f), column);
    if (ImGui::RadioButton(o.label, ctx.run.optimizer == o.kind) && ctx.run.optimizer != o.kind)
      ctx.commands.choose_optimizer(o.kind);
    automation::record_item((std::string("optimizer:") + o.argument).c_str());
    // One help for the row (with a finger it is a button, after the last choice).
    if (!touch_style() || last)
      ui::help_tooltip("Switching the optimizer sets Keras' default learning rate for it: 0.01 for SGD (with or "
                       "without momentum), 0.001 for Adam and RMSprop.");
  }
  ImGui::EndDisabled();

  // The learning rate is the one setting a run takes while it goes on.
  ui::form_row("Learning rate", column, width);
  float lr = ctx.run.learning_rate;
  if (ImGui::SliderFloat("##learning rate", &lr, kMinLearningRate, kMaxLearningRate, "%.5g",
                         ImGuiSliderFlags_Logarithmic) &&
      std::isfinite(lr) && lr > 0) {
    // Dragging lands on two significant digits; a typed value (Ctrl+click) is kept as typed.
    const bool dragging = ImGui::IsMouseDown(ImGuiMouseButton_Left);
    ctx.commands.set_learning_rate(dragging ? std::clamp(round_learning_rate(lr), kMinLearningRate, kMaxLearningRate)
                                            : std::min(lr, kMaxTypedLearningRate));
  }
  automation::record_item("learning rate");
  ui::help_tooltip("How far each step moves the weights (logarithmic slider; Ctrl+click to type a value). It takes "
               "effect at the next batch, even while training. Too large and training diverges: type 1e30 to "
               "see it happen.");

  ImGui::BeginDisabled(run_fixed);
  ui::form_row("Batch size", column, width);
  if (ImGui::BeginCombo("##batch size", std::to_string(ctx.run.batch_size).c_str())) {
    for (int b : kBatchSizes) {
      if (ImGui::Selectable(std::to_string(b).c_str(), b == ctx.run.batch_size)) ctx.commands.set_batch_size(b);
      automation::record_item("batch size:" + std::to_string(b));
    }
    ImGui::EndCombo();
  }
  automation::record_item("batch size");
  ui::help_tooltip("Images per weight update. Larger batches give smoother, faster-to-compute steps but fewer of "
               "them per epoch.");

  ui::form_row("Epochs", column, width);
  int epochs = ctx.run.epochs;
  if (ImGui::SliderInt("##epochs", &epochs, 1, kMaxEpochs, "%d", ImGuiSliderFlags_AlwaysClamp))
    ctx.commands.set_epochs(epochs);
  automation::record_item("epochs");
  ui::help_tooltip("Passes over all 60,000 training images.");

  ui::form_row("Threads", column, width);
  if (!dl::background::threads_available()) {
    ImGui::EndDisabled();
    draw_no_threads_note(ctx);
    return;
  }
  if (ImGui::BeginCombo("##threads", std::to_string(ctx.run.threads).c_str())) {
    for (int t = 1; t <= ctx.run.max_threads; ++t) {
      if (ImGui::Selectable(std::to_string(t).c_str(), t == ctx.run.threads)) ctx.commands.set_threads(t);
      automation::record_item("threads:" + std::to_string(t));
    }
    ImGui::EndCombo();
  }
  automation::record_item("threads");
  char threads_help[200];
  std::snprintf(threads_help, sizeof threads_help,
                "Web Workers that split each batch between them (this device reports %d logical core%s; the "
                "page itself also needs one to draw).",
                ctx.run.max_threads, ctx.run.max_threads == 1 ? "" : "s");
  ui::help_tooltip(threads_help);
  ImGui::EndDisabled();
}

// ---- Train / Pause / Resume / Reset -------------------------------------------------------------

std::string keras_code(const RunSetup& run) {
  char optimizer[64] = "";
  for (const OptimizerChoice& o : kOptimizerChoices)
    if (o.kind == run.optimizer) std::snprintf(optimizer, sizeof optimizer, o.keras, run.learning_rate);
  char text[320];
  std::snprintf(text, sizeof text,
                "The same run in the workshop's Keras:\n\n"
                "model.compile(loss='categorical_crossentropy',\n"
                "              optimizer=%s,\n"
                "              metrics=['accuracy'])\n"
                "model.fit(X_train, y_train, validation_data=(X_test, y_test),\n"
                "          epochs=%d, batch_size=%d)",
                optimizer, run.epochs, run.batch_size);
  return text;
}

void draw_buttons(const TrainPanelContext& ctx) {
  const bool busy = run_in_progress(ctx.session);
  // Four buttons in a row, as wide as the column allows up to 5.5 em each.
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 size(std::min(ImGui::GetFontSize() * 5.5f, (ImGui::GetContentRegionAvail().x - 3 * spacing) / 4), 0);

  ImGui::BeginDisabled(busy || !ctx.data.ready());
  if (ImGui::Button("Train", size)) ctx.commands.train();
  ImGui::EndDisabled();
  automation::record_item("Train");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    if (!ctx.data.ready()) ImGui::TextUnformatted("Waiting for the MNIST data to finish downloading.");
    else if (busy) ImGui::TextUnformatted("A run is in progress: Reset first to train from scratch.");
    else ImGui::TextUnformatted(keras_code(ctx.run).c_str());
    ImGui::EndTooltip();
  }

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_pause(ctx.session));
  if (ImGui::Button("Pause", size)) ctx.commands.pause();
  ImGui::EndDisabled();
  automation::record_item("Pause");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_resume(ctx.session));
  if (ImGui::Button("Resume", size)) ctx.commands.resume();
  ImGui::EndDisabled();
  automation::record_item("Resume");

  ImGui::SameLine();
  ImGui::BeginDisabled(!can_reset(ctx.session));
  if (ImGui::Button("Reset", size)) ctx.commands.reset();
  ImGui::EndDisabled();
  automation::record_item("Reset");
  // Reset's help is its own hover (with a finger: a "?" at the row's end, where it always was).
  static constexpr const char* kResetHelp =
      "Stops the run and forgets its progress. The live model (Draw and Test tabs) keeps the last weights until the "
      "next run publishes new ones.";
  if (!touch_style()) ui::help_tooltip(kResetHelp);
  ui::same_line_if_fits(ui::small_button_width("Copy link"));
  if (ui::small_button("Copy link")) ctx.commands.copy_setup_link();
  automation::record_item("Copy link");
  ui::help_tooltip("A link to this setup (data, model, optimizer, learning rate, batch size, epochs) to hand out: "
                   "opening it sets the same, ready to train.");
  if (touch_style()) ui::help_tooltip(kResetHelp);
}

// ---- Progress ---------------------------------------------------------------------------------

const char* phase_label(TrainerPhase phase, ImVec4* color) {
  *color = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
  switch (phase) {
    case TrainerPhase::idle: return "idle";
    case TrainerPhase::training: *color = ui::theme().train4; return "training";
    case TrainerPhase::validating: *color = ui::theme().validation4; return "validating";
    case TrainerPhase::paused: return "paused";
    case TrainerPhase::finished: *color = ui::theme().good_text; return "finished";
    case TrainerPhase::failed: *color = ui::theme().error_text; return "stopped: diverged";
  }
  return "";
}

void draw_failure(const TrainPanelContext& ctx, const dl::TrainerStatus& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().error_text);
  ImGui::TextWrapped("%s", s.message.empty() ? "Training stopped." : s.message.c_str());
  ImGui::PopStyleColor();
  // A tenth of the current rate, but never above Keras' default for the optimizer.
  const float keras_default = dl::OptimizerConfig::defaults(s.config.optimizer).learning_rate;
  const float lower =
      std::max(kMinLearningRate, std::min(keras_default, round_learning_rate(s.config.learning_rate / 10)));
  char label[96];
  // "###": the same button (ImGui id) whatever rate the label shows.
  std::snprintf(label, sizeof label, "Use learning rate %g and Resume###lower learning rate", lower);
  if (ImGui::Button(label)) ctx.commands.resume_with_learning_rate(lower);
  automation::record_item("lower learning rate and resume");
}

void draw_metrics(const TrainPanelContext& ctx, TrainPanelState& state, const dl::TrainerStatus& s) {
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("metrics", 4, flags)) {
    for (const char* name : {"loss", "acc", "val_loss", "val_acc"}) ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    // Each number explains itself (hover, arrow keys, a tap): its formula with the current values.
    auto cell = [](const char* id, bool known, double value, const ImVec4& color, const std::string& explanation) {
      ImGui::TableNextColumn();
      if (!known) {
        ImGui::TextDisabled("-");
        return;
      }
      char text[32];
      std::snprintf(text, sizeof text, "%.4f", value);
      ui::explained_number(id, text, explanation, &color);
    };
    const bool trained = s.progress.samples_done > 0 || !s.epochs.empty();
    const long long seen = std::max<long long>(1, s.progress.samples_done);
    const int val_images = validation_images(s, test_images(ctx));
    cell("metric:loss", trained, s.progress.loss, ui::theme().train4, explain_loss(s.progress.loss, seen));
    cell("metric:acc", trained, s.progress.accuracy, ui::theme().train4, explain_accuracy(s.progress.accuracy, seen));
    cell("metric:val_loss", s.has_validation, s.val_loss, ui::theme().validation4, explain_val_loss(s.val_loss, val_images));
    cell("metric:val_acc", s.has_validation, s.val_accuracy, ui::theme().validation4,
         explain_val_accuracy(s.val_accuracy, val_images));
    ImGui::EndTable();
  }

  // Say which images the val_* numbers come from: a quick check is an estimate.
  const int quick = quick_validation_images(ctx, s.config);
  if (s.has_validation && !s.validation_curve.empty()) {
    const dl::CurvePoint& last = s.validation_curve.back();
    // A fine-tuning run ends its epochs on the quick set (the whole test set is measured before
    // and after it, in the Draw tab).
    const bool full = is_full_validation(last) && !s.fine_tune.active;
    state.shown_validation = full ? "full" : "quick";
    state.shown_validation_images = full ? test_images(ctx) : quick;
    if (full)
      ImGui::TextDisabled("val_loss, val_acc: all %s test images, after epoch %d", commas(test_images(ctx)).c_str(),
                          static_cast<int>(last.epoch));
    else
      ImGui::TextDisabled("val_loss, val_acc: quick check on the first %s test images", commas(quick).c_str());
    ui::help_tooltip("Like Keras' validation_data=(X_test, y_test): images the model never trains on. Every epoch ends "
                 "with a pass over all 10,000 test images; in between, a quick check on the first 1,000 keeps the "
                 "curve current (an estimate, a little noisier).");
  } else {
    ImGui::TextDisabled("val_loss, val_acc: first check after %s samples",
                        commas(s.config.quick_validation_every).c_str());
  }
}

void draw_progress(const TrainPanelContext& ctx, TrainPanelState& state) {
  const dl::TrainerStatus& s = ctx.status;
  state.shown_validation = "none";
  state.shown_validation_images = 0;
  if (s.phase == TrainerPhase::idle) {
    if (ctx.session.start_requested) ImGui::TextDisabled("Starting...");
    else if (!ctx.data.error.empty()) ImGui::TextDisabled("The %s data could not be read (see the message).", ctx.data.info().title);
    else if (!ctx.data.ready()) ImGui::TextDisabled("Waiting for the %s data to finish downloading...", ctx.data.info().title);
    else
      ImGui::TextWrapped("Press Train to fit the %s on the 60,000 %s training images, checking it on the 10,000 test "
                         "images as it learns.",
                         ctx.run.model == dl::ModelKind::cnn ? "CNN" : "MLP", ctx.data.info().title);
    return;
  }

  if (s.fine_tune.active)
    ImGui::TextWrapped("This run fine-tunes the model on your own digits (%d of them, changed copies and MNIST "
                       "images mixed in): see the Draw tab's \"Teach it my handwriting\".",
                       s.fine_tune.personal_count);
  ImVec4 color;
  const char* label = phase_label(s.phase, &color);
  ImGui::Text("Epoch %d/%d", std::max(1, s.progress.epoch), s.config.epochs);
  ImGui::SameLine();
  ImGui::TextColored(color, "%s", label);
  ImGui::SameLine();
  ImGui::TextDisabled("(%s, %s, lr %.3g, batch %d)", s.config.model == dl::ModelKind::cnn ? "CNN" : "MLP",
                      dl::optimizer_name(s.config.optimizer), s.config.learning_rate, s.config.batch_size);

  // Keras' "34560/60000 [=====>....]": samples of this epoch.
  const float fraction = s.progress.samples_total > 0 ? float(s.progress.samples_done) / float(s.progress.samples_total) : 0.0f;
  const std::string samples = commas(s.progress.samples_done) + " / " + commas(s.progress.samples_total) + " samples";
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ui::theme().train4);
  ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), samples.c_str());
  ImGui::PopStyleColor();
  automation::record_item("epoch progress");

  // The end-of-epoch pass over the whole test set takes a few seconds (also shown when paused in
  // it); the quick checks in between are too short to show.
  const bool paused_in_full_validation = s.phase == TrainerPhase::paused && s.validation_total >= test_images(ctx) &&
                                         s.validation_done < s.validation_total;
  const bool full_validation = s.phase == TrainerPhase::validating || paused_in_full_validation;
  if (full_validation) {
    const float v = s.validation_total > 0 ? float(s.validation_done) / float(s.validation_total) : 0.0f;
    const std::string text = "validating: " + commas(s.validation_done) + " / " + commas(s.validation_total) +
                             " test images";
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ui::theme().validation4);
    ImGui::ProgressBar(v, ImVec2(-FLT_MIN, 0), text.c_str());
    ImGui::PopStyleColor();
    automation::record_item("validation progress");
  }

  draw_metrics(ctx, state, s);

  const bool running = s.phase == TrainerPhase::training || s.phase == TrainerPhase::validating;
  const std::string speed = commas(std::llround(s.examples_per_second)) + " examples/s";
  ui::explained_number("metric:speed", speed.c_str(), explain_examples_per_second(s.examples_per_second, s.config.batch_size));
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  ImGui::Text("elapsed %s", dl::clock_text(s.elapsed_seconds).c_str());
  if (running) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::Text("ETA %s", dl::clock_text(s.eta_seconds).c_str());
  }

  if (s.phase == TrainerPhase::failed) draw_failure(ctx, s);
  if (!s.not_learning.empty() && s.phase != TrainerPhase::failed) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning_text);
    ImGui::TextWrapped("%s", s.not_learning.c_str());
    ImGui::PopStyleColor();
  }
}

// ---- Lower half: curves, epochs, summary ----------------------------------------------------------

void draw_curves(const TrainPanelContext& ctx, float height) {
  const dl::TrainerStatus& s = ctx.status;
  const ImU32 train_color = ImGui::ColorConvertFloat4ToU32(ui::theme().train4);
  const ImU32 val_color = ImGui::ColorConvertFloat4ToU32(ui::theme().validation4);
  const std::string quick_label = "val (" + commas(quick_validation_images(ctx, s.config)) + ")";
  const std::string full_label = "val (" + commas(test_images(ctx)) + ")";

  // One plot per metric: train line, a line through every validation, and markers telling quick
  // checks (hollow) from full passes (filled).
  auto build = [&](bool accuracy) {
    auto y = [accuracy](const dl::CurvePoint& p) { return static_cast<float>(accuracy ? p.accuracy : p.loss); };
    std::vector<ui::plot::Series> series(4);
    series[0] = {"train", train_color, {}, true, ui::plot::Marker::none};
    series[1] = {"", val_color, {}, true, ui::plot::Marker::none};
    series[2] = {quick_label, val_color, {}, false, ui::plot::Marker::hollow};
    series[3] = {full_label, val_color, {}, false, ui::plot::Marker::filled};
    // The train values are running means over the current epoch, as Keras prints them: they
    // restart with each epoch, so each epoch gets its own stretch of line.
    int previous_epoch = 0;
    for (const dl::CurvePoint& p : s.train_curve) {
      const int epoch = static_cast<int>(std::ceil(p.epoch));  // x in (e-1, e] belongs to epoch e
      if (previous_epoch && epoch != previous_epoch) series[0].points.emplace_back(float(p.epoch), NAN);
      series[0].points.emplace_back(float(p.epoch), y(p));
      previous_epoch = epoch;
    }
    for (const dl::CurvePoint& p : s.validation_curve) {
      series[1].points.emplace_back(float(p.epoch), y(p));
      series[is_full_validation(p) ? 3 : 2].points.emplace_back(float(p.epoch), y(p));
    }
    return series;
  };

  const float plot_h = std::max(90.0f, (height - ImGui::GetStyle().ItemSpacing.y) / 2);
  for (bool accuracy : {false, true}) {
    const std::vector<ui::plot::Series> series = build(accuracy);
    ui::plot::Axes axes;
    axes.title = accuracy ? "accuracy" : "loss";
    axes.x_label = "epoch";
    axes.empty_hint = accuracy ? "accuracy per epoch, as it trains" : "loss per epoch, as it trains";
    ImVec2 lo, hi;
    if (ui::plot::data_bounds(series, &lo, &hi)) {
      axes.x_max = std::max(hi.x, 0.05f);
      axes.y_min = accuracy ? std::min(0.9f, std::floor(lo.y * 10) / 10) : 0.0;
      axes.y_max = accuracy ? 1.0 : std::max(0.1f, hi.y * 1.05f);
    } else {
      axes.x_max = std::max(1, s.config.epochs);
      axes.y_max = accuracy ? 1.0 : 2.5;
    }
    ui::plot::draw(accuracy ? "##accuracy plot" : "##loss plot", ImVec2(-FLT_MIN, plot_h), axes, series);
    automation::record_item(accuracy ? "plot:accuracy" : "plot:loss");
  }
}

// What the workshop's notebook printed for each model's fit() (Adam, lr 0.001, its Keras of the
// time), so a student can hold their own run against it.
struct PrintedEpoch { int epoch, epochs; double loss, acc, val_loss, val_acc; int seconds; };
constexpr PrintedEpoch kWorkshopMlpRun[] = {{1, 5, 0.3657, 0.8906, 0.2582, 0.9226, 14},
                                            {2, 5, 0.2704, 0.9166, 0.2548, 0.9212, 14},
                                            {3, 5, 0.2342, 0.9254, 0.2659, 0.9158, 17},
                                            {4, 5, 0.2176, 0.9317, 0.2123, 0.9328, 16},
                                            {5, 5, 0.1983, 0.9376, 0.1761, 0.9451, 17}};
constexpr PrintedEpoch kWorkshopCnnRun[] = {{1, 2, 0.3413, 0.9002, 0.0411, 0.9871, 73},
                                            {2, 2, 0.0437, 0.9868, 0.0277, 0.9910, 73}};

bool begin_epoch_table(const char* id) {
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable(id, 6, flags)) return false;
  for (const char* name : {"Epoch", "loss", "acc", "val_loss", "val_acc", "time"}) ImGui::TableSetupColumn(name);
  ImGui::TableHeadersRow();
  return true;
}

void epoch_table_row(int epoch, int epochs, const double (&values)[4], double seconds) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Text("%d/%d", epoch, epochs);
  for (double v : values) {
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", v);
  }
  ImGui::TableNextColumn();
  ImGui::Text("%.0f s", seconds);
}

void draw_workshop_run(dl::ModelKind model) {
  const bool mlp = model == dl::ModelKind::mlp;
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(mlp ? "The workshop's run of this MLP (Adam, batch 64, 5 epochs), as its Keras printed it:"
                         : "The workshop's run of this CNN (Adam, batch 32, 2 epochs), as its Keras printed it:");
  if (begin_epoch_table("workshop epochs")) {
    for (const PrintedEpoch& e : mlp ? std::span<const PrintedEpoch>(kWorkshopMlpRun)
                                     : std::span<const PrintedEpoch>(kWorkshopCnnRun))
      epoch_table_row(e.epoch, e.epochs, {e.loss, e.acc, e.val_loss, e.val_acc}, e.seconds);
    ImGui::EndTable();
  }
  automation::record_item("workshop epochs");
  ImGui::TextWrapped("%s", mlp ? "The notebook fed Keras the raw pixel values 0-255 (it never divides by 255). "
                                 "Trained on raw pixels, this engine repeats its run closely: loss 0.362 against "
                                 "0.366 after epoch 1, val_acc 94.54% against 94.51% after epoch 5. Scaled to 0-1, "
                                 "as here, the sigmoids saturate less and the MLP reaches 93-94% after one epoch "
                                 "and about 97.5% after five."
                               : "Runs differ by a few tenths of a percent with the random start and the order of "
                                 "the batches: over nine seeds this engine gets 97.6-98.5% after one epoch and "
                                 "98.4-99.0% after two, and Keras' own layers (in TensorFlow.js) land in the same "
                                 "range.");
  ImGui::PopStyleColor();
}

void draw_epoch_table(const TrainPanelContext& ctx) {
  const dl::TrainerStatus& s = ctx.status;
  if (s.epochs.empty()) {
    ImGui::TextWrapped("Each finished epoch adds a row here, like the lines Keras' fit() prints: the epoch's mean "
                       "training loss and accuracy, and val_loss / val_acc on all 10,000 test images.");
  } else if (begin_epoch_table("epochs")) {
    for (const dl::EpochLogs& e : s.epochs)
      epoch_table_row(e.epoch, s.config.epochs, {e.loss, e.accuracy, e.val_loss, e.val_accuracy}, e.seconds);
    ImGui::EndTable();
  }
  draw_workshop_run(s.epochs.empty() ? ctx.run.model : s.config.model);
}

void draw_summary(const TrainPanelState& state, const RunSetup& run) {
  const ModelSummary& summary = summary_of(state, run.model);
  ImGui::TextDisabled("model.summary() of the %s (input %s)", run.model == dl::ModelKind::cnn ? "CNN" : "MLP",
                      dl::keras_shape(summary.input_shape).c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("summary", 3, flags)) {
    // Shapes and counts get what their longest entries need; layer names get the rest.
    ImGui::TableSetupColumn("Layer (type)", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Output Shape", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("(None, 26, 26, 32)").x);
    ImGui::TableSetupColumn("Param #", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("1,049,600").x);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < summary.rows.size(); ++i) {
      const dl::SummaryRow& row = summary.rows[i];
      const dl::Shape& input = i == 0 ? summary.input_shape : summary.rows[i - 1].output_shape;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      // A row-wide selectable: hovering anywhere on the row explains its Param #.
      const std::string layer = row.name + " (" + row.kind + ")";
      const std::string explanation = explain_param_count(row, input);
      // The layer's name explains its Param # on hover; the number itself on hover, focus or a tap.
      ImGui::Selectable(layer.c_str(), false);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", explanation.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(dl::keras_shape(row.output_shape).c_str());
      ImGui::TableNextColumn();
      const std::string params = dl::with_commas(row.params);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x -
                           ImGui::CalcTextSize(params.c_str()).x);  // numbers right-aligned
      ui::explained_number(("params:" + row.name).c_str(), params.c_str(), explanation);
    }
    ImGui::EndTable();
  }
  const std::string total = dl::with_commas(summary.total_params);
  ImGui::Text("Total params: %s", total.c_str());
  ImGui::Text("Trainable params: %s", total.c_str());
  ImGui::Text("Non-trainable params: 0");
}

void draw_views(const TrainPanelContext& ctx, TrainPanelState& state) {
  // The views fill the space left above the model files and the notice, scrolling inside rather
  // than pushing the Save / Load buttons out of sight.
  const float tab_bar_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  const float height = std::max(180.0f, ImGui::GetContentRegionAvail().y - ctx.reserved_below) - tab_bar_h;
  if (!ImGui::BeginTabBar("train views")) return;
  struct Tab { Pane view; const char* label; const char* automation_label; };
  for (const Tab& t : {Tab{Pane::curves, "Curves", "view:Curves"}, Tab{Pane::epochs, "Epochs", "view:Epochs"},
                       Tab{Pane::summary, "model.summary()", "view:Summary"},
                       Tab{Pane::time_machine, "Time machine", "view:Time machine"},
                       Tab{Pane::compare, "Two runs", "view:Two runs"}}) {
    const ImGuiTabItemFlags flags = ctx.session.nav.requested_train_pane == t.view ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(t.label, nullptr, flags);
    automation::record_item(t.automation_label);
    if (!open) continue;
    state.view = t.view;
    ImGui::BeginChild("view", ImVec2(0, height), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    if (t.view == Pane::curves) draw_curves(ctx, ImGui::GetContentRegionAvail().y);
    if (t.view == Pane::epochs) draw_epoch_table(ctx);
    if (t.view == Pane::summary) draw_summary(state, ctx.run);
    if (t.view == Pane::time_machine && ctx.time_machine) draw_time_machine(*ctx.time_machine);
    if (t.view == Pane::compare && ctx.compare) draw_compare_view(*ctx.compare);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace


std::unique_ptr<TrainPanelState> make_train_panel_state() {
  auto state = std::make_unique<TrainPanelState>();
  state->mlp_summary = make_summary(dl::ModelKind::mlp);
  state->cnn_summary = make_summary(dl::ModelKind::cnn);
  return state;
}

void write_train_panel_status(const TrainPanelState& state, const RunSetup& run, dl::lessons::JsonWriter& w) {
  w.field("model", dl::model_kind_name(run.model))
      .field("optimizer", dl::optimizer_name(run.optimizer))
      .field("learningRate", double(run.learning_rate))
      .field("batchSize", run.batch_size)
      .field("epochs", run.epochs)
      .field("threadsSetting", run.threads)
      .field("maxThreads", run.max_threads)
      .field("summaryParams", static_cast<int64_t>(summary_of(state, run.model).total_params))
      .field("view", train_pane_name(state.view))
      .field("shownValidation", state.shown_validation)
      .field("shownValidationImages", state.shown_validation_images)
      .field("trainCurvePoints", static_cast<int64_t>(state.shown_train_points))
      .field("validationCurvePoints", static_cast<int64_t>(state.shown_validation_points));
  w.begin_array("epochValAcc");  // val_acc on the whole test set after each finished epoch
  for (double v : state.shown_epoch_val_accuracy) w.value(v);
  w.end_array();
}

void draw_train_panel(TrainPanelState& state, const TrainPanelContext& ctx) {
  const bool run_fixed = run_in_progress(ctx.session);
  state.shown_train_points = ctx.status.train_curve.size();
  state.shown_validation_points = ctx.status.validation_curve.size();
  state.shown_epoch_val_accuracy.clear();
  for (const dl::EpochLogs& e : ctx.status.epochs) state.shown_epoch_val_accuracy.push_back(e.val_accuracy);
  draw_settings(ctx, state, run_fixed);
  ImGui::Spacing();
  draw_buttons(ctx);
  ImGui::Separator();
  draw_progress(ctx, state);
  ImGui::Spacing();
  draw_views(ctx, state);
}
