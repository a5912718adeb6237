// The Train panel's time machine (see time_machine.h). Everything it shows is computed by the
// engine: the snapshot's model predicts and is evaluated like the live one; the update's numbers
// are the optimizer's own (dl::UpdateAnatomy, replayed by its element function).
#include "app/state/explanations.h"
#include "app/views/time_machine.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include "app/bridge/automation.h"
#include "app/gfx/widgets/widgets.h"

namespace {

constexpr int kMlpUnitsShown = 16;       // of the first dense layer's units, as 28 x 28 images

std::string steps_text(long long n) { return dl::with_commas(static_cast<size_t>(n)); }

// The first layer's weights as tiles of one image: the MLP's first units as 28 x 28 pictures of
// what they look for, or the CNN's 3 x 3 filters.
void refresh_filters(TimeMachineState& s, const LiveModel& model, dl::ModelKind kind, const std::vector<float>& weights) {
  const dl::Sequential& m = *model.model;
  const dl::ParamView& kernel = m.param_views().front();  // dense_1.kernel [784, units] or conv2d_1.kernel [3, 3, 1, F]
  const float* k = weights.data() + kernel.offset;
  std::vector<float> tiles;
  if (kind == dl::ModelKind::mlp) {
    const int units = kernel.shape[1];
    s.filter_tiles = std::min(kMlpUnitsShown, units);
    s.filter_columns = 4;
    s.filter_size = 28;
  } else {
    s.filter_tiles = kernel.shape[3];
    s.filter_columns = 8;
    s.filter_size = kernel.shape[0];
  }
  const int n = s.filter_size, rows = (s.filter_tiles + s.filter_columns - 1) / s.filter_columns;
  const int w = s.filter_columns * (n + 1) - 1, h = rows * (n + 1) - 1;
  tiles.assign(static_cast<size_t>(w) * h, 0.0f);
  float range = 1e-6f;
  for (int t = 0; t < s.filter_tiles; ++t)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        const float v = kind == dl::ModelKind::mlp ? k[static_cast<size_t>(y * n + x) * kernel.shape[1] + t]
                                                   : k[static_cast<size_t>(y * n + x) * kernel.shape[3] + t];
        tiles[static_cast<size_t>((t / s.filter_columns) * (n + 1) + y) * w + (t % s.filter_columns) * (n + 1) + x] = v;
        range = std::max(range, std::abs(v));
      }
  s.filter_range = range;
  s.filters.update(tiles.data(), w, h, Colormap::diverging, -range, range);
}

// ---- The anatomy of one update ---------------------------------------------------------------

void formula(const char* left, const std::string& filled) {
  ImGui::TextUnformatted(left);
  ImGui::SameLine();
  ImGui::TextColored(ui::theme().accent_text, "%s", filled.c_str());
}

std::string g9(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", v);
  return text;
}

void draw_anatomy(const TimeMachineContext& ctx, float width) {
  TimeMachineState& s = ctx.state;
  const dl::TrainerStatus& st = ctx.status;
  ImGui::TextUnformatted("One update, up close");
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("Pause, pick a weight, press Step once: the optimizer's own numbers for that weight in that step.");
  const LiveModel& model = ctx.reading.model;
  if (!model.ready()) {
    ImGui::TextDisabled("Train first: the weights are listed once there is a model.");
    ImGui::PopTextWrapPos();
    return;
  }
  const std::vector<dl::ParamView>& views = model.model->param_views();
  s.watch_view = std::clamp(s.watch_view, 0, static_cast<int>(views.size()) - 1);
  const dl::ParamView& view = views[static_cast<size_t>(s.watch_view)];
  // First: the weight from the middle pixel (14, 14) to unit 0, or filter 0's centre tap; a
  // corner pixel of MNIST is always 0, so its weights' gradients are too.
  if (s.watch_element < 0)
    s.watch_element = s.watch_view == 0 ? (view.shape.size() == 2 ? (14 * 28 + 14) * view.shape[1] : 4 * view.shape[3]) : 0;
  ImGui::SetNextItemWidth(std::min(width * 0.5f, ImGui::GetFontSize() * 12));
  if (ImGui::BeginCombo("##tensor", view.name.c_str())) {
    for (int i = 0; i < static_cast<int>(views.size()); ++i)
      if (ImGui::Selectable(views[static_cast<size_t>(i)].name.c_str(), i == s.watch_view)) {
        s.watch_view = i;
        s.watch_element = -1;
      }
    ImGui::EndCombo();
  }
  automation::record_item("anatomy:tensor");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4 + ImGui::GetFrameHeight() * 2);
  ImGui::InputInt("element##watch", &s.watch_element);
  automation::record_item("anatomy:element");
  s.watch_element = std::clamp(s.watch_element, 0, static_cast<int>(view.count) - 1);
  const long long flat = static_cast<long long>(views[static_cast<size_t>(s.watch_view)].offset) + s.watch_element;
  // Where the element sits: a kernel's input and unit (a pixel for dense_1), or a bias's unit.
  if (view.shape.size() == 2) {
    const int input = s.watch_element / view.shape[1], unit = s.watch_element % view.shape[1];
    if (view.shape[0] == 784) ImGui::TextDisabled("the weight from pixel (%d, %d) to unit %d", input / 28, input % 28, unit);
    else ImGui::TextDisabled("the weight from input %d to unit %d", input, unit);
  } else if (view.shape.size() == 4) {
    const int f = view.shape[3], c = view.shape[2], tap = s.watch_element / (f * c);
    ImGui::TextDisabled("filter %d, channel %d, tap (%d, %d)", s.watch_element % f, s.watch_element / f % c,
                        tap / view.shape[1], tap % view.shape[1]);
  } else {
    ImGui::TextDisabled("the bias of unit %d", s.watch_element);
  }
  if (flat != ctx.selection.watched) ctx.commands.watch_weight(flat);

  const bool paused = st.phase == dl::TrainerPhase::paused;
  ImGui::BeginDisabled(!paused);
  if (ImGui::Button("Step once")) ctx.commands.step_once();
  automation::record_item("Step once");
  ImGui::EndDisabled();
  if (!paused) ui::why_disabled("Pause the run first.");

  const dl::UpdateAnatomy& a = st.update;
  if (!st.has_update || a.index != static_cast<size_t>(flat)) {
    ImGui::TextDisabled("No step of this weight seen yet: press Step once (or Resume).");
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::Text("Step t = %lld, %s", a.step, dl::optimizer_name(a.kind));
  formula("gradient g = dL/dw =", g9(a.gradient));
  switch (a.kind) {
    case dl::OptimizerKind::sgd:
      formula("update = lr * g =", g9(a.learning_rate) + " * " + g9(a.gradient) + " = " + g9(a.update));
      break;
    case dl::OptimizerKind::momentum:
      formula("m = 0.9 m + g =", "0.9 * " + g9(a.m_before) + " + " + g9(a.gradient) + " = " + g9(a.m_after));
      formula("update = lr * m =", g9(a.learning_rate) + " * " + g9(a.m_after) + " = " + g9(a.update));
      break;
    case dl::OptimizerKind::adam:
      formula("m = b1 m + (1 - b1) g =", "0.9 * " + g9(a.m_before) + " + 0.1 * " + g9(a.gradient) + " = " + g9(a.m_after));
      formula("v = b2 v + (1 - b2) g^2 =", "0.999 * " + g9(a.v_before) + " + 0.001 * " + g9(a.gradient) + "^2 = " +
                                              g9(a.v_after));
      formula("bias corrections 1 - b1^t, 1 - b2^t:", g9(a.bias_correction1) + ", " + g9(a.bias_correction2));
      formula("lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t) =", g9(a.corrected_rate));
      formula("update = lr_t * m / (sqrt(v) + eps) =", g9(a.corrected_rate) + " * " + g9(a.m_after) + " / " +
                                                         g9(a.denominator) + " = " + g9(a.update));
      break;
    case dl::OptimizerKind::rmsprop:
      formula("v = 0.9 v + 0.1 g^2 =", "0.9 * " + g9(a.v_before) + " + 0.1 * " + g9(a.gradient) + "^2 = " + g9(a.v_after));
      formula("update = lr * g / (sqrt(v) + eps) =", g9(a.learning_rate) + " * " + g9(a.gradient) + " / " +
                                                       g9(a.denominator) + " = " + g9(a.update));
      break;
  }
  formula("w_after = w_before - update =", g9(a.w_before) + " - " + g9(a.update) + " = " + g9(a.w_after));
  if (a.exact)
    ImGui::TextColored(ui::theme().correct4, "Checked: w_before - update is w_after bit for bit (the optimizer's own result).");
  else
    ImGui::TextColored(ui::theme().mistake4, "Mismatch: the replayed update differs from the optimizer's result.");
  ImGui::PopTextWrapPos();
}

}  // namespace

void draw_time_machine(const TimeMachineContext& ctx) {
  TimeMachineState& s = ctx.state;
  const std::vector<dl::WeightSnapshot>& h = ctx.history;
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  if (h.empty()) {
    ImGui::TextDisabled("Train: the run's weights are kept as it goes (closer together early, where most of the change "
                        "happens), and here you can go back to any of them.");
    ImGui::PopTextWrapPos();
    return;
  }
  const int n = static_cast<int>(h.size());
  const SnapshotReading& r = ctx.reading;  // the session's, kept while this view is shown
  const TimeMachineSelection& sel = ctx.selection;  // kept in range by the session

  // The scrubber, with buttons for a finger or the keyboard.
  ImGui::BeginDisabled(sel.selected == 0);
  if (ImGui::ArrowButton("##earlier", ImGuiDir_Left)) ctx.commands.select_snapshot(sel.selected - 1);
  automation::record_item("time:earlier");
  ImGui::EndDisabled();
  ImGui::SameLine();
  const float latest_w = ui::small_button_width("Latest");
  ImGui::SetNextItemWidth(std::max(80.0f, width - 2 * ImGui::GetFrameHeight() - latest_w - 4 * ImGui::GetStyle().ItemSpacing.x));
  const std::string label = "step " + steps_text(h[static_cast<size_t>(sel.selected)].step);
  int chosen = sel.selected;
  if (ImGui::SliderInt("##time", &chosen, 0, n - 1, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
    ctx.commands.select_snapshot(chosen);
  automation::record_item("time:scrubber");
  ImGui::SameLine();
  ImGui::BeginDisabled(sel.selected == n - 1);
  if (ImGui::ArrowButton("##later", ImGuiDir_Right)) ctx.commands.select_snapshot(sel.selected + 1);
  automation::record_item("time:later");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ui::small_button("Latest")) ctx.commands.select_snapshot(-1);
  automation::record_item("time:latest");

  const dl::WeightSnapshot& snap = h[static_cast<size_t>(sel.selected)];
  if (r.shown == snap.weights.get() && s.filters_version != r.version) {
    s.filters_version = r.version;
    refresh_filters(s, r.model, ctx.status.config.model, *snap.weights);
  }
  ImGui::Text("Step %s of %s (epoch %.2f): snapshot %d of %d", steps_text(snap.step).c_str(),
              steps_text(h.back().step).c_str(), snap.epochs_done, sel.selected + 1, n);
  ImGui::TextDisabled("History: %.1f of %.0f MB", ctx.status.history_bytes / 1048576.0,
                      ctx.status.history_budget / 1048576.0);

  const auto found = r.accuracy.find(r.shown);
  if (found != r.accuracy.end())
    ImGui::Text("Accuracy on the first %d test images: %.1f%%", quick_set_size(), 100.0 * found->second);
  else
    ImGui::TextDisabled("Accuracy on the first %d test images: measuring %d...", quick_set_size(), r.measured);

  // The model then: its answer for the drawing, and its first layer.
  const float column = std::min(width, 360.0f);
  if (r.has_prediction) {
    const int answer = dl::argmax(r.probabilities.data(), dl::kClassCount);
    ImGui::Text("Its answer for your drawing: %d (%.1f%% sure)", answer, 100.0 * r.probabilities[static_cast<size_t>(answer)]);
    const dl::DatasetInfo& classes = dl::dataset_info(ctx.data.kind);
    ui::draw_probability_bars(r.probabilities, column, -1, true, classes,
                              [&](int d) { return explain_probability(r.probabilities, d, classes); }, "time:bar");
  } else {
    ImGui::TextDisabled("Draw a digit (Draw tab) to see this model's answer for it.");
  }
  ImGui::TextUnformatted(ctx.status.config.model == dl::ModelKind::mlp
                             ? "dense_1's first 16 units: the weight each gives every pixel (red +, blue -)"
                             : "conv2d_1's 32 filters, 3 x 3 (red +, blue -)");
  if (s.filters.ready()) {
    const float scale = std::floor(std::min(column, width) / s.filters.width());
    s.filters.draw(ImVec2(s.filters.width() * std::max(1.0f, scale), s.filters.height() * std::max(1.0f, scale)),
                   ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::TextDisabled("largest weight shown: %.3f", s.filter_range);
  }

  const bool running = ctx.status.phase == dl::TrainerPhase::training || ctx.status.phase == dl::TrainerPhase::validating;
  if (ImGui::Button("Continue from here")) ctx.commands.continue_from_snapshot(sel.selected);
  automation::record_item("Continue from here");
  ui::help_tooltip("A new run from these weights, with the same settings\n"
                   "(the optimizer's state starts afresh). The current run ends.");
  if (running) ImGui::TextDisabled("(ends the run going on)");
  ImGui::PopTextWrapPos();

  ImGui::Spacing();
  ImGui::Separator();
  draw_anatomy(ctx, width);
}

void write_time_machine_status(const TimeMachineState& s, const Session& session, dl::lessons::JsonWriter& w) {
  const TimeMachineSelection& sel = session.time_machine;
  const SnapshotReading& r = session.snapshot;
  const std::vector<dl::WeightSnapshot>& history = session.history;
  const bool any = !history.empty();
  const int selected = any ? std::clamp(sel.selected, 0, static_cast<int>(history.size()) - 1) : -1;
  const auto found = r.accuracy.find(r.shown);
  w.field("snapshots", static_cast<int>(history.size()))
      .field("selected", selected)
      .field("follow", sel.follow)
      .field("step", any ? static_cast<int64_t>(history[static_cast<size_t>(selected)].step) : int64_t{-1})
      .field("shownMs", r.show_ms)
      .field("prediction", r.has_prediction ? dl::argmax(r.probabilities.data(), dl::kClassCount) : -1)
      .field("accuracy", found != r.accuracy.end() ? found->second : -1.0)
      .field("accuracySeconds", r.last_measure_seconds)
      .field("filterTiles", s.filter_tiles)
      .field("watched", static_cast<int64_t>(sel.watched));
  w.begin_array("steps");
  for (const dl::WeightSnapshot& snap : history) w.value(double(snap.step));
  w.end_array();
}
