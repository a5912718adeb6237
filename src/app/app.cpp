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
#include "app/state/rules.h"
#include "app/state/run_words.h"

namespace {
// Whether the window with the keyboard focus is `name` (or one of its child windows).
bool focused_window_is(const char* name) {
  const ImGuiWindow* focused = ImGui::GetCurrentContext()->NavWindow;
  return focused && std::strcmp(focused->RootWindow->Name, name) == 0;
}
}  // namespace

App::App()
    : train_panel(make_train_panel_state()),
      draw_panel(make_draw_panel_state()),
      test_panel(make_test_panel_state()),
      model_files(std::make_unique<ModelFilesState>()),
      time_machine(std::make_unique<TimeMachineState>()),
      lessons(make_lesson_views()) {}

App::~App() = default;

void App::receive_link() {
  const std::optional<std::string> link = browser::take_link();
  if (!link) return;
  // An embed link shows its view alone; following a full page's link leaves that.
  const std::optional<EmbedLink> embed = parse_embed_link(*link);
  std::optional<View>& embedded = session.nav.embedded;
  embedded.reset();
  if (embed) {
    for (View v : kViews)
      if (embed->view == view_name(v)) embedded = v;
    commands.open_link(embed->page_link);
    return;
  }
  if (!commands.open_link(*link) && link->size() > 1)
    session.notices.show("The link " + *link + " names no lesson or training setup; the lessons are listed in the Lessons tab.",
                 false);
}

void App::receive_files() {
  for (const browser::ReceivedFile& file : browser::take_model_files()) commands.receive_file(file);
}

void App::prepare_frame(float css_width, float css_height) {
  const Layout before = layout;
  layout = choose_layout(css_width);
  Navigation& nav = session.nav;
  float& text_size = session.text_size;
  const bool first_frame = text_size <= 0;
  if (first_frame) {
    // The first frame: a phone or tablet opens on Train, where everything starts; a desktop shows
    // Train beside the Draw tab.
    if (layout != Layout::wide) nav.active_view = View::train;
    nav.focus_train = true;
    touch = browser::coarse_pointer();
    const std::optional<std::string> saved = browser::load_preference("textSize");
    const float saved_px = saved ? static_cast<float>(std::atof(saved->c_str())) : 0.0f;
    text_size = saved_px > 0 ? nearest_text_size(saved_px) : default_text_size(css_width, css_height, touch);
    const std::optional<std::string> theme = browser::load_preference("theme");
    if (theme) parse_theme_choice(theme->c_str(), &session.theme_choice);
  }
  light_theme = use_light_theme(session.theme_choice, browser::prefers_light());
  // A new layout draws a new bar of views: it opens on the view shown before.
  if (layout != before || first_frame) nav.requested_view = nav.requested_view.value_or(nav.active_view);
  // A finger makes the page touch-sized; a mouse (a laptop with a touch screen) brings the compact
  // look back. Switched after the release, so the press and release of one click share a layout.
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) touch = io.MouseSource == ImGuiMouseSource_TouchScreen;
}

void App::frame() {
  const View shown = session.nav.embedded.value_or(session.nav.active_view);
  session.update(ImGui::GetTime(), shown == View::lessons);
  receive_link();  // a link may switch views before they are drawn
  receive_files();
  handle_shortcuts(commands);
  session.update_derived();  // what the link, the files and the keys changed, before it is drawn
  draw_windows();
  // The derived states whose work is budgeted per frame, for what is on screen: the test set's
  // answers (the gallery's page first; the sweep while the Test view shows), the time machine's model.
  const View on_screen = session.nav.embedded.value_or(session.nav.active_view);
  const bool test_shown = on_screen == View::test;
  update_test_predictions(session.predictions, session.data, session.live, session.report,
                          trainer_running(session.status), test_panel->page_indices, test_shown);
  const bool time_machine_shown = (layout == Layout::wide || on_screen == View::train) &&
                                  train_panel->view == TrainPane::time_machine;
  if (time_machine_shown)
    update_snapshot_reading(session.snapshot, session.history, session.time_machine.selected,
                            session.status.config.model, session.drawing.input, session.data);
  draw_help_overlay(session.nav, commands);
  focus_ring::end_frame(session.nav.help_open);
  access.update(session, commands, ImGui::GetTime());
  browser::publish_picker_buttons();
}

// Each view's narrow part of the session, made once per frame.
struct PanelContexts {
  ModelFilesContext files;
  TrainPanelContext train;
  DrawPanelContext draw;
  TestPanelContext test;
  LessonContext lessons;
};

void App::draw_windows() {
  Session& s = session;
  const ModelFilesContext files{s.live, s.notices, commands};
  const TimeMachineContext time{*time_machine, s.time_machine, s.snapshot, s.history, s.status, s.data, s.drawing.input,
                                commands};
  const CompareContext two_runs{s.comparison_setup, s.status, s.comparison_status, s.comparing, run_in_progress(s),
                                commands};
  const PanelContexts panels{files,
                             {s, s.run, s.status, s.data, commands, 0.0f, &time, &two_runs},
                             {s, s.data, s.live, s.drawing, s.drawing.input, commands, s.personal, s.status},
                             {s.data, s.live, s.test_choice, s.status, s.predictions, commands, s.personal},
                             {*lessons, s.lessons, s.data, s.live, s.drawing.input, commands, s.exercises}};
  // A view asked for by a widget drawn after the bar of views (the path's Next) is the next frame's
  // to open: only a request the bar saw at the frame's start is spent.
  const std::optional<View> requested_at_start = s.nav.requested_view;
  if (s.nav.embedded) draw_embedded(panels);
  else if (layout == Layout::wide) draw_wide(panels);
  else draw_single_pane(panels);
  if (s.nav.requested_view == requested_at_start) s.nav.requested_view.reset();
  s.nav.requested_train_pane.reset();
  s.nav.focus_view_tab = false;
}

void App::draw_view(View view, const PanelContexts& panels) {
  switch (view) {
    case View::train: {
      TrainPanelContext train = panels.train;
      train.reserved_below = model_files_section_height(panels.files);
      draw_train_panel(*train_panel, train);
      ImGui::Separator();
      draw_model_files(panels.files);
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
    const ImGuiTabItemFlags flags = session.nav.requested_view == view ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(t.label, nullptr, flags);
    automation::record_item(t.automation_label);
    if (session.nav.focus_view_tab && session.nav.requested_view == view) {
      ImGui::SetKeyboardFocusHere(-1);  // a view's key: Tab continues from its tab
      session.nav.focus_view_tab = false;
    }
    if (open) {
      session.nav.active_view = view;
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
    ImGui::Text("%.0f px", session.text_size);
    ImGui::SameLine();
    if (ImGui::Button(" A+ ")) commands.change_text_size(+1);
    automation::record_item("Text larger");
    ImGui::TextUnformatted("Colours");
    static constexpr const char* kThemeLabels[] = {"System", "Light", "Dark"};
    for (ThemeChoice choice : kThemeChoices) {
      const char* label = kThemeLabels[static_cast<size_t>(choice)];
      if (choice != ThemeChoice::system) ImGui::SameLine();
      if (ImGui::RadioButton(label, session.theme_choice == choice)) commands.choose_theme(choice);
      automation::record_item(std::string("Theme ") + theme_choice_name(choice));
    }
    ImGui::EndPopup();
  }
  // The workshop as a path, from its first stop (or where the student left it).
  if (ImGui::TabItemButton(layout == Layout::wide ? "Start here" : "Path", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) {
    if (session.path.open) commands.close_path();
    else commands.open_path();
  }
  automation::record_item("Start here");
  if (ImGui::TabItemButton("?", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) commands.toggle_help();
  automation::record_item("Help");
  ImGui::EndTabBar();
}

void App::draw_path_strip() {
  const PathProgress& p = session.path;
  if (!p.open) return;
  const PathStop& stop = path_stops()[size_t(p.current)];
  const bool met = p.met[size_t(p.current)];
  ImGui::BeginChild("path", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY, ImGuiWindowFlags_NavFlattened);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ui::theme().accent_text, "Workshop path, stop %d of %d: %s", p.current + 1, kPathStopCount, stop.section);
  ImGui::TextUnformatted(stop.text);
  ImGui::PushStyleColor(ImGuiCol_Text, met ? ui::theme().good_text : ImGui::GetStyle().Colors[ImGuiCol_Text]);
  ImGui::Text("%s %s", met ? "Done:" : "Goal:", stop.goal);
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  automation::record_item("path:goal");
  ImGui::BeginDisabled(p.current == 0);
  if (ImGui::Button("Back##path")) commands.path_back();
  ImGui::EndDisabled();
  automation::record_item("path:Back");
  ImGui::SameLine();
  ImGui::BeginDisabled(p.current + 1 >= kPathStopCount);
  if (ImGui::Button(met ? "Next stop" : "Skip to next")) commands.path_next();
  ImGui::EndDisabled();
  automation::record_item("path:Next");
  ImGui::SameLine();
  if (ImGui::Button("Close##path")) commands.close_path();
  automation::record_item("path:Close");
  // One mark per stop: filled when its checkpoint is met; the current one outlined.
  char marks[64];
  std::snprintf(marks, sizeof marks, "%d of %d done", p.met_count(), kPathStopCount);
  ui::same_line_if_fits(ImGui::CalcTextSize(marks).x + kPathStopCount * ImGui::GetFontSize() * 0.8f);
  const float r = ImGui::GetFontSize() * 0.25f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < kPathStopCount; ++i) {
    const ImVec2 c(at.x + r + i * r * 3.2f, at.y + ImGui::GetFrameHeight() * 0.5f);
    if (p.met[size_t(i)]) draw->AddCircleFilled(c, r, ImGui::GetColorU32(ui::theme().good_text));
    else draw->AddCircle(c, r, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (i == p.current) draw->AddCircle(c, r + 2.5f, ImGui::GetColorU32(ui::theme().accent_text), 0, 1.5f);
  }
  ImGui::Dummy(ImVec2(kPathStopCount * r * 3.2f, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", marks);
  ImGui::EndChild();
}

void App::draw_notice() {
  if (session.notices.text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, session.notices.is_error ? ui::theme().error_text : ui::theme().good_text);
  ImGui::TextWrapped("%s", session.notices.text.c_str());
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
  if (session.nav.requested_view == View::train) {
    session.nav.focus_train = true;
    session.nav.requested_view.reset();
  }
  if (session.nav.active_view == View::train) {
    session.nav.active_view = View::draw;
    session.nav.requested_view = session.nav.requested_view.value_or(View::draw);
  }
  // The keyboard starts where everything starts; F6 moves it between the two panes.
  const bool train_focused = focused_window_is("Train");
  if (train_focused) session.nav.focus_train = false;  // asked for until it holds: new windows take the focus
  ImGui::SetNextWindowPos(ImVec2(margin, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(left_width, display.y - 2 * margin), ImGuiCond_Always);
  if (session.nav.focus_train || (session.nav.focus_other_pane && !train_focused)) ImGui::SetNextWindowFocus();
  if (ImGui::Begin("Train", nullptr, fixed)) {
    draw_view(View::train, panels);
    if (!session.notices.text.empty()) ImGui::Separator();
    draw_notice();
  }
  ImGui::End();

  const float right_x = margin * 2 + left_width;
  ImGui::SetNextWindowPos(ImVec2(right_x, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(std::max(200.0f, display.x - right_x - margin), display.y - 2 * margin),
                           ImGuiCond_Always);
  if ((session.nav.focus_other_pane && train_focused) || session.nav.focus_workbench) ImGui::SetNextWindowFocus();
  session.nav.focus_other_pane = session.nav.focus_workbench = false;
  if (ImGui::Begin("Workbench", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    draw_view_tabs({View::draw, View::test, View::lessons});
    draw_path_strip();
    draw_view(session.nav.active_view, panels);
  }
  ImGui::End();
}

// One window over the whole display, with no title: the narrow layouts and an embedded view.
bool App::begin_whole_display(const char* name) {
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize, ImGuiCond_Always);
  session.nav.focus_train = session.nav.focus_other_pane = session.nav.focus_workbench = false;  // one pane: nothing to move between
  return ImGui::Begin(name, nullptr, fixed);
}

void App::draw_single_pane(const PanelContexts& panels) {
  if (begin_whole_display("Workbench")) {
    draw_view_tabs({View::train, View::draw, View::test, View::lessons});
    draw_notice();
    draw_path_strip();
    // The view scrolls under the bar of views, which stays put.
    ImGui::BeginChild("view", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    draw_view(session.nav.active_view, panels);
    ImGui::EndChild();
    automation::record_item("view");
  }
  ImGui::End();
}

// An embed link's view alone, the whole frame for it, and a small way to the whole page.
void App::draw_embedded(const PanelContexts& panels) {
  session.nav.active_view = *session.nav.embedded;
  session.nav.requested_view.reset();
  if (begin_whole_display("Embedded")) {
    const char* label = "Open digitlab";
    const float width = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    if (touch ? ImGui::Button(label) : ui::small_button(label)) commands.open_in_own_tab();
    automation::record_item(label);
    ui::help_tooltip("The whole of digitlab, at this view, in a tab of its own.");
    draw_notice();
    ImGui::BeginChild("view", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    if (*session.nav.embedded == View::lessons) {
      LessonContext lesson = panels.lessons;
      lesson.single_lesson = true;
      draw_lessons_panel(lesson);
    } else {
      draw_view(*session.nav.embedded, panels);
    }
    ImGui::EndChild();
    automation::record_item("view");
  }
  ImGui::End();
}

void App::write_personal_status(dl::lessons::JsonWriter& w) const {
  const PersonalDigits& personal = session.personal;
  const dl::TrainerStatus& status = session.status;
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
  const Datasets& data = session.data;
  const LiveModel& live = session.live;
  const dl::TrainerStatus& status = session.status;
  const dl::TrainerStatus& comparison_status = session.comparison_status;
  const bool comparing = session.comparing;
  const dl::TrainerStatus& s = status;
  w.field("embedded", session.nav.embedded ? view_name(*session.nav.embedded) : "")
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
      .field("notice", session.notices.text)
      .field("noticeIsError", session.notices.is_error)
      .field("tab", view_name(session.nav.active_view))
      .field("accessUpdates", access.published())
      .field("ringUpdates", access.rings_published())
      .raw_field("ring", access.ring_json())
      .field("lastAnnouncement", access.last_announcement())
      .field("explanation", ui::open_explanation());
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
  write_time_machine_status(*time_machine, session, w);
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
  write_train_panel_status(*train_panel, session.run, w);
  w.end_object().begin_object("drawPanel");
  write_draw_panel_status(*draw_panel, session.drawing, w);
  w.end_object().begin_object("testPanel");
  write_test_panel_status(*test_panel, session.test_choice, session.predictions, w);
  w.end_object().begin_object("modelFiles");
  write_model_files_status(*model_files, session, w);
  w.end_object();
  write_lessons_status(*lessons, session.lessons, session.exercises, w);
  {
    const PathProgress& p = session.path;
    w.begin_object("path")
        .field("open", p.open)
        .field("current", p.current)
        .field("slug", path_stops()[size_t(p.current)].slug)
        .field("met", met_text(p))
        .field("metNow", checkpoint_met(session, p.current))
        .end_object();
  }
}
