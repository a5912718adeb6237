// The Draw panel: a canvas to draw a digit on (mouse, pen or finger), its MNIST-style 28x28
// version (dl::preprocess_drawing, the engine's), and the live model's probabilities for 0-9,
// updated while drawing and whenever training changes the weights.
#include "app/state/explanations.h"
#include "app/views/draw_panel.h"

#include "app/bridge/automation.h"
#include "app/views/teach_section.h"
#include "app/gfx/widgets/widgets.h"
#include "app/state/choices.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace {

constexpr int kInk = dl::InkCanvas::kDefaultSize;

// Palette shared by the canvas overlays and the bars (the dark ImGui theme's blue accent).
constexpr ImU32 kGuide = IM_COL32(79, 143, 247, 170);     // the 28x28 field's centre lines

// ---- Preprocessing and prediction ------------------------------------------------------------

// The textures follow the session's drawing: the canvas shows the ink (or the test image used
// instead), the small square the network's 28 x 28 input.
void refresh_textures(const DrawPanelContext& ctx, DrawPanelState& state) {
  const Drawing& d = ctx.drawing_state;
  if (state.textures_version == d.input_version) return;
  state.textures_version = d.input_version;
  if (d.test_image >= 0) state.canvas_texture.update(d.input.pixels.data(), 28, 28, Colormap::grayscale, 0.0f, 1.0f);
  else state.canvas_texture.update(d.ink.coverage().data(), kInk, kInk, Colormap::grayscale, 0.0f, 1.0f);
  state.input_texture.update(d.input.pixels.data(), 28, 28, Colormap::grayscale, 0.0f, 1.0f);
}

// ---- Canvas ------------------------------------------------------------------------------------

// The drawing surface: an invisible button takes the pointer (SDL turns touch and pen into
// mouse events on the web; the page's CSS stops the browser from scrolling on them). Each frame
// the pointer moved while pressed adds one point to the current stroke.
void draw_canvas(const DrawPanelContext& ctx, DrawPanelState& state, float size) {
  const dl::PreprocessedDigit& drawing = ctx.drawing;
  const dl::InkCanvas& ink = ctx.drawing_state.ink;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##draw canvas", ImVec2(size, size));
  automation::record_item("Draw canvas");
  const float to_ink = kInk / size;
  const ImGuiIO& io = ImGui::GetIO();
  if (ink.stroke_open() && !ImGui::IsItemActive()) ctx.commands.end_stroke();
  if (ImGui::IsItemActive()) ui::claim_pointer_drag();  // a finger on the canvas draws, never scrolls
  // No position while the pointer is outside the page (ImGui reports -FLT_MAX): skip that frame.
  if (ImGui::IsItemActive() && ImGui::IsMousePosValid()) {
    const dl::InkPoint p{(io.MousePos.x - origin.x) * to_ink, (io.MousePos.y - origin.y) * to_ink};
    if (!ink.stroke_open()) ctx.commands.begin_stroke(p);  // a stroke replaces a test image
    else ctx.commands.extend_stroke(p);
  }

  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + size, origin.y + size);
  draw_list->AddRectFilled(origin, end, IM_COL32_BLACK);
  const int texels = state.canvas_texture.width();
  state.canvas_texture.draw_region(draw_list, origin, end, 0, 0, texels, texels);
  draw_list->AddRect(ImVec2(origin.x - 1, origin.y - 1), ImVec2(end.x + 1, end.y + 1),
                     ImGui::GetColorU32(ImGuiCol_Border));

  if (drawing.empty) {
    const char* hint = "Draw a digit";
    const ImVec2 text = ImGui::CalcTextSize(hint);
    draw_list->AddText(ImVec2(origin.x + (size - text.x) / 2, origin.y + (size - text.y) / 2),
                       ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  } else if (state.show_preprocessing) {
    // Step 1 of the preprocessing: the ink's bounding box, which is what gets scaled to 20 px.
    const dl::InkBox& box = drawing.box;
    const float to_screen = size / kInk;
    const ImVec2 box_min(origin.x + box.left * to_screen, origin.y + box.top * to_screen);
    const ImVec2 box_max(origin.x + (box.left + box.width) * to_screen, origin.y + (box.top + box.height) * to_screen);
    draw_list->AddRect(box_min, box_max, ui::theme().overlay);
  }
  // The brush outline under the pointer shows its size before the first stroke.
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
    draw_list->PushClipRect(origin, end, true);
    draw_list->AddCircle(io.MousePos, ctx.drawing_state.brush_radius * size / kInk, IM_COL32(255, 255, 255, 90), 32);
    draw_list->PopClipRect();
  }
}

// ---- What the network sees, and its answer -------------------------------------------------

void draw_model_side(const DrawPanelContext& ctx, DrawPanelState& state, float width) {
  const float input_size = std::clamp(std::floor(width * 0.45f / 28.0f) * 28.0f, 84.0f, 168.0f);
  ImGui::TextUnformatted("What the network sees");
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("28 x 28: cropped, scaled to 20 px, centred");
  ImGui::PopTextWrapPos();

  ImGui::BeginGroup();
  const ImVec2 input_origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  draw_list->AddRectFilled(input_origin, ImVec2(input_origin.x + input_size, input_origin.y + input_size),
                           IM_COL32_BLACK);
  state.input_texture.draw(ImVec2(input_size, input_size), ImGui::GetColorU32(ImGuiCol_Border));
  if (state.show_preprocessing && !ctx.drawing.empty) {
    // Step 3: the centre of mass (dot) is moved onto the field's centre (14, 14), where the guide
    // lines cross.
    const float to_screen = input_size / 28.0f;
    const ImVec2 centre(input_origin.x + 14 * to_screen, input_origin.y + 14 * to_screen);
    draw_list->AddLine(ImVec2(input_origin.x, centre.y), ImVec2(input_origin.x + input_size, centre.y), kGuide);
    draw_list->AddLine(ImVec2(centre.x, input_origin.y), ImVec2(centre.x, input_origin.y + input_size), kGuide);
    const ImVec2 mass(input_origin.x + ctx.drawing.center_x * to_screen, input_origin.y + ctx.drawing.center_y * to_screen);
    draw_list->AddCircleFilled(mass, 4.0f, IM_COL32_BLACK);
    draw_list->AddCircleFilled(mass, 3.0f, ui::theme().overlay);
  }
  if (ctx.drawing_state.has_reading) draw_saliency_overlay(state.why, draw_list, input_origin, input_size);

  // The numbers the network gets: 0 for background up to 1 for full ink.
  draw_color_legend(state.input_legend, Colormap::grayscale, 0.0f, 1.0f, ImVec2(input_size, 6), "%.0f");
  ImGui::EndGroup();

  // The answer, large, beside the input.
  ImGui::SameLine(0, 18);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Prediction");
  const float digit_height = std::min(input_size * 0.62f, 104.0f);
  const ImVec2 digit_origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(digit_height * 0.6f + 8, digit_height + 10));
  if (ctx.drawing_state.has_reading) {
    if (ctx.live.dataset == dl::DatasetKind::mnist)
      ui::draw_large_digit(draw_list, ImVec2(digit_origin.x + 4, digit_origin.y + 4), digit_height, ctx.drawing_state.prediction,
                           ui::theme().text);
    else  // a garment: its name, where a digit would be
      draw_list->AddText(ImVec2(digit_origin.x + 4, digit_origin.y + digit_height * 0.4f), ImGui::GetColorU32(ImGuiCol_Text),
                         dl::dataset_info(ctx.live.dataset).class_names[static_cast<size_t>(ctx.drawing_state.prediction)]);
    ImGui::Text("%.1f%% sure", 100.0 * ctx.drawing_state.probabilities[static_cast<size_t>(ctx.drawing_state.prediction)]);
  } else {
    // Where the digit would be: why there is none.
    draw_list->AddText(ImVec2(digit_origin.x + 4, digit_origin.y + digit_height * 0.4f),
                       ImGui::GetColorU32(ImGuiCol_TextDisabled), ctx.live.ready() ? "Draw a digit" : "No model yet");
    ImGui::NewLine();
  }
  ImGui::EndGroup();

  ImGui::Checkbox("Show preprocessing", &state.show_preprocessing);
  automation::record_item("Show preprocessing");
  ui::help_tooltip("Canvas: the ink's bounding box (scaled to 20 px).\n"
                   "28 x 28: the centre of mass (dot), moved to the centre (where the lines cross).");

  ImGui::Spacing();
  ImGui::TextUnformatted("Probabilities (the softmax output)");
  if (!ctx.live.ready()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextColored(ui::theme().warning_text, "Train a model (or load one) to see predictions.");
    ImGui::PopTextWrapPos();
  }
  const dl::DatasetInfo& classes = dl::dataset_info(ctx.live.dataset);
  ui::draw_probability_bars(ctx.drawing_state.probabilities, std::min(width, 360.0f), -1, ctx.drawing_state.has_reading,
                            classes, [&](int d) { return explain_probability(ctx.drawing_state.probabilities, d, classes); },
                            "draw:bar");
  if (ctx.live.ready())
    ImGui::TextDisabled("Model: %s, from %s", ctx.live.kind == dl::ModelKind::cnn ? "CNN" : "MLP",
                        ctx.live.origin_text().c_str());

  ImGui::Spacing();
  draw_why_section(state.why, ctx.live, ctx.drawing_state.prediction, ctx.drawing_state.has_reading, width);
  ImGui::Spacing();
  if (ImGui::CollapsingHeader("Teach it my handwriting")) {
    automation::record_item("Teach header");
    draw_teach_section({ctx.session, ctx.drawing.empty, ctx.commands}, width);
  } else {
    automation::record_item("Teach header");
  }
}

}  // namespace

std::unique_ptr<DrawPanelState> make_draw_panel_state() { return std::make_unique<DrawPanelState>(); }

void write_draw_panel_status(const DrawPanelState& state, const Drawing& drawing, dl::lessons::JsonWriter& w) {
  const dl::PreprocessedDigit& in = drawing.input;
  w.field("empty", in.empty)
      .field("strokes", static_cast<int>(drawing.ink.strokes().size()))
      .field("testImage", drawing.test_image)
      .field("strokePoints", static_cast<int>(drawing.ink.point_count()))
      .field("brushRadius", double(drawing.brush_radius))
      .field("frameMs", state.frame_ms)
      .field("colormaps", !state.colormaps_checked ? "unchecked" : state.colormap_problems.empty() ? "ok" : state.colormap_problems.c_str())
      .field("prediction", drawing.has_reading ? drawing.prediction : -1)
      .field("confidence", drawing.has_reading ? double(drawing.probabilities[static_cast<size_t>(drawing.prediction)]) : -1.0);
  w.begin_array("probabilities");
  if (drawing.has_reading)
    for (float p : drawing.probabilities) w.value(double(p));
  w.end_array();
  // The 28x28 input: where its centre of mass is (MNIST puts it at 14, 14), how large the digit
  // is inside it, and where the ink was on the 280x280 canvas grid.
  w.begin_object("input")
      .field("centerX", double(in.center_x))
      .field("centerY", double(in.center_y))
      .field("width", in.scaled_width)
      .field("height", in.scaled_height)
      .begin_object("inkBox")
      .field("left", in.box.left)
      .field("top", in.box.top)
      .field("width", in.box.width)
      .field("height", in.box.height)
      .end_object()
      .end_object();
  w.begin_object("why");
  write_why_status(state.why, w);
  w.end_object();
}

void draw_draw_panel(DrawPanelState& state, const DrawPanelContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  if (!state.colormaps_checked) {
    state.colormaps_checked = true;
    state.colormap_problems = check_colormaps();
    if (!state.colormap_problems.empty())
      ctx.commands.report_problem("Images may show wrong colours on this GPU: " + state.colormap_problems);
  }
  refresh_textures(ctx, state);

  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("Draw a digit with the mouse, a pen or a finger. It becomes a 28 x 28 image the way "
                         "MNIST's digits were made, and the model classifies it as you draw.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  // Side by side when the column has room for a fair canvas next to the answer; on a phone, the
  // canvas as wide as the screen, then the answer under it.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side_min = ImGui::GetFontSize() * 22;
  const bool stacked = avail.x < side_min + 24 + 240;
  // Under the canvas: the buttons and slider, and the four lines about preprocessing.
  const float controls_height = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() * 5;
  const float canvas_size =
      stacked ? std::floor(std::min(avail.x, 520.0f))
              : std::floor(std::clamp(std::min(avail.x - side_min - 24, avail.y - controls_height), 160.0f, 420.0f));

  const float column_x = ImGui::GetCursorPosX();
  ImGui::BeginGroup();
  draw_canvas(ctx, state, canvas_size);
  ImGui::Spacing();
  if (ImGui::Button("Clear")) ctx.commands.clear_drawing();
  automation::record_item("Clear");
  ImGui::SameLine();
  ImGui::BeginDisabled(ctx.drawing_state.ink.empty());
  if (ImGui::Button("Undo")) ctx.commands.undo_stroke();
  automation::record_item("Undo");
  ImGui::EndDisabled();
  ImGui::SameLine();
  // The slider shows the pen's width on the canvas as drawn, in screen pixels. Its label is
  // separate so the recorded automation rectangle is the slider itself.
  float width_on_screen = ctx.drawing_state.brush_radius * 2 * canvas_size / kInk;
  const float used = ImGui::GetCursorPosX() - column_x;
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(std::max(60.0f, canvas_size - used - ImGui::CalcTextSize("Brush size").x - spacing));
  if (ImGui::SliderFloat("##brush size", &width_on_screen, 2 * kMinBrushRadius * canvas_size / kInk,
                         2 * kMaxBrushRadius * canvas_size / kInk, "%.0f px"))
    ctx.commands.set_brush_radius(width_on_screen * kInk / canvas_size / 2);
  automation::record_item("Brush size");
  ImGui::SameLine(0, spacing);
  ImGui::TextUnformatted("Brush size");

  // No pen at hand (a keyboard, a screen reader): a test image as the input instead.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Or test X_test[");
  ImGui::SameLine(0, 0);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f + ImGui::GetFrameHeight() * 2);
  if (ImGui::InputInt("##test image", &state.test_index, 1, 100) && ctx.data.test)
    state.test_index = std::clamp(state.test_index, 0, ctx.data.test->count - 1);
  automation::record_item("Test image index");
  ImGui::SameLine(0, 0);
  ImGui::TextUnformatted("]");
  ui::same_line_if_fits(ui::small_button_width("Use it"));
  ImGui::BeginDisabled(!ctx.data.test);
  if (ui::small_button("Use it")) ctx.commands.draw_test_image(state.test_index);
  ImGui::EndDisabled();
  automation::record_item("Use test image");

  auto explain_preprocessing = [&] {
    // What the preprocessing does, in the order it happens (the overlays show steps 1 and 3).
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + canvas_size);
    ImGui::TextDisabled("How a drawing becomes MNIST-like:");
    ImGui::TextDisabled("1. Crop to the ink's bounding box (yellow).");
    ImGui::TextDisabled("2. Scale it so the longer side is 20 pixels, keeping its shape; edges turn grey.");
    ImGui::TextDisabled("3. Place it in 28 x 28 so its centre of mass (dot) is at the centre (lines).");
    ImGui::PopTextWrapPos();
  };
  if (stacked) {
    ImGui::Spacing();
    draw_model_side(ctx, state, avail.x);
    explain_preprocessing();
    ImGui::EndGroup();
  } else {
    explain_preprocessing();
    ImGui::EndGroup();
    ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    draw_model_side(ctx, state, std::max(side_min, ImGui::GetContentRegionAvail().x));
    ImGui::EndGroup();
  }

  // Strokes added this frame are preprocessed and read by the session at the end of the frame; the
  // textures show them from the next.
  update_why(state.why, ctx.live, ctx.drawing.pixels.data(), ctx.drawing.pixels.size(), ctx.drawing_state.prediction,
             ctx.drawing.empty);
  state.frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
