// The app: shared state (data arrival, links, trainer snapshot, live model) and the frame that lays
// out the windows and hands each panel its narrow part of the state. No platform code here.
#include "app/app.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/bridge/automation.h"
#include "app/views/draw_panel.h"
#include "app/state/embed_link.h"
#include "app/access/focus_ring.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/model_files.h"
#include "app/views/shortcuts.h"
#include "app/views/test_panel.h"
#include "app/views/compare_view.h"
#include "app/views/time_machine.h"
#include "app/views/train_panel.h"

namespace {
// Whether the window with the keyboard focus is `name` (or one of its child windows).
bool focused_window_is(const char* name) {
  const ImGuiWindow* focused = ImGui::GetCurrentContext()->NavWindow;
  return focused && std::strcmp(focused->RootWindow->Name, name) == 0;
}
}  // namespace

const char* view_name(View view) {
  switch (view) {
    case View::train: return "train";
    case View::draw: return "draw";
    case View::test: return "test";
    case View::lessons: return "lessons";
  }
  return "?";
}

App::App()
    : train_panel(make_train_panel_state()),
      draw_panel(make_draw_panel_state()),
      test_panel(make_test_panel_state()),
      model_files(make_model_files_state()),
      time_machine(std::make_unique<TimeMachineState>()),
      compare(std::make_unique<CompareState>()),
      lessons(make_lesson_views()) {}

App::~App() = default;

std::string LiveModel::origin_text() const {
  switch (origin) {
    case ModelOrigin::none: return "none";
    case ModelOrigin::training: return "training";
    case ModelOrigin::file: return "file: " + file_name;
  }
  return "?";
}

std::array<float, dl::kClassCount> LiveModel::predict(const float* image784) {
  std::array<float, dl::kClassCount> p{};
  model->predict(image784, 1, p.data());  // MLP {784} and CNN {28,28,1} share the layout
  return p;
}

dl::Status LiveModel::set_weights(dl::ModelKind new_kind, const std::vector<float>& weights, ModelOrigin from,
                                  std::string from_file) {
  if (!model || kind != new_kind) {
    auto fresh = std::make_unique<dl::Sequential>(dl::make_workshop_model(new_kind));
    fresh->compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
    dl::Status s = fresh->set_parameters(weights);
    if (!s) return s;
    model = std::move(fresh);
    kind = new_kind;
  } else {
    dl::Status s = model->set_parameters(weights);
    if (!s) return s;
  }
  origin = from;
  file_name = std::move(from_file);
  ++generation;
  return dl::Status::ok();
}

void Datasets::show(dl::DatasetKind k) {
  kind = k;
  const DatasetArrival& a = arrival(k);
  train = a.train;
  test = a.test;
  error = a.error;
  received_bytes = a.received_bytes;
}

void App::receive_data() {
  for (browser::ReceivedFile& f : browser::take_dataset_files()) {
    // "fashion-mnist/train-images-idx3-ubyte", a failure "fashion-mnist: ...", or MNIST's own name.
    dl::DatasetKind kind = dl::DatasetKind::mnist;
    std::string name = f.name;
    const std::string& tag = f.name.empty() ? f.error : f.name;
    for (dl::DatasetKind k : {dl::DatasetKind::fashion_mnist})
      if (tag.rfind(dl::dataset_info(k).slug, 0) == 0) {
        kind = k;
        if (!f.name.empty()) name = f.name.substr(f.name.find('/') + 1);
      }
    DatasetArrival& a = data.arrival(kind);
    a.received_bytes += f.size;
    if (!a.error.empty()) continue;
    if (f.name.empty()) {
      a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be downloaded: " + f.error;
      continue;
    }
    dl::Result<dl::IdxArray> parsed = dl::parse_idx(f.bytes.get(), f.size);
    f.bytes.reset();  // the parsed copy is all we keep
    if (!parsed) a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be read: " + name + ": " +
                           parsed.message();
    else a.parsed.emplace_back(name, std::move(parsed).value());
  }
  for (dl::DatasetKind kind : {dl::DatasetKind::mnist, dl::DatasetKind::fashion_mnist}) {
    DatasetArrival& a = data.arrival(kind);
    if ((a.train && a.test) || !a.error.empty() || a.parsed.size() < 4) continue;
    auto take = [&](const std::string& name) -> std::optional<dl::IdxArray> {
      for (auto& [file, array] : a.parsed)
        if (file == name) return std::move(array);
      return std::nullopt;
    };
    auto pair = [&](const char* prefix) -> dl::Result<dl::Dataset> {
      const std::string images = std::string(prefix) + "-images-idx3-ubyte";
      const std::string labels = std::string(prefix) + "-labels-idx1-ubyte";
      std::optional<dl::IdxArray> i = take(images), l = take(labels);
      if (!i || !l) return dl::Status::error("missing " + (i ? labels : images));
      return dl::make_dataset(std::move(*i), std::move(*l));
    };
    dl::Result<dl::Dataset> train = pair("train");
    dl::Result<dl::Dataset> test = pair("t10k");
    a.parsed.clear();
    if (!train || !test) {
      a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be read: " +
                (!train ? train.message() : test.message());
    } else {
      a.train = std::make_shared<const dl::Dataset>(std::move(train).value());
      a.test = std::make_shared<const dl::Dataset>(std::move(test).value());
      if (kind == data.kind) trainer.set_data(a.train, a.test);
    }
  }
  const bool had_data = data.ready();
  data.show(data.kind);
  if (!data.error.empty() && notices.text != data.error) notices.show(data.error, true);
  if (!had_data && data.ready() && data.kind != dl::DatasetKind::mnist)
    notices.show(std::string(data.info().title) + " is here: Train fits the chosen model on it.", false);
}

void App::receive_link() {
  const std::optional<std::string> link = browser::take_link();
  if (!link) return;
  // An embed link shows its view alone; following a full page's link leaves that.
  const std::optional<EmbedLink> embed = parse_embed_link(*link);
  embedded.reset();
  if (embed) {
    for (View v : {View::train, View::draw, View::test, View::lessons})
      if (embed->view == view_name(v)) embedded = v;
    commands.open_link(embed->page_link);
    return;
  }
  if (!commands.open_link(*link) && link->size() > 1)
    notices.show("The link " + *link + " names no lesson or training setup; the lessons are listed in the Lessons tab.",
                 false);
}

void App::receive_files() {
  if (!personal.loaded) {
    load_personal_digits(personal);
    if (!personal.storage_note.empty()) notices.show(personal.storage_note, true);
  }
  for (browser::ReceivedFile& file : browser::take_model_files()) {
    if (is_idx_file(file)) {
      const ImportOutcome outcome = import_idx_file(personal, file);
      notices.show(outcome.message, outcome.error);
    } else {
      model_files->received.push_back(std::move(file));
    }
  }
}

void App::sync_live_model() {
  uint64_t version = 0;
  std::shared_ptr<const std::vector<float>> weights = trainer.weights(&version);
  if (version == live.trainer_version) return;
  live.trainer_version = version;
  if (!weights) return;  // reset: keep showing the last model (or a loaded file) until new weights arrive
  const dl::Status s = live.set_weights(status.config.model, *weights, ModelOrigin::training);
  if (!s) notices.show("Could not take the trainer's weights: " + s.message(), true);
  else live.dataset = data.kind;  // the trainer's data is the chosen set (changing it resets the run)
}

void App::prepare_frame(float css_width, float css_height) {
  const Layout before = layout;
  layout = choose_layout(css_width);
  const bool first_frame = text_size <= 0;
  if (first_frame) {
    // The first frame: a phone or tablet opens on Train, where everything starts; a desktop shows
    // Train beside the Draw tab.
    if (layout != Layout::wide) active_view = View::train;
    focus_train = true;
    touch = browser::coarse_pointer();
    const std::optional<std::string> saved = browser::load_preference("textSize");
    const float saved_px = saved ? static_cast<float>(std::atof(saved->c_str())) : 0.0f;
    text_size = saved_px > 0 ? nearest_text_size(saved_px) : default_text_size(css_width, css_height, touch);
  }
  // A new layout draws a new bar of views: it opens on the view shown before.
  if (layout != before || first_frame) requested_view = requested_view.value_or(active_view);
  // A finger makes the page touch-sized; a mouse (a laptop with a touch screen) brings the compact
  // look back. Switched after the release, so the press and release of one click share a layout.
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) touch = io.MouseSource == ImGuiMouseSource_TouchScreen;
}

void App::frame() {
  receive_data();
  status = trainer.status();
  // The trainer has taken the run Train or Fine-tune asked for (whichever view is shown).
  if (train_panel->start_requested && status.phase != dl::TrainerPhase::idle && status.phase != dl::TrainerPhase::finished)
    train_panel->start_requested = false;
  follow_fine_tune(personal, status);
  history = trainer.history();
  if (comparison) comparison_status = comparison->status();
  sync_live_model();
  receive_link();  // a link may switch views before they are drawn
  receive_files();
  handle_shortcuts(*this);
  update_lessons(*lessons, data);
  draw_windows();
  draw_help_overlay(*this);
  focus_ring::end_frame(help_open);
  access.update(*this, ImGui::GetTime());
  browser::publish_picker_buttons();
}

// Each panel's narrow view of the app, made once per frame.
struct PanelContexts {
  ModelFilesContext files;
  TrainPanelContext train;
  DrawPanelContext draw;
  TestPanelContext test;
  LessonContext lessons;
};

void App::draw_windows() {
  const std::shared_ptr<const dl::ValidationReport> report = trainer.validation_report();
  const ModelFilesContext files{live, status, data, notices, commands};
  const TimeMachineContext time{*time_machine, history, status, data, drawing, commands};
  const CompareContext two_runs{*compare, status, comparison_status, comparing, commands};
  const PanelContexts panels{files,
                             {status, data, commands, 0.0f, &time, &two_runs},
                             {data, live, drawing, notices, commands, personal, status},
                             {data, live, status, report, commands, personal},
                             {*lessons, data, live, drawing, notices, commands}};
  if (embedded) draw_embedded(panels);
  else if (layout == Layout::wide) draw_wide(panels);
  else draw_single_pane(panels);
  requested_view.reset();
  focus_view_tab = false;
  update_single_image(*test_panel, panels.test);           // for the accessible layer
  lessons->model(lessons->current, data.train);             // the lesson it tells exists
}

void App::draw_view(View view, const PanelContexts& panels) {
  switch (view) {
    case View::train: {
      TrainPanelContext train = panels.train;
      train.reserved_below = model_files_section_height(panels.files);
      draw_train_panel(*train_panel, train);
      ImGui::Separator();
      draw_model_files(*model_files, panels.files);
      break;
    }
    case View::draw: draw_draw_panel(*draw_panel, panels.draw); break;
    case View::test: draw_test_panel(*test_panel, panels.test); break;
    case View::lessons: {
      LessonContext lesson_ctx = panels.lessons;
      draw_lessons_panel(lesson_ctx);
      break;
    }
  }
}

// The tab bar of views, with the look's menu at its end. Selecting a tab, or a requested view,
// makes it the active view.
void App::draw_view_tabs(std::initializer_list<View> views) {
  struct TabInfo { View view; const char* label; const char* automation_label; };
  static constexpr TabInfo kTabs[] = {{View::train, "Train", "tab:Train"},
                                      {View::draw, "Draw", "tab:Draw"},
                                      {View::test, "Test", "tab:Test"},
                                      {View::lessons, "Lessons", "tab:Lessons"}};
  if (!ImGui::BeginTabBar("views", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  for (View view : views) {
    const TabInfo& t = kTabs[static_cast<size_t>(view)];
    const ImGuiTabItemFlags flags = requested_view == view ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(t.label, nullptr, flags);
    automation::record_item(t.automation_label);
    if (focus_view_tab && requested_view == view) {
      ImGui::SetKeyboardFocusHere(-1);  // a view's key: Tab continues from its tab
      focus_view_tab = false;
    }
    if (open) {
      active_view = view;
      ImGui::EndTabItem();
    }
  }
  // A frame for a course page showing the view (and lesson step) of now: a teacher's desk, so in the
  // wide layout only (on a phone the bar has no room to spare; the accessible layer offers it there).
  if (layout == Layout::wide) {
    if (ImGui::TabItemButton("Embed", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip))
      commands.copy_embed_code();
    automation::record_item("Copy embed code");
  }
  // The look: text size, one step at a time, remembered for the next visit.
  if (ImGui::TabItemButton("Aa", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip))
    ImGui::OpenPopup("look");
  automation::record_item("Text size");
  if (ImGui::BeginPopup("look")) {
    ImGui::TextUnformatted("Text size");
    if (ImGui::Button(" A- ")) commands.change_text_size(-1);
    automation::record_item("Text smaller");
    ImGui::SameLine();
    ImGui::Text("%.0f px", text_size);
    ImGui::SameLine();
    if (ImGui::Button(" A+ ")) commands.change_text_size(+1);
    automation::record_item("Text larger");
    ImGui::EndPopup();
  }
  if (ImGui::TabItemButton("?", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) commands.toggle_help();
  automation::record_item("Help");
  ImGui::EndTabBar();
}

void App::draw_notice() {
  if (notices.text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, notices.is_error ? ImVec4(1.0f, 0.45f, 0.4f, 1) : ImVec4(0.6f, 0.9f, 0.6f, 1));
  ImGui::TextWrapped("%s", notices.text.c_str());
  ImGui::PopStyleColor();
  if (touch ? ImGui::Button("Dismiss") : ui::small_button("Dismiss")) commands.dismiss_notice();
  automation::record_item("Dismiss");
}

void App::draw_wide(const PanelContexts& panels) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float margin = 8.0f;
  const float left_width = std::clamp(display.x * 0.36f, 360.0f, 560.0f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;

  // The Train panel has its own window here: asking for it (a key, a narrow layout's Train tab
  // before a resize) gives that window the keyboard focus, and the workbench keeps its last tab.
  if (requested_view == View::train) {
    focus_train = true;
    requested_view.reset();
  }
  if (active_view == View::train) {
    active_view = View::draw;
    requested_view = requested_view.value_or(View::draw);
  }
  // The keyboard starts where everything starts; F6 moves it between the two panes.
  const bool train_focused = focused_window_is("Train");
  if (train_focused) focus_train = false;  // asked for until it holds: new windows take the focus
  ImGui::SetNextWindowPos(ImVec2(margin, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(left_width, display.y - 2 * margin), ImGuiCond_Always);
  if (focus_train || (focus_other_pane && !train_focused)) ImGui::SetNextWindowFocus();
  if (ImGui::Begin("Train", nullptr, fixed)) {
    draw_view(View::train, panels);
    if (!notices.text.empty()) ImGui::Separator();
    draw_notice();
  }
  ImGui::End();

  const float right_x = margin * 2 + left_width;
  ImGui::SetNextWindowPos(ImVec2(right_x, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(std::max(200.0f, display.x - right_x - margin), display.y - 2 * margin),
                           ImGuiCond_Always);
  if ((focus_other_pane && train_focused) || focus_workbench) ImGui::SetNextWindowFocus();
  focus_other_pane = focus_workbench = false;
  if (ImGui::Begin("Workbench", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    draw_view_tabs({View::draw, View::test, View::lessons});
    draw_view(active_view, panels);
  }
  ImGui::End();
}

// One window over the whole display, with no title: the narrow layouts and an embedded view.
bool App::begin_whole_display(const char* name) {
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize, ImGuiCond_Always);
  focus_train = focus_other_pane = focus_workbench = false;  // one pane: nothing to move between
  return ImGui::Begin(name, nullptr, fixed);
}

void App::draw_single_pane(const PanelContexts& panels) {
  if (begin_whole_display("Workbench")) {
    draw_view_tabs({View::train, View::draw, View::test, View::lessons});
    draw_notice();
    // The view scrolls under the bar of views, which stays put.
    ImGui::BeginChild("view", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    draw_view(active_view, panels);
    ImGui::EndChild();
    automation::record_item("view");
  }
  ImGui::End();
}

// An embed link's view alone, the whole frame for it, and a small way to the whole page.
void App::draw_embedded(const PanelContexts& panels) {
  active_view = *embedded;
  requested_view.reset();
  if (begin_whole_display("Embedded")) {
    const char* label = "Open digitlab";
    const float width = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    if (touch ? ImGui::Button(label) : ui::small_button(label)) commands.open_in_own_tab();
    automation::record_item(label);
    ui::help_tooltip("The whole of digitlab, at this view, in a tab of its own.");
    draw_notice();
    ImGui::BeginChild("view", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    if (*embedded == View::lessons) {
      LessonContext lesson = panels.lessons;
      lesson.single_lesson = true;
      draw_lessons_panel(lesson);
    } else {
      draw_view(*embedded, panels);
    }
    ImGui::EndChild();
    automation::record_item("view");
  }
  ImGui::End();
}

void App::write_personal_status(dl::lessons::JsonWriter& w) const {
  const dl::FineTuneReport& r = personal.last_fine_tune;
  w.begin_object("personal").field("count", personal.set.count).field("version", static_cast<int64_t>(personal.version));
  w.begin_array("counts");
  for (int d = 0; d < dl::kClassCount; ++d) w.value(double(personal.count_of(d)));
  w.end_array()
      .field("forgetArmed", personal.forget_armed())
      .field("fineTuneMeasuredBefore", r.measured_before)
      .field("fineTuneMeasuredAfter", r.measured_after)
      .field("personalBefore", r.personal_before)
      .field("personalAfter", r.personal_after)
      .field("testBefore", r.test_before)
      .field("testAfter", r.test_after)
      .field("fineTuneSeconds", personal.last_fine_tune_seconds)
      .field("fineTuneMeasureSeconds", r.measure_seconds)
      .field("fineTuneTrainSeconds", status.fine_tune.active ? status.progress.run_seconds : 0.0)
      .field("fineTuneRunning", status.fine_tune.active && (status.phase == dl::TrainerPhase::training ||
                                                            status.phase == dl::TrainerPhase::validating))
      .end_object();
}

void App::write_status(dl::lessons::JsonWriter& w) const {
  const dl::TrainerStatus& s = status;
  w.field("embedded", embedded ? view_name(*embedded) : "")
      .field("trainPhase", dl::trainer_phase_name(s.phase))
      .field("model", dl::model_kind_name(s.config.model))
      .field("optimizer", dl::optimizer_name(s.config.optimizer))
      .field("learningRate", double(s.config.learning_rate))
      .field("batchSize", s.config.batch_size)
      .field("epoch", s.progress.epoch)
      .field("epochs", s.config.epochs)
      .field("samples", s.progress.samples_done)
      .field("samplesTotal", s.progress.samples_total)
      .field("steps", static_cast<int64_t>(s.progress.steps))
      .field("loss", s.progress.loss)
      .field("acc", s.progress.accuracy)
      .field("val_loss", s.has_validation ? s.val_loss : -1.0)
      .field("val_acc", s.has_validation ? s.val_accuracy : -1.0)
      .field("examplesPerSecond", s.examples_per_second)
      .field("trainSeconds", s.elapsed_seconds)
      .field("trainThreads", s.config.threads)
      .field("trainMessage", s.message)
      .field("notLearning", s.not_learning)
      .field("dataset", data.info().slug)
      .field("liveModelDataset", dl::dataset_info(live.dataset).slug)
      .field("dataReady", data.ready())
      .field("dataError", data.error)
      .field("liveModel", live.ready() ? dl::model_kind_name(live.kind) : "none")
      .field("liveModelSource", live.ready() ? live.origin_text() : std::string())
      .field("notice", notices.text)
      .field("noticeIsError", notices.is_error)
      .field("tab", view_name(active_view))
      .field("accessUpdates", access.published())
      .field("ringUpdates", access.rings_published())
      .raw_field("ring", access.ring_json())
      .field("lastAnnouncement", access.last_announcement());
  write_personal_status(w);
  // How far the two runs' training curves agree exactly (identical setups must agree throughout).
  size_t common_points = 0, same_points = 0;
  if (comparing) {
    common_points = std::min(status.train_curve.size(), comparison_status.train_curve.size());
    while (same_points < common_points &&
           status.train_curve[same_points].loss == comparison_status.train_curve[same_points].loss &&
           status.train_curve[same_points].accuracy == comparison_status.train_curve[same_points].accuracy)
      ++same_points;
  }
  w.begin_object("compare")
      .field("comparing", comparing)
      .field("commonCurvePoints", static_cast<int>(common_points))
      .field("sameCurvePoints", static_cast<int>(same_points))
      .field("bSteps", comparing ? static_cast<int64_t>(comparison_status.progress.steps) : 0)
      .field("bPhase", comparing ? dl::trainer_phase_name(comparison_status.phase) : "none")
      .field("bOptimizer", dl::optimizer_name(comparison_status.config.optimizer))
      .field("bEpochs", comparing ? static_cast<int>(comparison_status.epochs.size()) : 0)
      .field("aEpochs", static_cast<int>(status.epochs.size()))
      .field("bValAcc", comparing && !comparison_status.epochs.empty() ? comparison_status.epochs.back().val_accuracy : -1.0)
      .field("aValAcc", !status.epochs.empty() ? status.epochs.back().val_accuracy : -1.0)
      .field("bCurvePoints", comparing ? static_cast<int>(comparison_status.validation_curve.size()) : 0)
      .field("difference", comparing ? describe_difference(status.config, comparison_status.config) : std::string())
      .end_object();
  w.begin_object("timeMachine");
  write_time_machine_status(*time_machine, history, w);
  w.field("historyBytes", static_cast<int64_t>(status.history_bytes))
      .field("historyBudget", static_cast<int64_t>(status.history_budget))
      .field("hasUpdate", status.has_update)
      .field("updateIndex", static_cast<int64_t>(status.update.index))
      .field("updateStep", static_cast<int64_t>(status.update.step))
      .field("updateExact", status.update.exact)
      .field("updateWBefore", double(status.update.w_before))
      .field("updateWAfter", double(status.update.w_after));
  w.end_object();
  w.begin_object("trainPanel");
  write_train_panel_status(*train_panel, w);
  w.end_object().begin_object("drawPanel");
  write_draw_panel_status(*draw_panel, drawing, w);
  w.end_object().begin_object("testPanel");
  write_test_panel_status(*test_panel, w);
  w.end_object().begin_object("modelFiles");
  write_model_files_status(*model_files, live, status, data, w);
  w.end_object();
  write_lessons_status(*lessons, w);
}
