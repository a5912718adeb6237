// The Lessons tab's shared state (one lazily created model per lesson, the lesson shown, play
// state) and the small drawing helpers every lesson view uses, so all eleven look alike.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/automation.h"
#include "app/lessons/step_controls.h"
#include "engine/dataset.h"
#include "lessons/conv.h"
#include "lessons/crossentropy.h"
#include "lessons/dense.h"
#include "lessons/descent.h"
#include "lessons/dropout.h"
#include "lessons/images.h"
#include "lessons/inside.h"
#include "lessons/matmul.h"
#include "lessons/perceptron.h"
#include "lessons/pool.h"
#include "lessons/registry.h"
#include "lessons/relu.h"

struct App;

inline constexpr size_t kLessonCount = 11;  // dl::lessons::LessonId's enumerators

// A view's own UI state (an open cell editor, a chosen example, a hovered region): each view
// defines `struct FooViewState : LessonViewState {...}` in its .cpp and reaches it through
// LessonViews::view_state<FooViewState>(id), so no view needs statics or a header change.
struct LessonViewState {
  virtual ~LessonViewState() = default;
};

// Owned by App (App::lessons). Models are created on first use and live for the page, so a
// lesson keeps its step and edits while the student looks at another one.
struct LessonViews {
  dl::lessons::LessonId current = dl::lessons::LessonId::matmul;
  LessonPlayState play;  // only the shown lesson plays; switching lessons pauses

  // A deep-linked step the lesson's model cannot take yet (its data or trained model is not
  // there, so it has too few steps). The panel applies it once the model has enough steps.
  std::optional<int> pending_step;
  double pending_since = 0.0;  // ImGui::GetTime() when the link arrived

  // The hash last written to the page's URL, and when (the panel keeps the URL on the step shown).
  std::string written_hash;
  double hash_written_at = -1.0;

  // The models, created on first call.
  dl::lessons::MatmulLesson& matmul();
  dl::lessons::ImagesLesson* images(const App& app);  // nullptr until the training set is loaded
  dl::lessons::PerceptronLesson& perceptron();
  dl::lessons::DenseLesson& dense();
  dl::lessons::CrossEntropyLesson& crossentropy();
  dl::lessons::DescentLesson& descent();
  dl::lessons::ConvLesson& conv();
  dl::lessons::ReluLesson& relu();
  dl::lessons::PoolLesson& pool();
  dl::lessons::DropoutLesson& dropout();
  dl::lessons::InsideLesson& inside();
  // Any lesson's model through the common interface (nullptr: images before the data arrives).
  dl::lessons::StepModel* model(const App& app, dl::lessons::LessonId id);
  // The model if it was created already, else nullptr (for const readers such as status()).
  const dl::lessons::StepModel* existing_model(dl::lessons::LessonId id) const;

  template <class State>
  State& view_state(dl::lessons::LessonId id) {
    std::unique_ptr<LessonViewState>& slot = view_states_[static_cast<size_t>(id)];
    if (!slot) slot = std::make_unique<State>();
    return static_cast<State&>(*slot);
  }

 private:
  std::unique_ptr<dl::lessons::MatmulLesson> matmul_;
  std::unique_ptr<dl::lessons::ImagesLesson> images_;
  std::shared_ptr<const dl::Dataset> images_data_;  // keeps alive the set images_ refers to
  std::unique_ptr<dl::lessons::PerceptronLesson> perceptron_;
  std::unique_ptr<dl::lessons::DenseLesson> dense_;
  std::unique_ptr<dl::lessons::CrossEntropyLesson> crossentropy_;
  std::unique_ptr<dl::lessons::DescentLesson> descent_;
  std::unique_ptr<dl::lessons::ConvLesson> conv_;
  std::unique_ptr<dl::lessons::ReluLesson> relu_;
  std::unique_ptr<dl::lessons::PoolLesson> pool_;
  std::unique_ptr<dl::lessons::DropoutLesson> dropout_;
  std::unique_ptr<dl::lessons::InsideLesson> inside_;
  std::array<std::unique_ptr<LessonViewState>, kLessonCount> view_states_;
};

// Wiring for App (lessons_panel.cpp). install_lesson_links: once, after window.digitlab exists:
// adds window.digitlab.openLesson and listens for hashchange (and reads the hash the page opened
// with). update_lessons: every frame, whichever tab is shown: a deep link that arrived switches to
// the Lessons tab and opens its lesson and step.
std::unique_ptr<LessonViews> make_lesson_views();
void install_lesson_links();
void update_lessons(App& app);
// status().lesson: {slug, step, steps, values: the current step's values_json() as an object}.
void write_lessons_status(const App& app, dl::lessons::JsonWriter& w);

// One view per lesson, src/app/lessons/<slug>_view.cpp. The panel draws the lesson's title and
// its explanation paragraph; a view draws everything else in the space left: its picture, its
// inputs and (if it steps) draw_step_controls() on the lesson's model, exactly once per frame.
void draw_matmul_view(App& app, LessonViews& views);
void draw_images_view(App& app, LessonViews& views);
void draw_perceptron_view(App& app, LessonViews& views);
void draw_dense_view(App& app, LessonViews& views);
void draw_crossentropy_view(App& app, LessonViews& views);
void draw_descent_view(App& app, LessonViews& views);
void draw_conv_view(App& app, LessonViews& views);
void draw_relu_view(App& app, LessonViews& views);
void draw_pool_view(App& app, LessonViews& views);
void draw_dropout_view(App& app, LessonViews& views);
void draw_inside_view(App& app, LessonViews& views);

// ---- Drawing helpers shared by the views --------------------------------------------------------
namespace lesson_ui {

// One palette for every lesson: what is being combined now, what is done, what is still to come.
inline constexpr ImU32 kCellFill = IM_COL32(38, 42, 50, 255);        // an ordinary number
inline constexpr ImU32 kCellPending = IM_COL32(30, 32, 38, 255);     // not computed yet
inline constexpr ImU32 kCellDone = IM_COL32(40, 70, 60, 255);        // computed earlier
inline constexpr ImU32 kHighlightA = IM_COL32(200, 120, 40, 255);    // first operand (a row, an input)
inline constexpr ImU32 kHighlightB = IM_COL32(60, 130, 210, 255);    // second operand (a column, a weight)
inline constexpr ImU32 kHighlightOut = IM_COL32(90, 180, 90, 255);   // the result being formed
inline constexpr ImU32 kGridLine = IM_COL32(70, 76, 88, 255);
inline constexpr ImU32 kText = IM_COL32(230, 232, 236, 255);
inline constexpr ImU32 kTextDim = IM_COL32(150, 155, 165, 255);
inline const ImVec4 kAccentText = ImVec4(1.0f, 0.78f, 0.45f, 1.0f);  // a key number in running text

// A number grid cell: filled rectangle, thin border, `text` centred (skipped when it does not
// fit). Returns true when the mouse is over it, for the caller's tooltip.
bool cell(ImDrawList* draw, ImVec2 min, ImVec2 size, const char* text, ImU32 fill, ImU32 text_color = kText,
          ImU32 border = kGridLine, float border_thickness = 1.0f);
// Dark or light text, whichever reads on `fill`.
ImU32 text_on(ImU32 fill);
// Grayscale for a pixel intensity in [0, 1] (0 black, 1 white).
ImU32 gray(float intensity01);
// A diverging colour for v in [lo, hi]: blue for negative, black at 0, orange for positive (a
// range without 0 fades from black to orange).
ImU32 diverging(float v, float lo, float hi);
// A tooltip with one printf-formatted line; call when a cell is hovered.
void value_tooltip(const char* fmt, ...) IM_FMTARGS(1);
// The editor of a click-to-edit number: call every frame after the cells; a cell's click calls
// ImGui::OpenPopup(popup_id) and stores the value in *value. Returns true on every edit, so the
// caller's setter recomputes the lesson as the student types. `automation_label` names the field.
bool value_editor_popup(const char* popup_id, const char* caption, float* value, const char* automation_label);
// Reserves `size` at the cursor for a draw-list picture (so layout flows around it) and returns
// its top-left corner in screen coordinates.
ImVec2 reserve_canvas(ImVec2 size);
// An MNIST-style digit (bytes 0..255, row-major) as a picture at the cursor, each pixel a
// scale x scale square, white ink on black; returns its top-left corner for overlays.
ImVec2 digit_picture(const uint8_t* pixels, int rows, int cols, float scale);
// Wrapped text with `accent` parts drawn in kAccentText: "loss = " then accent "0.6931".
void text_with_accent(const char* before, const char* accent, const char* after = "");
// The grid cell under the mouse on the last item (a picture of `rows` x `cols` cells): true and
// *row, *col when the item is hovered inside the grid.
bool hovered_cell(int rows, int cols, int* row, int* col);
// A picture of rows x cols cells, `scale` pixels each, at `min`, filled in row by row: darkens the
// cells after (row, col), the rest of that row and every row below it.
void shade_pending(ImDrawList* draw, ImVec2 min, float scale, int rows, int cols, int row, int col);
// A thick outline around cell (row, col) of such a picture.
void outline_cell(ImDrawList* draw, ImVec2 min, float scale, int row, int col, ImU32 color);
// SameLine() when an item `width` wide still fits on this line; otherwise the item starts a new one.
void same_line_if_fits(float width);
// The width of a radio button with `label`, for same_line_if_fits().
float radio_width(const char* label);
// Whether there is a live model and it is a CNN (the lessons that show its filters need one).
bool live_cnn(const App& app);
// True, after a dimmed line saying so, while the MNIST digits are still loading; `then` says what
// the lesson will do with them (nullptr: nothing more). A view returns at once when it is true.
bool data_loading(const App& app, const char* then);

}  // namespace lesson_ui
