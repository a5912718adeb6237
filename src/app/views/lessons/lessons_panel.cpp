// The Lessons tab: a table of contents in the workshop's order, the chosen lesson's explanation
// and view, the URL hash kept on the lesson and step shown, and status().lesson for tests.
#include "app/state/embed_link.h"
#include "app/bridge/automation.h"
#include "app/views/lessons/lessons_panel.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include <imgui.h>

#include "lessons/step_model.h"

using dl::lessons::LessonId;

namespace {

// The view table: each lesson's view by LessonId, next to the lesson table's row for it
// (src/lessons/registry.cpp). A lesson is one model file pair, one view file and a row in each.
struct LessonViewRow {
  LessonId id;
  void (*draw)(LessonContext& ctx);
};
constexpr LessonViewRow kLessonViews[] = {
    {LessonId::matmul, draw_matmul_view},       {LessonId::images, draw_images_view},
    {LessonId::perceptron, draw_perceptron_view}, {LessonId::dense, draw_dense_view},
    {LessonId::crossentropy, draw_crossentropy_view}, {LessonId::descent, draw_descent_view},
    {LessonId::conv, draw_conv_view},           {LessonId::relu, draw_relu_view},
    {LessonId::pool, draw_pool_view},           {LessonId::dropout, draw_dropout_view},
    {LessonId::inside, draw_inside_view},
};
constexpr bool views_in_id_order() {
  for (size_t i = 0; i < std::size(kLessonViews); ++i)
    if (kLessonViews[i].id != static_cast<LessonId>(i)) return false;
  return true;
}
static_assert(std::size(kLessonViews) == dl::lessons::kLessonCount, "every lesson has a view");
static_assert(views_in_id_order(), "the view table is indexed by LessonId");

// When the hash was last rewritten: the page's URL follows the lesson and step, but at most a few
// times a second, since browsers throttle frequent history.replaceState calls.
constexpr double kHashWriteInterval = 0.25;  // seconds

}  // namespace

std::unique_ptr<LessonViews> make_lesson_views() { return std::make_unique<LessonViews>(); }

bool LessonContext::data_loading(const char* then) const {
  if (data.ready()) return false;
  if (then)
    ImGui::TextDisabled("The MNIST digits are still loading; %s", then);
  else
    ImGui::TextDisabled("The MNIST digits are still loading.");
  return true;
}

void write_lessons_status(const LessonViews& views, const LessonNavigation& nav, const Exercises& ex,
                          dl::lessons::JsonWriter& w) {
  const dl::lessons::StepModel* model = nav.existing_model(nav.current);
  w.begin_object("lesson")
      .field("slug", dl::lessons::lesson_info(nav.current).slug)
      .field("step", model ? model->step() : 0)
      .field("steps", model ? model->step_count() : 0)
      .field("playing", nav.play.playing)
      .field("pendingStep", nav.pending_step ? *nav.pending_step : -1)
      .field("scrollY", double(views.scroll_y))
      .field("scrollMaxY", double(views.scroll_max_y))
      .raw_field("values", model ? model->values_json() : std::string("{}"));
  // Predict first: the question asked (with its answer, for tests), the last feedback and the scores.
  w.begin_object("exercise").field("on", ex.on).field("waiting", ex.waiting());
  if (ex.question) {
    const dl::lessons::Question& q = *ex.question;
    w.field("prompt", q.prompt).field("number", q.is_number()).field("answer", double(q.answer))
        .field("answerText", q.answer_text()).field("tolerance", double(q.tolerance)).field("hint", q.hint)
        .field("revealStep", q.reveal_step).begin_array("choices");
    for (const std::string& c : q.choices) w.value(c);
    w.end_array();
  }
  const char* outcome = ex.outcome == ExerciseOutcome::right ? "right" : ex.outcome == ExerciseOutcome::shown ? "shown" : "open";
  w.field("outcome", outcome).field("wrongTries", ex.wrong_tries).field("feedback", ex.feedback);
  w.field("typed", std::string(views.typed_answer));
  w.begin_object("scores");
  for (const dl::lessons::LessonInfo& info : dl::lessons::all_lessons()) {
    const LessonScore& s = ex.score(info.id);
    if (s.asked) w.begin_object(info.slug).field("asked", s.asked).field("right", s.right_first_try).end_object();
  }
  w.end_object().end_object().end_object();
}

// ---- The tab -------------------------------------------------------------------------------------

namespace {

std::string list_label(const dl::lessons::LessonInfo& info) {
  char label[64];
  std::snprintf(label, sizeof label, "%2d  %s", static_cast<int>(info.id) + 1, info.short_title);
  return label;
}

// The lessons in the workshop's order, one row each (rows a finger can hit, with a finger).
void draw_lesson_rows(LessonContext& ctx) {
  const float row_height = touch_style() ? kTouchTarget : 0.0f;
  for (const dl::lessons::LessonInfo& info : dl::lessons::all_lessons()) {
    if (ImGui::Selectable(list_label(info).c_str(), ctx.navigation.current == info.id, 0, ImVec2(0, row_height)))
      ctx.commands.open_lesson(info.id);
    automation::record_item(std::string("lesson:") + info.slug);
    if (!touch_style() && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n(workshop: %s)", info.title, info.workshop_section);
  }
}

void draw_table_of_contents(LessonContext& ctx) {
  ImGui::TextDisabled("Lessons");
  draw_lesson_rows(ctx);
}

// On a narrow screen the list is a picker above the lesson, which gets the whole width.
void draw_lesson_picker(LessonContext& ctx) {
  const dl::lessons::LessonInfo& current = dl::lessons::lesson_info(ctx.navigation.current);
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool open = ImGui::BeginCombo("##lesson", list_label(current).c_str(), ImGuiComboFlags_HeightLargest);
  automation::record_item("lesson:picker");
  if (!open) return;
  draw_lesson_rows(ctx);
  ImGui::EndCombo();
}

// Keeps the page's URL on the lesson and step shown, without adding history entries.
void write_hash(LessonViews& views, const LessonNavigation& nav, bool embedded) {
  if (nav.pending_step) return;  // the link's own step is still to be applied: keep the link
  const dl::lessons::StepModel* model = nav.existing_model(nav.current);
  std::string hash = dl::lessons::make_deep_link(nav.current, model ? model->step() : 0);
  if (embedded) hash = make_embed_link(hash);  // a reload stays embedded
  if (hash == views.written_hash || ImGui::GetTime() - views.hash_written_at < kHashWriteInterval) return;
  browser::replace_link(hash);
  views.written_hash = hash;
  views.hash_written_at = ImGui::GetTime();
}

}  // namespace

void draw_lessons_panel(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  // Just wide enough for the longest short title ("6  Gradient descent") and the list's padding: every
  // pixel left over goes to the lesson (the images lesson needs 28 columns of "255").
  const float list_width = ImGui::CalcTextSize("00  Gradient descent").x + ImGui::GetStyle().WindowPadding.x * 2;
  const bool picker = ImGui::GetContentRegionAvail().x < list_width + ImGui::GetFontSize() * 32;
  if (ctx.single_lesson) {
    // Embedded: the lesson alone.
  } else if (picker) {
    draw_lesson_picker(ctx);
  } else {
    ImGui::BeginChild("lesson list", ImVec2(list_width, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    draw_table_of_contents(ctx);
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginChild("lesson", ImVec2(0, 0), ImGuiChildFlags_None,
                    ImGuiWindowFlags_NavFlattened |
                        views.scrollbar.flags(ImGui::GetContentRegionAvail().x, static_cast<int>(ctx.navigation.current)));
  const dl::lessons::LessonInfo& info = dl::lessons::lesson_info(ctx.navigation.current);
  ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent_text);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(info.title);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (!touch_style() && ImGui::IsItemHovered()) ImGui::SetTooltip("In the workshop: %s", info.workshop_section);
  // The workshop heading it follows, when the line has room for it (else in the tooltip above).
  char section[160];
  std::snprintf(section, sizeof section, "workshop: %s", info.workshop_section);
  const float spacing = ImGui::GetFontSize() * 2;
  if (ImGui::CalcTextSize(section).x + spacing <= ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x) {
    ImGui::SameLine(0, spacing);
    ImGui::TextDisabled("%s", section);
  } else if (touch_style()) {  // no tooltip for a finger: on its own line
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", section);
    ImGui::PopTextWrapPos();
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(info.explanation);
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  kLessonViews[static_cast<size_t>(ctx.navigation.current)].draw(ctx);
  views.scroll_y = ImGui::GetScrollY();
  views.scroll_max_y = ImGui::GetScrollMaxY();
  views.scrollbar.note_scroll_range();
  ImGui::EndChild();
  automation::record_item("lesson:view");  // the scrolling area, for tests that wheel it

  write_hash(views, ctx.navigation, ctx.single_lesson);
}

