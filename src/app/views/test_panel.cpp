// The Test panel: the workshop's classify_single_image on any dataset image, a paged gallery of
// the 10,000 test images with the model's predictions (mistakes in red), and the confusion matrix
// after each epoch; clicking a cell shows its images in the gallery.
#include "app/state/explanations.h"
#include "app/bridge/automation.h"
#include "app/views/test_panel.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/gfx/widgets/widgets.h"
#include "app/state/rules.h"

namespace {

using Set = TestChoice::Set;
using Source = TestPredictions::Source;
using Filter = TestPanelState::Filter;

constexpr int kImage = 28;


const char* images_name(Set set) { return set == Set::train ? "X_train" : set == Set::test ? "X_test" : "my_digits"; }
const char* labels_name(Set set) { return set == Set::train ? "y_train" : set == Set::test ? "y_test" : "my_labels"; }

// The network's input for one image (the engine's scaling).
void image_as_input(const dl::Dataset& data, int index, float* out) {
  dl::image_to_input(data.image(index), data.pixels_per_image(), out);
}

// A class as the panel writes it: MNIST's digit, or a number with its name ("7 (Sneaker)").
std::string class_text(const Datasets& data, int c) {
  if (data.kind == dl::DatasetKind::mnist) return std::to_string(c);
  return std::to_string(c) + " (" + data.class_name(c) + ")";
}

// ---- classify_single_image ------------------------------------------------------------------

// The shown image's texture follows the session's choice (TestChoice::shown).
void refresh_shown_texture(const TestPanelContext& ctx, TestPanelState& s) {
  const TestChoice::Shown& shown = ctx.choice.shown;
  if (!shown.dataset || s.image_version == shown.version) return;
  s.image_version = shown.version;
  float pixels[kImage * kImage];
  image_as_input(*shown.dataset, shown.index, pixels);
  s.image.update(pixels, shown.dataset->cols, shown.dataset->rows, Colormap::grayscale, 0.0f, 1.0f);
}

void draw_single_image(const TestPanelContext& ctx, TestPanelState& s, float width) {
  ImGui::TextUnformatted("classify_single_image");
  ImGui::SameLine();
  ImGui::TextDisabled("(the workshop's last cells)");

  const TestChoice& choice = ctx.choice;
  if (ImGui::RadioButton("X_train", choice.set == Set::train)) ctx.commands.choose_test_set(Set::train);
  automation::record_item("Train set");
  ImGui::SameLine();
  if (ImGui::RadioButton("X_test", choice.set == Set::test)) ctx.commands.choose_test_set(Set::test);
  automation::record_item("Test set");
  ui::same_line_if_fits(ui::radio_width("My digits"));
  ImGui::BeginDisabled(ctx.personal.set.count == 0);
  if (ImGui::RadioButton("My digits", choice.set == Set::personal)) ctx.commands.choose_test_set(Set::personal);
  automation::record_item("My digits set");
  ImGui::EndDisabled();
  // The index and its arrows stay together: on a narrow screen they wrap as one.
  const float index_width = ImGui::CalcTextSize("00000").x + ImGui::GetStyle().FramePadding.x * 2;
  ui::same_line_if_fits(index_width + 2 * (ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x) + 16);
  ImGui::SetNextItemWidth(index_width);
  int typed = choice.index;
  if (ImGui::InputInt("##index", &typed, 0, 0)) ctx.commands.show_image(typed);
  automation::record_item("Index");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) ctx.commands.show_image(choice.index - 1);
  automation::record_item("Prev");
  ImGui::SameLine(0, 2);
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) ctx.commands.show_image(choice.index + 1);
  automation::record_item("Next");

  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("In the workshop:");
  ImGui::SameLine();
  struct Example { const char* label; int index; };
  for (const Example& e : {Example{"X_train[2]", 2}, Example{"X_train[100]", 100}}) {
    if (ImGui::Button(e.label)) ctx.commands.show_dataset_image(false, e.index);
    automation::record_item(e.label);
    ImGui::SameLine();
  }
  ImGui::NewLine();

  // The session keeps the choice in range (a set of the student's digits all removed: the training set).
  if (!ctx.choice.shown.dataset) return;
  refresh_shown_texture(ctx, s);
  const TestChoice::Shown& shown = ctx.choice.shown;

  // The notebook's cell and its output for this image, then the label to judge it by.
  ImGui::Text("In:  classify_single_image(%s[%d])", images_name(shown.set), shown.index);
  if (shown.has_prediction) {
    const bool right = shown.prediction == shown.label;
    ImGui::Text("Out: %s", class_text(ctx.data, shown.prediction).c_str());
    const std::string verdict = "(" + std::string(labels_name(shown.set)) + "[" + std::to_string(shown.index) + "] is " +
                                class_text(ctx.data, shown.label) + ": " + (right ? "right" : "wrong") + ")";
    ui::same_line_if_fits(ImGui::CalcTextSize(verdict.c_str()).x);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(right ? ui::theme().correct : ui::theme().mistake), "%s", verdict.c_str());
  } else {
    ImGui::TextDisabled("Out: - (train or load a model first)");
    ImGui::Text("%s[%d] is %s", labels_name(shown.set), shown.index, class_text(ctx.data, shown.label).c_str());
  }

  const float image_size = std::clamp(std::floor((width * 0.42f) / kImage) * kImage, 112.0f, 168.0f);
  s.image.draw(ImVec2(image_size, image_size), ImGui::GetColorU32(ImGuiCol_Border));
  ImGui::SameLine(0, 12);
  ui::draw_probability_bars(shown.probabilities, width - image_size - 12, shown.label, shown.has_prediction,
                            ctx.data.info(), [&](int d) { return explain_probability(shown.probabilities, d, ctx.data.info()); },
                            "test:bar");
  if (shown.set == Set::personal) {
    if (ui::small_button("Remove this digit")) ctx.commands.remove_personal_digit(shown.index);
    automation::record_item("Remove digit");
  }
}

// ---- Confusion matrix -------------------------------------------------------------------------

ImU32 blend(ImU32 from, ImU32 to, float t) {
  const ImVec4 a = ImGui::ColorConvertU32ToFloat4(from), b = ImGui::ColorConvertU32ToFloat4(to);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1));
}

void draw_confusion_matrix(const TestPanelContext& ctx, TestPanelState& s, float width) {
  ImGui::TextUnformatted("Confusion matrix");
  ImGui::SameLine();
  ImGui::TextDisabled("(10,000 test images)");
  if (!ctx.predictions.has_confusion) {
    if (ctx.predictions.source == Source::none)
      ImGui::TextDisabled("Train a model (or load one). After each epoch this counts, for every true digit, "
                          "which digit the model predicted.");
    else if (trainer_running(ctx.status))
      ImGui::TextDisabled("Appears when the first epoch ends.");
    else
      ImGui::TextDisabled("Predicting the test images: %d of %d...", ctx.predictions.fresh_count, ctx.data.test->count);
    return;
  }
  const int total = dl::confusion_total(ctx.predictions.confusion), correct = dl::confusion_correct(ctx.predictions.confusion);
  if (ctx.predictions.source == Source::validation)
    ImGui::Text("After epoch %d: %d of %d right (%.2f%%)", ctx.predictions.report->epoch, correct, total, 100.0 * correct / total);
  else
    ImGui::Text("%d of %d right (%.2f%%)%s", correct, total, 100.0 * correct / total,
                ctx.predictions.confusion_stale ? " - updating for new weights" : "");

  const float line = ImGui::GetTextLineHeight();
  const float axis = ImGui::CalcTextSize("t").x + ImGui::CalcTextSize("0").x + 12;  // "true" + row digits
  const float cell = std::clamp(std::floor((width - axis) / 10), 18.0f, 34.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 grid(origin.x + axis, origin.y + 2 * line + 4);
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);

  // Axes: "predicted" over the columns, "true" down the rows.
  const float predicted_w = ImGui::CalcTextSize("predicted").x;
  draw_list->AddText(ImVec2(grid.x + (10 * cell - predicted_w) / 2, origin.y), dim, "predicted");
  const char* true_letters[] = {"t", "r", "u", "e"};
  for (int k = 0; k < 4; ++k)
    draw_list->AddText(ImVec2(origin.x, grid.y + (10 * cell - 4 * line) / 2 + k * line), dim, true_letters[k]);
  for (int d = 0; d < dl::kClassCount; ++d) {
    const char digit[2] = {static_cast<char>('0' + d), 0};
    const ImVec2 size = ImGui::CalcTextSize(digit);
    draw_list->AddText(ImVec2(grid.x + d * cell + (cell - size.x) / 2, origin.y + line + 2), dim, digit);
    draw_list->AddText(ImVec2(grid.x - size.x - 4, grid.y + d * cell + (cell - size.y) / 2), dim, digit);
  }

  // Heat: the diagonal (right answers) green by the share of that digit recognised; the rest
  // (mistakes) red relative to the most common mistake, so small counts still show.
  int most_common_mistake = 1;
  for (int t = 0; t < dl::kClassCount; ++t)
    for (int p = 0; p < dl::kClassCount; ++p)
      if (t != p) most_common_mistake = std::max(most_common_mistake, ctx.predictions.confusion[static_cast<size_t>(t)][static_cast<size_t>(p)]);
  const ImU32 empty_cell = ui::theme().cell_fill;
  for (int t = 0; t < dl::kClassCount; ++t) {
    int row_total = 0;
    for (int p = 0; p < dl::kClassCount; ++p) row_total += ctx.predictions.confusion[static_cast<size_t>(t)][static_cast<size_t>(p)];
    for (int p = 0; p < dl::kClassCount; ++p) {
      const int n = ctx.predictions.confusion[static_cast<size_t>(t)][static_cast<size_t>(p)];
      const ImVec2 cell_min(grid.x + p * cell, grid.y + t * cell), cell_max(cell_min.x + cell - 1, cell_min.y + cell - 1);
      ImGui::SetCursorScreenPos(cell_min);
      ImGui::PushID(t * dl::kClassCount + p);
      if (ImGui::InvisibleButton("##cell", ImVec2(cell - 1, cell - 1))) {
        const bool same = s.filter == Filter::cell && s.filter_true == t && s.filter_predicted == p;
        s.filter = same ? Filter::all : Filter::cell;
        s.filter_true = t;
        s.filter_predicted = p;
        s.gallery_dirty = true;
        s.page = 0;
      }
      ImGui::PopID();
      char label[32];
      std::snprintf(label, sizeof label, "confusion:%d:%d", t, p);
      const bool hovered = ImGui::IsItemHovered();
      // Its count explained on hover or keyboard focus (a click filters the gallery, which says it too).
      ui::explain_last_item(label, explain_confusion_cell(t, p, n, row_total, ctx.data.info()), false);

      ImU32 fill = empty_cell;
      if (t == p && row_total > 0)
        fill = blend(empty_cell, IM_COL32(46, 160, 90, 255), 0.25f + 0.75f * float(n) / row_total);
      else if (n > 0)
        fill = blend(empty_cell, IM_COL32(220, 60, 60, 255), 0.2f + 0.8f * float(n) / most_common_mistake);
      draw_list->AddRectFilled(cell_min, cell_max, fill);
      if (n > 0) {
        char count[16];
        std::snprintf(count, sizeof count, "%d", n);
        const ImVec2 size = ImGui::CalcTextSize(count);
        draw_list->AddText(ImVec2(cell_min.x + (cell - 1 - size.x) / 2, cell_min.y + (cell - 1 - size.y) / 2), text, count);
      }
      const bool selected = s.filter == Filter::cell && s.filter_true == t && s.filter_predicted == p;
      if (selected || hovered)
        draw_list->AddRect(cell_min, cell_max, selected ? ui::theme().strong_line : (ui::theme().strong_line & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 120), 0, 0,
                           selected ? 2.0f : 1.0f);
    }
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(axis + 10 * cell, 2 * line + 4 + 10 * cell));
  ImGui::TextDisabled("Green: right answers. Red: mistakes. Click a cell to see its images.");
}

// ---- Gallery ----------------------------------------------------------------------------------

void rebuild_gallery(const TestPanelContext& ctx, TestPanelState& s) {
  if (!s.gallery_dirty && s.gallery_version == ctx.predictions.version) return;
  const dl::Dataset& test = *ctx.data.test;
  if (s.filter != Filter::all && !ctx.predictions.has_confusion) s.filter = Filter::all;  // needs every prediction
  s.gallery.clear();
  for (int i = 0; i < test.count; ++i) {
    const int label = test.labels[static_cast<size_t>(i)];
    const int predicted = ctx.predictions.predicted.empty() ? -1 : ctx.predictions.predicted[static_cast<size_t>(i)];
    const bool keep = s.filter == Filter::all ||
                      (s.filter == Filter::mistakes && predicted >= 0 && predicted != label) ||
                      (s.filter == Filter::cell && label == s.filter_true && predicted == s.filter_predicted);
    if (keep) s.gallery.push_back(i);
  }
  s.gallery_version = ctx.predictions.version;
  s.gallery_dirty = false;
  const int pages = std::max(1, (static_cast<int>(s.gallery.size()) + TestPanelState::kPerPage - 1) / TestPanelState::kPerPage);
  s.page = std::clamp(s.page, 0, pages - 1);
}

// The page's images side by side in one texture (10 x 6 tiles of 28 x 28): one upload and one
// colour pass per page instead of sixty.
void refresh_atlas(const TestPanelContext& ctx, TestPanelState& s) {
  if (s.atlas.ready() && s.atlas_indices == s.page_indices) return;
  constexpr int kW = TestPanelState::kColumns * kImage, kH = TestPanelState::kRows * kImage;
  std::vector<float> pixels(static_cast<size_t>(kW) * kH, 0.0f);
  const dl::Dataset& test = *ctx.data.test;
  for (size_t k = 0; k < s.page_indices.size(); ++k) {
    const int column = static_cast<int>(k) % TestPanelState::kColumns, row = static_cast<int>(k) / TestPanelState::kColumns;
    const uint8_t* image = test.image(s.page_indices[k]);
    for (int y = 0; y < kImage; ++y)
      for (int x = 0; x < kImage; ++x)
        pixels[static_cast<size_t>(row * kImage + y) * kW + column * kImage + x] = dl::pixel_to_input(image[y * kImage + x]);
  }
  s.atlas.update(pixels.data(), kW, kH, Colormap::grayscale, 0.0f, 1.0f);
  s.atlas_indices = s.page_indices;
}

void draw_gallery(const TestPanelContext& ctx, TestPanelState& s, float width) {
  const dl::Dataset& test = *ctx.data.test;
  ImGui::TextUnformatted("Test images");
  ImGui::SameLine();
  ImGui::TextDisabled("(X_test, the model's answer under each)");
  if (ctx.data.kind != dl::DatasetKind::mnist) {  // the captions and the matrix use class numbers
    std::string legend = "Classes:";
    for (int c = 0; c < dl::kClassCount; ++c) legend += " " + std::to_string(c) + " " + ctx.data.class_name(c) + (c + 1 < dl::kClassCount ? "," : ".");
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", legend.c_str());
    ImGui::PopTextWrapPos();
  }

  auto set_filter = [&](Filter f) {
    if (s.filter == f) return;
    s.filter = f;
    s.gallery_dirty = true;
    s.page = 0;
  };
  if (ImGui::RadioButton("All", s.filter == Filter::all)) set_filter(Filter::all);
  automation::record_item("Filter all");
  ImGui::SameLine();
  ImGui::BeginDisabled(!ctx.predictions.has_confusion);
  if (ImGui::RadioButton("Mistakes only", s.filter == Filter::mistakes)) set_filter(Filter::mistakes);
  automation::record_item("Filter mistakes");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.filter != Filter::cell);
  ImGui::RadioButton("Confusion cell", s.filter == Filter::cell);
  ImGui::EndDisabled();
  rebuild_gallery(ctx, s);
  if (s.filter == Filter::cell) {
    ImGui::Text("Showing true %d predicted as %d (%d).", s.filter_true, s.filter_predicted,
                static_cast<int>(s.gallery.size()));
    // A finger cannot hover the cell: its explanation is here, under the gallery's filter.
    int row_total = 0;
    for (int p = 0; p < dl::kClassCount; ++p) row_total += ctx.predictions.confusion[size_t(s.filter_true)][size_t(p)];
    const std::string cell = explain_confusion_cell(s.filter_true, s.filter_predicted,
                                                    ctx.predictions.confusion[size_t(s.filter_true)][size_t(s.filter_predicted)],
                                                    row_total, ctx.data.info());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", cell.c_str());
    ImGui::PopTextWrapPos();
    automation::record_item("confusion:explained");
    ImGui::SameLine();
    if (ui::small_button("Clear filter")) set_filter(Filter::all);
    automation::record_item("Clear filter");
  } else if (!ctx.predictions.has_confusion) {
    ImGui::TextDisabled("Filters need every test image predicted.");
  } else {
    ImGui::TextDisabled("Click a confusion matrix cell to see its images.");
  }

  // Where the marks come from.
  if (ctx.predictions.source == Source::validation)
    ImGui::TextDisabled("Predictions from the validation after epoch %d.", ctx.predictions.report->epoch);
  else if (ctx.predictions.source == Source::live)
    ImGui::TextDisabled("Predictions by the current model (%s).", ctx.live.origin_text().c_str());
  else
    ImGui::TextDisabled("No model yet: labels only.");

  const int count = static_cast<int>(s.gallery.size());
  const int first = s.page * TestPanelState::kPerPage;
  s.page_indices.assign(s.gallery.begin() + std::min(first, count),
                        s.gallery.begin() + std::min(first + TestPanelState::kPerPage, count));
  refresh_atlas(ctx, s);

  // Thumbnails up to twice MNIST's size; past that, extra width only spreads them apart.
  const float gap = 6;
  const float cell_w = std::min(56.0f, std::floor((width - gap * (TestPanelState::kColumns - 1)) / TestPanelState::kColumns));
  const float thumb = cell_w;
  const float label_h = ImGui::GetTextLineHeight();
  const float row_h = thumb + label_h + gap;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  for (size_t k = 0; k < s.page_indices.size(); ++k) {
    const int i = s.page_indices[k];
    const int column = static_cast<int>(k) % TestPanelState::kColumns, row = static_cast<int>(k) / TestPanelState::kColumns;
    const ImVec2 cell_min(origin.x + column * (cell_w + gap), origin.y + row * row_h);
    const ImVec2 image_min(cell_min.x + (cell_w - thumb) / 2, cell_min.y);
    const ImVec2 image_max(image_min.x + thumb, image_min.y + thumb);

    ImGui::SetCursorScreenPos(cell_min);
    ImGui::PushID(static_cast<int>(k));
    if (ImGui::InvisibleButton("##thumb", ImVec2(cell_w, thumb + label_h))) ctx.commands.show_dataset_image(true, i);
    ImGui::PopID();
    char label[24];
    std::snprintf(label, sizeof label, "gallery:%d", static_cast<int>(k));
    automation::record_item(label);

    const int truth = test.labels[static_cast<size_t>(i)];
    const int predicted = ctx.predictions.source == Source::none ? -1 : ctx.predictions.predicted[static_cast<size_t>(i)];
    const bool mistake = predicted >= 0 && predicted != truth;
    s.atlas.draw_region(draw_list, image_min, image_max, column * kImage, row * kImage, kImage, kImage);
    if (mistake) {
      // A red frame, and a corner flag that says "wrong" without the colour.
      draw_list->AddRect(ImVec2(image_min.x - 1, image_min.y - 1), ImVec2(image_max.x + 1, image_max.y + 1), ui::theme().mistake,
                         0, 0, 2.0f);
      const float flag = (image_max.x - image_min.x) * 0.3f;
      draw_list->AddTriangleFilled(ImVec2(image_max.x - flag, image_min.y), ImVec2(image_max.x, image_min.y),
                                   ImVec2(image_max.x, image_min.y + flag), ui::theme().mistake);
    }
    if (ctx.choice.shown.set == Set::test && ctx.choice.shown.index == i)  // the one open above: a ring outside any red border
      draw_list->AddRect(ImVec2(image_min.x - 3, image_min.y - 3), ImVec2(image_max.x + 3, image_max.y + 3), ui::theme().accent,
                         0, 0, 2.0f);
    char caption[8];
    std::snprintf(caption, sizeof caption, "%c", predicted >= 0 ? '0' + predicted : '.');
    const bool stale = ctx.predictions.source == Source::live && !ctx.predictions.fresh[static_cast<size_t>(i)];
    const ImU32 caption_color = predicted < 0 || stale ? ImGui::GetColorU32(ImGuiCol_TextDisabled)
                                : mistake          ? ui::theme().mistake
                                                   : ImGui::GetColorU32(ImGuiCol_Text);
    const float caption_w = ImGui::CalcTextSize(caption).x;
    draw_list->AddText(ImVec2(cell_min.x + (cell_w - caption_w) / 2, image_max.y + 1), caption_color, caption);

    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      const ImVec2 big = ImGui::GetCursorScreenPos();
      ImGui::Dummy(ImVec2(112, 112));
      s.atlas.draw_region(ImGui::GetWindowDrawList(), big, ImVec2(big.x + 112, big.y + 112), column * kImage,
                          row * kImage, kImage, kImage);
      ImGui::Text("X_test[%d]: label %d", i, truth);
      if (predicted >= 0)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mistake ? ui::theme().mistake : ui::theme().correct), "predicted %d", predicted);
      ImGui::TextDisabled("Click to open it above.");
      ImGui::EndTooltip();
    }
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(TestPanelState::kColumns * (cell_w + gap) - gap, TestPanelState::kRows * row_h));
  if (count == 0) ImGui::TextDisabled("No images in this cell.");

  const int pages = std::max(1, (count + TestPanelState::kPerPage - 1) / TestPanelState::kPerPage);
  ImGui::BeginDisabled(s.page == 0);
  if (ImGui::Button("< Previous")) --s.page;
  automation::record_item("Previous page");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.page >= pages - 1);
  if (ImGui::Button("Next >")) ++s.page;
  automation::record_item("Next page");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("page %d of %d (%d image%s)", s.page + 1, pages, count, count == 1 ? "" : "s");
}

// ---- The student's own digits ---------------------------------------------------------------

void draw_personal_gallery(const TestPanelContext& ctx, TestPanelState& s, float width) {
  const dl::Dataset& set = ctx.personal.set;
  ImGui::Text("My digits (%d)", set.count);
  ImGui::SameLine();
  ImGui::TextDisabled("(drawn and labelled in the Draw tab)");
  if (set.count == 0) {
    ImGui::TextDisabled("None yet: draw a digit, then press its number under \"Teach it my handwriting\".");
    return;
  }
  int right = 0, predicted = 0;
  for (int i = 0; i < set.count; ++i) {
    const int answer = ctx.predictions.personal[static_cast<size_t>(i)];
    if (answer < 0) continue;
    ++predicted;
    right += answer == set.labels[static_cast<size_t>(i)];
  }
  if (predicted == set.count) ImGui::Text("The model reads %d of %d right.", right, set.count);
  else if (ctx.live.ready()) ImGui::TextDisabled("Predicting: %d of %d...", predicted, set.count);

  constexpr int kColumns = TestPanelState::kColumns;
  const int rows = (set.count + kColumns - 1) / kColumns;
  if (s.personal_atlas_version != ctx.personal.version) {
    std::vector<float> pixels(static_cast<size_t>(kColumns) * kImage * rows * kImage, 0.0f);
    const int atlas_w = kColumns * kImage;
    for (int i = 0; i < set.count; ++i) {
      const uint8_t* image = set.image(i);
      for (int y = 0; y < kImage; ++y)
        for (int x = 0; x < kImage; ++x)
          pixels[static_cast<size_t>((i / kColumns) * kImage + y) * atlas_w + (i % kColumns) * kImage + x] =
              dl::pixel_to_input(image[y * kImage + x]);
    }
    s.personal_atlas.update(pixels.data(), atlas_w, rows * kImage, Colormap::grayscale, 0.0f, 1.0f);
    s.personal_atlas_version = ctx.personal.version;
  }
  const float gap = 6;
  const float cell = std::min(56.0f, std::floor((width - gap * (kColumns - 1)) / kColumns));
  const float label_h = ImGui::GetTextLineHeight();
  const float row_h = cell + label_h + gap;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  for (int i = 0; i < set.count; ++i) {
    const ImVec2 min(origin.x + (i % kColumns) * (cell + gap), origin.y + (i / kColumns) * row_h);
    const ImVec2 max(min.x + cell, min.y + cell);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("##mine", ImVec2(cell, cell + label_h))) ctx.commands.show_personal_image(i);
    ImGui::PopID();
    char id[24];
    std::snprintf(id, sizeof id, "mine:%d", i);
    automation::record_item(id);
    s.personal_atlas.draw_region(draw_list, min, max, (i % kColumns) * kImage, (i / kColumns) * kImage, kImage, kImage);
    const int truth = set.labels[static_cast<size_t>(i)];
    const int answer = ctx.predictions.personal[static_cast<size_t>(i)];
    const bool mistake = answer >= 0 && answer != truth;
    if (mistake) {  // as in the test gallery: a red frame and a corner flag
      draw_list->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), ui::theme().mistake, 0, 0, 2.0f);
      const float flag = cell * 0.3f;
      draw_list->AddTriangleFilled(ImVec2(max.x - flag, min.y), ImVec2(max.x, min.y),
                                   ImVec2(max.x, min.y + flag), ui::theme().mistake);
    }
    if (ctx.choice.set == Set::personal && ctx.choice.index == i)
      draw_list->AddRect(ImVec2(min.x - 3, min.y - 3), ImVec2(max.x + 3, max.y + 3), ui::theme().accent, 0, 0, 2.0f);
    // "4>9": labelled 4, read as 9; a right answer shows just the digit.
    char caption[16];
    if (answer < 0) std::snprintf(caption, sizeof caption, "%d", truth);
    else if (mistake) std::snprintf(caption, sizeof caption, "%d>%d", truth, answer);
    else std::snprintf(caption, sizeof caption, "%d", truth);
    const float caption_w = ImGui::CalcTextSize(caption).x;
    draw_list->AddText(ImVec2(min.x + (cell - caption_w) / 2, max.y + 1),
                       mistake ? ui::theme().mistake : ImGui::GetColorU32(answer < 0 ? ImGuiCol_TextDisabled : ImGuiCol_Text), caption);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(kColumns * (cell + gap) - gap, rows * row_h));
  ImGui::TextDisabled("Under each: its label, and \"label>answer\" when the model reads it wrong. Tap one to open it above.");
}

// A horizontal rule `width` wide (ImGui::Separator would cross the neighbouring column).
void column_separator(float width) {
  ImGui::Dummy(ImVec2(width, 6));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + width, at.y), ImGui::GetColorU32(ImGuiCol_Separator));
  ImGui::Dummy(ImVec2(width, 6));
}

}  // namespace

// The predictions started over (a new model, another test set): a filter on the old ones' mistakes
// means nothing now, and the page's images may be others.
static void follow_predictions(TestPanelState& s, const TestPanelContext& ctx) {
  if (s.seen_resets == ctx.predictions.resets) return;
  s.seen_resets = ctx.predictions.resets;
  s.filter = Filter::all;
  s.gallery_dirty = true;
  s.atlas_indices.clear();
}

std::unique_ptr<TestPanelState> make_test_panel_state() { return std::make_unique<TestPanelState>(); }

void write_test_panel_status(const TestPanelState& s, const TestChoice& choice, const TestPredictions& predictions,
                             dl::lessons::JsonWriter& w) {
  const TestChoice::Shown& shown = choice.shown;
  w.field("set", choice.set == Set::train ? "train" : choice.set == Set::test ? "test" : "personal")
      .field("index", shown.index)
      .field("label", shown.label)
      .field("prediction", shown.has_prediction ? shown.prediction : -1);
  w.begin_array("probabilities");
  if (shown.has_prediction)
    for (float p : shown.probabilities) w.value(double(p));
  w.end_array();
  w.field("predictionsSource", predictions.source == Source::validation ? "validation" : predictions.source == Source::live ? "live" : "none")
      .field("predictionsEpoch", predictions.report ? predictions.report->epoch : -1)
      .field("predictionsFresh", predictions.fresh_count)
      .field("confusionReady", predictions.has_confusion)
      .field("confusionStale", predictions.confusion_stale)
      .field("confusionTotal", dl::confusion_total(predictions.confusion))
      .field("confusionCorrect", dl::confusion_correct(predictions.confusion));
  w.begin_array("confusion");  // row-major [true][predicted]
  if (predictions.has_confusion)
    for (const auto& row : predictions.confusion)
      for (int n : row) w.value(double(n));
  w.end_array();
  w.field("filter", s.filter == Filter::all ? "all" : s.filter == Filter::mistakes ? "mistakes" : "cell")
      .field("filterTrue", s.filter == Filter::cell ? s.filter_true : -1)
      .field("filterPredicted", s.filter == Filter::cell ? s.filter_predicted : -1)
      .field("galleryCount", static_cast<int>(s.gallery.size()))
      .field("galleryPage", s.page)
      .field("frameMs", s.frame_ms);
  w.begin_array("gallery");  // test indices on the page
  for (int i : s.page_indices) w.value(double(i));
  w.end_array().begin_array("galleryPredictions");  // -1: not predicted yet
  for (int i : s.page_indices) w.value(double(predictions.predicted.empty() ? -1 : predictions.predicted[static_cast<size_t>(i)]));
  w.end_array().begin_array("personalPredictions");  // the student's digits, -1: not predicted yet
  for (int8_t p : predictions.personal) w.value(double(p));
  w.end_array();
}

void draw_test_panel(TestPanelState& state, const TestPanelContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  if (!ctx.data.ready()) {
    ImGui::TextDisabled("%s", ctx.data.error.empty() ? "Loading MNIST..." : "The MNIST data could not be read.");
    return;
  }
  follow_predictions(state, ctx);

  const float avail = ImGui::GetContentRegionAvail().x;
  const bool two_columns = avail >= 700;
  const float spacing = 20;
  const float left = two_columns ? std::clamp(std::floor(avail * 0.45f), 330.0f, 420.0f) : avail;

  // Each column wraps its text at its own right edge, so neither grows into the other.
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + left);
  draw_single_image(ctx, state, left);
  column_separator(left);
  draw_confusion_matrix(ctx, state, left);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  if (two_columns)
    ImGui::SameLine(0, spacing);
  else
    column_separator(avail);
  const float right = two_columns ? avail - left - spacing : avail;
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right);
  draw_gallery(ctx, state, right);
  column_separator(right);
  draw_personal_gallery(ctx, state, right);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  state.frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
