// The Lessons tab: a table of contents in the workshop's order, the chosen lesson's explanation
// and view, deep links in the URL hash (#conv/step=17) both ways, and status().lesson for tests.
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include <emscripten.h>
#include <imgui.h>

#include "app/app.h"
#include "app/lessons/lessons_panel.h"

using dl::lessons::LessonId;

namespace {

// ---- What the table of contents and the heading say ---------------------------------------------

struct LessonText {
  const char* short_title;  // fits the narrow list on the left
  const char* explanation;  // one short paragraph, next to the picture
};

// Indexed by LessonId, which is in the workshop's order.
constexpr LessonText kLessonText[kLessonCount] = {
    {"Dot products",
     "A dot product multiplies two vectors element by element and adds the products up. Matrix "
     "multiplication is nothing more than many dot products: each cell of the result pairs a row of "
     "the left matrix with a column of the right one. A neural network spends almost all of its time "
     "doing exactly this, so step through it once by hand."},
    {"Images",
     "To a computer an MNIST digit is a 28 x 28 matrix: one number per pixel, from 0 (white paper) to "
     "255 (full ink). The training set stacks 60,000 of them. Hover the grid to read single pixels, "
     "and browse the set by index: X_train[1] is a 0, X_train[5] is a 2."},
    {"Perceptron",
     "The perceptron is a single artificial neuron: it multiplies each input by a weight, adds them "
     "up, and outputs 1 if the sum reaches a threshold and -1 otherwise. Its learning rule nudges "
     "the weights after every mistake, which moves a straight line until the two classes sit on "
     "opposite sides. When no straight line can separate them, as with XOR, it never settles."},
    {"Dense & softmax",
     "In a dense layer every input is connected to every output neuron, so the layer is one "
     "matrix product: inputs × weights = outputs. An activation is then applied: sigmoid squeezes "
     "each value into (0, 1) on its own, while softmax looks at the whole layer and turns it into "
     "probabilities that sum to 1, which is what the network's last layer reports for the ten digits."},
    {"Cross-entropy",
     "Training needs a number that says how wrong a prediction is. The label becomes a one-hot "
     "vector (to_categorical), and categorical cross-entropy adds up -y log(y_hat): only the "
     "probability given to the correct class counts. Predicting 0.5 for the right class costs 0.6931; "
     "the loss falls to 0 as that probability nears 1 and shoots up as it nears 0."},
    {"Gradient descent",
     "An optimizer lowers the loss by changing the weights. Gradient descent reads the slope of the "
     "loss and steps downhill, by the slope times the learning rate. On a bumpy surface it can stop in "
     "a dip that is not the lowest; momentum lets it roll through, and Adam adapts its step size."},
    {"Convolution",
     "A convolutional layer slides a small 3 x 3 kernel of weights across the image. At each "
     "position it multiplies the 3 x 3 patch under the kernel by the weights and sums them, a small "
     "2-D dot product, giving one pixel of a feature map. Different kernels find different features, "
     "such as edges in one direction."},
    {"ReLU",
     "Convolutional layers usually use ReLU, R(z) = max(0, z): negative values become 0 and "
     "positive values pass unchanged. It is cheap to compute, and it keeps only the places where a "
     "filter found its feature."},
    {"Max pooling",
     "Max pooling shrinks a feature map by keeping only the largest value of each 2 x 2 window. The "
     "map gets four times smaller, so later layers do less work, and each of their pixels sees a "
     "larger part of the original image."},
    {"Dropout",
     "Large dense layers can memorise the training data instead of learning to generalise. Dropout "
     "switches off a random share of a layer's neurons at every training step (and scales up the "
     "rest), so no neuron can rely on any single other one. At test time nothing is dropped."},
    {"Inside the CNN",
     "Follow one digit through a whole trained network: convolution, ReLU, pooling, dropout, the "
     "dense layers and finally the softmax that names the digit. Each step shows one layer's output, "
     "the feature maps it found or the activations it passed on."},
};

const LessonText& lesson_text(LessonId id) { return kLessonText[static_cast<size_t>(id)]; }

// ---- The URL hash: the JS boundary ---------------------------------------------------------------

// A deep link that arrived from the page (load, hashchange, openLesson) and waits for the next frame.
// Lives here, not in App, because JS reaches C++ only through plain exported functions; touched only
// on the browser main thread, between frames.
std::optional<std::string>& deep_link_inbox() {
  static std::optional<std::string> link;
  return link;
}

// When the hash was last rewritten: the page's URL follows the lesson and step, but at most a few
// times a second, since browsers throttle frequent history.replaceState calls.
constexpr double kHashWriteInterval = 0.25;  // seconds
// A deep-linked step is held until the lesson's model has that many steps (its data may still be
// loading); after this long with the data there (and some steps), it is applied as far as it goes.
constexpr double kPendingStepPatience = 5.0;  // seconds

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_open_deep_link(const char* hash) { deep_link_inbox() = hash; }

// One call each way: the page hands over the whole hash; the app hands back a whole new hash.
// openLesson sets the hash like a user's link (so Back works as usual); when the hash is already
// that link no hashchange would fire, so it is delivered directly.
EM_JS(void, digitlab_install_lesson_links_js, (), {
  function deliver(hash) {
    var size = lengthBytesUTF8(hash) + 1;
    var text = _malloc(size);
    stringToUTF8(hash, text, size);
    _digitlab_open_deep_link(text);
    _free(text);
  }
  /* The event's own new URL: the app may have rewritten location.hash since (replaceState). */
  window.addEventListener('hashchange', function(event) { deliver(new URL(event.newURL).hash); });
  window.digitlab.openLesson = function(slug, step) {
    var hash = '#' + slug + (step === undefined || step === null ? "" : '/step=' + step);
    if (location.hash === hash) deliver(hash); else location.hash = hash;
  };
  if (location.hash.length > 1) deliver(location.hash);
});

EM_JS(void, digitlab_replace_hash_js, (const char* hash), {
  var next = UTF8ToString(hash);
  if (location.hash !== next) history.replaceState(history.state, "", next);
});

// ---- LessonViews ---------------------------------------------------------------------------------

template <class Lesson>
static Lesson& lazily(std::unique_ptr<Lesson>& slot) {
  if (!slot) slot = std::make_unique<Lesson>();
  return *slot;
}

dl::lessons::MatmulLesson& LessonViews::matmul() { return lazily(matmul_); }
dl::lessons::PerceptronLesson& LessonViews::perceptron() { return lazily(perceptron_); }
dl::lessons::DenseLesson& LessonViews::dense() { return lazily(dense_); }
dl::lessons::CrossEntropyLesson& LessonViews::crossentropy() { return lazily(crossentropy_); }
dl::lessons::DescentLesson& LessonViews::descent() { return lazily(descent_); }
dl::lessons::ConvLesson& LessonViews::conv() { return lazily(conv_); }
dl::lessons::ReluLesson& LessonViews::relu() { return lazily(relu_); }
dl::lessons::PoolLesson& LessonViews::pool() { return lazily(pool_); }
dl::lessons::DropoutLesson& LessonViews::dropout() { return lazily(dropout_); }
dl::lessons::InsideLesson& LessonViews::inside() { return lazily(inside_); }

dl::lessons::ImagesLesson* LessonViews::images(const App& app) {
  if (!app.data.train) return nullptr;
  if (images_data_ != app.data.train) {  // first use, or a new training set: keep the index
    const int index = images_ ? images_->index() : 0;
    images_data_ = app.data.train;
    images_ = std::make_unique<dl::lessons::ImagesLesson>(*images_data_);
    images_->set_index(index);
  }
  return images_.get();
}

dl::lessons::StepModel* LessonViews::model(const App& app, LessonId id) {
  switch (id) {
    case LessonId::matmul: return &matmul();
    case LessonId::images: return images(app);
    case LessonId::perceptron: return &perceptron();
    case LessonId::dense: return &dense();
    case LessonId::crossentropy: return &crossentropy();
    case LessonId::descent: return &descent();
    case LessonId::conv: return &conv();
    case LessonId::relu: return &relu();
    case LessonId::pool: return &pool();
    case LessonId::dropout: return &dropout();
    case LessonId::inside: return &inside();
  }
  return nullptr;
}

const dl::lessons::StepModel* LessonViews::existing_model(LessonId id) const {
  switch (id) {
    case LessonId::matmul: return matmul_.get();
    case LessonId::images: return images_.get();
    case LessonId::perceptron: return perceptron_.get();
    case LessonId::dense: return dense_.get();
    case LessonId::crossentropy: return crossentropy_.get();
    case LessonId::descent: return descent_.get();
    case LessonId::conv: return conv_.get();
    case LessonId::relu: return relu_.get();
    case LessonId::pool: return pool_.get();
    case LessonId::dropout: return dropout_.get();
    case LessonId::inside: return inside_.get();
  }
  return nullptr;
}

std::unique_ptr<LessonViews> make_lesson_views() { return std::make_unique<LessonViews>(); }

// ---- Wiring --------------------------------------------------------------------------------------

void install_lesson_links() { digitlab_install_lesson_links_js(); }

static void open_lesson(LessonViews& views, LessonId id, std::optional<int> step) {
  if (views.current != id) views.play.playing = false;  // a new lesson starts still
  views.current = id;
  views.pending_step = step;
  views.pending_since = ImGui::GetTime();
}

void update_lessons(App& app) {
  LessonViews& views = *app.lessons;
  if (std::optional<std::string> link = std::exchange(deep_link_inbox(), std::nullopt)) {
    if (std::optional<dl::lessons::DeepLink> parsed = dl::lessons::parse_deep_link(*link)) {
      open_lesson(views, parsed->lesson, parsed->step);
      views.play.playing = false;  // a link shows one exact step
      app.requested_tab = App::Tab::lessons;
    } else if (link->size() > 1) {
      app.show_notice("The link " + *link + " names no lesson; the lessons are listed in the Lessons tab.", false);
    }
  }

  // Apply a deep-linked step once the lesson can show it. Creating the model here (not only when
  // the view draws) lets status() report the lesson straight after a link.
  if (views.pending_step) {
    dl::lessons::StepModel* model = views.model(app, views.current);
    const bool enough_steps = model && model->step_count() > *views.pending_step;
    // A lesson with no steps at all (inside, before any training) keeps the link until it has some.
    const bool waited_enough = model && model->step_count() > 0 && app.data.ready() &&
                               ImGui::GetTime() - views.pending_since > kPendingStepPatience;
    if (enough_steps || waited_enough) {
      model->set_step(*views.pending_step);
      views.pending_step.reset();
    }
  }
}

void write_lessons_status(const App& app, dl::lessons::JsonWriter& w) {
  const LessonViews& views = *app.lessons;
  const dl::lessons::StepModel* model = views.existing_model(views.current);
  w.begin_object("lesson")
      .field("slug", dl::lessons::lesson_info(views.current).slug)
      .field("step", model ? model->step() : 0)
      .field("steps", model ? model->step_count() : 0)
      .field("playing", views.play.playing)
      .field("pendingStep", views.pending_step ? *views.pending_step : -1)
      .raw_field("values", model ? model->values_json() : std::string("{}"))
      .end_object();
}

// ---- The tab -------------------------------------------------------------------------------------

static void draw_lesson_view(App& app, LessonViews& views) {
  switch (views.current) {
    case LessonId::matmul: draw_matmul_view(app, views); break;
    case LessonId::images: draw_images_view(app, views); break;
    case LessonId::perceptron: draw_perceptron_view(app, views); break;
    case LessonId::dense: draw_dense_view(app, views); break;
    case LessonId::crossentropy: draw_crossentropy_view(app, views); break;
    case LessonId::descent: draw_descent_view(app, views); break;
    case LessonId::conv: draw_conv_view(app, views); break;
    case LessonId::relu: draw_relu_view(app, views); break;
    case LessonId::pool: draw_pool_view(app, views); break;
    case LessonId::dropout: draw_dropout_view(app, views); break;
    case LessonId::inside: draw_inside_view(app, views); break;
  }
}

static void draw_table_of_contents(LessonViews& views) {
  ImGui::TextDisabled("Lessons");
  int number = 1;
  for (const dl::lessons::LessonInfo& info : dl::lessons::all_lessons()) {
    char label[64];
    std::snprintf(label, sizeof label, "%2d  %s", number++, lesson_text(info.id).short_title);
    if (ImGui::Selectable(label, views.current == info.id)) open_lesson(views, info.id, std::nullopt);
    automation::record_item(std::string("lesson:") + info.slug);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n(workshop: %s)", info.title, info.workshop_section);
  }
}

// Keeps the page's URL on the lesson and step shown, without adding history entries.
static void write_hash(LessonViews& views) {
  if (views.pending_step) return;  // the link's own step is still to be applied: keep the link
  const dl::lessons::StepModel* model = views.existing_model(views.current);
  const std::string hash = dl::lessons::make_deep_link(views.current, model ? model->step() : 0);
  if (hash == views.written_hash || ImGui::GetTime() - views.hash_written_at < kHashWriteInterval) return;
  digitlab_replace_hash_js(hash.c_str());
  views.written_hash = hash;
  views.hash_written_at = ImGui::GetTime();
}

void draw_lessons_panel(App& app) {
  LessonViews& views = *app.lessons;
  // Just wide enough for the longest short title ("6  Gradient descent") and the list's padding: every
  // pixel left over goes to the lesson (the images lesson needs 28 columns of "255").
  const float list_width = ImGui::CalcTextSize("00  Gradient descent").x + ImGui::GetStyle().WindowPadding.x * 2;
  ImGui::BeginChild("lesson list", ImVec2(list_width, 0), true);
  draw_table_of_contents(views);
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("lesson", ImVec2(0, 0), false);
  const dl::lessons::LessonInfo& info = dl::lessons::lesson_info(views.current);
  ImGui::PushStyleColor(ImGuiCol_Text, lesson_ui::kAccentText);
  ImGui::TextUnformatted(info.title);
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("In the workshop: %s", info.workshop_section);
  // The workshop heading it follows, when the line has room for it (else in the tooltip above).
  char section[160];
  std::snprintf(section, sizeof section, "workshop: %s", info.workshop_section);
  const float spacing = ImGui::GetFontSize() * 2;
  if (ImGui::CalcTextSize(section).x + spacing <= ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x) {
    ImGui::SameLine(0, spacing);
    ImGui::TextDisabled("%s", section);
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(lesson_text(views.current).explanation);
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  draw_lesson_view(app, views);
  ImGui::EndChild();
  automation::record_item("lesson:view");  // the scrolling area, for tests that wheel it

  write_hash(views);
}

// ---- Drawing helpers shared by the views ---------------------------------------------------------

namespace lesson_ui {

ImU32 text_on(ImU32 fill) {
  const float r = float((fill >> IM_COL32_R_SHIFT) & 0xFF), g = float((fill >> IM_COL32_G_SHIFT) & 0xFF),
              b = float((fill >> IM_COL32_B_SHIFT) & 0xFF);
  const float luminance = 0.299f * r + 0.587f * g + 0.114f * b;
  return luminance > 150.0f ? IM_COL32(20, 20, 24, 255) : kText;
}

bool cell(ImDrawList* draw, ImVec2 min, ImVec2 size, const char* text, ImU32 fill, ImU32 text_color, ImU32 border,
          float border_thickness) {
  const ImVec2 max(min.x + size.x, min.y + size.y);
  draw->AddRectFilled(min, max, fill);
  if (border_thickness > 0) draw->AddRect(min, max, border, 0.0f, 0, border_thickness);
  if (text && *text) {
    const ImVec2 t = ImGui::CalcTextSize(text);
    if (t.x <= size.x && t.y <= size.y + 1) {
      draw->AddText(ImVec2(min.x + (size.x - t.x) * 0.5f, min.y + (size.y - t.y) * 0.5f), text_color, text);
    }
  }
  return ImGui::IsMouseHoveringRect(min, max) && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
}

ImU32 gray(float intensity01) {
  const int v = static_cast<int>(std::clamp(intensity01, 0.0f, 1.0f) * 255.0f + 0.5f);
  return IM_COL32(v, v, v, 255);
}

ImU32 diverging(float v, float lo, float hi) {
  const float reach = std::max(std::max(-lo, hi), 1e-12f);
  const float t = std::clamp(v / reach, -1.0f, 1.0f);
  if (t >= 0) return IM_COL32(int(20 + 230 * t), int(20 + 130 * t), int(20 + 20 * t), 255);  // toward orange
  const float u = -t;
  return IM_COL32(int(20 + 40 * u), int(20 + 110 * u), int(20 + 210 * u), 255);  // toward blue
}

void value_tooltip(const char* fmt, ...) {
  ImGui::BeginTooltip();
  va_list args;
  va_start(args, fmt);
  ImGui::TextV(fmt, args);
  va_end(args);
  ImGui::EndTooltip();
}

bool value_editor_popup(const char* popup_id, const char* caption, float* value, const char* automation_label) {
  if (!ImGui::BeginPopup(popup_id)) return false;
  ImGui::TextUnformatted(caption);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const float before = *value;
  const bool enter = ImGui::InputFloat("##value", value, 0.5f, 5.0f, "%g",
                                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  automation::record_item(automation_label);
  if (enter) ImGui::CloseCurrentPopup();
  ImGui::TextDisabled("Enter or click outside to close");
  ImGui::EndPopup();
  return *value != before;
}

ImVec2 digit_picture(const uint8_t* pixels, int rows, int cols, float scale) {
  const ImVec2 origin = reserve_canvas(ImVec2(cols * scale, rows * scale));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const ImVec2 min(origin.x + c * scale, origin.y + r * scale);
      draw->AddRectFilled(min, ImVec2(min.x + scale, min.y + scale), gray(pixels[r * cols + c] / 255.0f));
    }
  draw->AddRect(origin, ImVec2(origin.x + cols * scale, origin.y + rows * scale), kGridLine);
  return origin;
}

ImVec2 reserve_canvas(ImVec2 size) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  return origin;
}

void text_with_accent(const char* before, const char* accent, const char* after) {
  ImGui::TextUnformatted(before);
  ImGui::SameLine(0, 0);
  ImGui::PushStyleColor(ImGuiCol_Text, kAccentText);
  ImGui::TextUnformatted(accent);
  ImGui::PopStyleColor();
  if (after && *after) {
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(after);
  }
}

bool hovered_cell(int rows, int cols, int* row, int* col) {
  if (!ImGui::IsItemHovered()) return false;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax(), m = ImGui::GetMousePos();
  const int c = static_cast<int>((m.x - min.x) / (max.x - min.x) * cols);
  const int r = static_cast<int>((m.y - min.y) / (max.y - min.y) * rows);
  if (r < 0 || r >= rows || c < 0 || c >= cols) return false;
  *row = r;
  *col = c;
  return true;
}

void shade_pending(ImDrawList* draw, ImVec2 min, float scale, int rows, int cols, int row, int col) {
  const ImU32 pending = (kCellPending & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 215);  // kCellPending, see-through
  const float y = min.y + row * scale;
  if (col + 1 < cols)
    draw->AddRectFilled(ImVec2(min.x + (col + 1) * scale, y), ImVec2(min.x + cols * scale, y + scale), pending);
  if (row + 1 < rows)
    draw->AddRectFilled(ImVec2(min.x, y + scale), ImVec2(min.x + cols * scale, min.y + rows * scale), pending);
}

void outline_cell(ImDrawList* draw, ImVec2 min, float scale, int row, int col, ImU32 color) {
  const ImVec2 a(min.x + col * scale, min.y + row * scale);
  draw->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + scale + 1, a.y + scale + 1), color, 0.0f, 0, 2.5f);
}

void same_line_if_fits(float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
}

float radio_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

bool live_cnn(const App& app) { return app.live.ready() && app.live.kind == dl::ModelKind::cnn; }

bool data_loading(const App& app, const char* then) {
  if (app.data.ready()) return false;
  if (then)
    ImGui::TextDisabled("The MNIST digits are still loading; %s", then);
  else
    ImGui::TextDisabled("The MNIST digits are still loading.");
  return true;
}

}  // namespace lesson_ui
