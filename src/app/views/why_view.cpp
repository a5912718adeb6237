// The saliency map and occlusion sensitivity of the Draw panel's input (see why_view.h). Both come
// from the engine: Sequential::input_gradient (the training step's own backward pass) and
// dl::occlusion_drop / gradient_predicted_drop / correlation (engine/explain.h).
#include "app/views/why_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/bridge/automation.h"
#include "app/gfx/widgets/widgets.h"

namespace {

constexpr double kRefresh = 0.15;        // seconds between maps while the input keeps changing
constexpr double kOcclusionBudgetMs = 6; // main-thread time per frame for occlusion patches

}  // namespace

void update_why(WhyState& why, const LiveModel& live, const float* input, size_t count, int answer, bool input_empty) {
  if (!why.shown || !live.ready() || input_empty || answer < 0) return;
  const int target = why.chosen_class >= 0 ? why.chosen_class : answer;
  const bool changed = !std::equal(input, input + count, why.input.begin(), why.input.end()) || why.generation != live.generation || why.target != target;
  const double now = ImGui::GetTime();
  // A new class is shown at once; a moving pen or new weights at most every kRefresh.
  if (changed && (why.target != target || now - why.computed_at >= kRefresh)) {
    why.input.assign(input, input + count);
    why.generation = live.generation;
    why.target = target;
    why.computed_at = now;
    why.saliency.assign(count, 0.0f);
    live.model->input_gradient(input, target, why.saliency.data());
    why.saliency_max = 0;
    for (float g : why.saliency) why.saliency_max = std::max(why.saliency_max, std::abs(g));
    why.probability_gradient.assign(count, 0.0f);
    live.model->input_gradient(input, target, why.probability_gradient.data(), /*of_probability=*/true);
    const int places = why.grid.positions() * why.grid.positions();
    why.occlusion.assign(static_cast<size_t>(places), 0.0f);
    why.occlusion_done = 0;
    why.occlusion_max = 0;
    why.base_probability = live.predict(input)[static_cast<size_t>(target)];
  }
  if (why.input.empty()) return;
  // Occlusion: a forward pass per place, as many as fit in the frame's budget.
  const auto start = std::chrono::steady_clock::now();
  const int n = why.grid.positions();
  const int before = why.occlusion_done;
  while (why.occlusion_done < n * n &&
         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() < kOcclusionBudgetMs) {
    const int k = why.occlusion_done++;
    const float drop = dl::occlusion_drop(*live.model, why.input.data(), why.target, why.base_probability, why.grid,
                                          k / n, k % n);
    why.occlusion[static_cast<size_t>(k)] = drop;
    why.occlusion_max = std::max(why.occlusion_max, std::abs(drop));
  }
  if (why.occlusion_done == n * n && before < n * n)
    why.agreement = dl::correlation(why.occlusion, dl::gradient_predicted_drop(why.probability_gradient, why.input.data(), why.grid));
}

void draw_saliency_overlay(const WhyState& why, ImDrawList* draw_list, ImVec2 origin, float size) {
  if (!why.shown || why.saliency.size() != 28 * 28 || why.saliency_max <= 0) return;
  // Red where more ink would raise the class's score, blue where it would lower it; the stronger,
  // the more opaque, so the digit stays visible where the gradient is small.
  const float cell = size / 28.0f;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float g = why.saliency[static_cast<size_t>(y * 28 + x)] / why.saliency_max;
      const float strength = std::min(1.0f, std::abs(g) * 1.5f);
      if (strength < 0.04f) continue;
      ImU32 color = ui::diverging(g, -1.0f, 1.0f);
      color = (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(strength * 230.0f) << IM_COL32_A_SHIFT);
      const ImVec2 min(origin.x + x * cell, origin.y + y * cell);
      draw_list->AddRectFilled(min, ImVec2(min.x + cell, min.y + cell), color);
    }
}

void draw_why_section(WhyState& why, const LiveModel& live, int answer, bool has_prediction, float width) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::Checkbox("Why? Show the saliency map", &why.shown);
  automation::record_item("Why");
  ui::help_tooltip("The gradient of the class's score with respect to each of the 784 input pixels,\n"
                   "computed by the same backward pass that trains the model.");
  if (!why.shown) {
    ImGui::PopTextWrapPos();
    return;
  }
  if (!live.ready() || !has_prediction) {
    ImGui::TextDisabled("Draw a digit (and have a model) to see why it decides.");
    ImGui::PopTextWrapPos();
    return;
  }
  const int target = why.chosen_class >= 0 ? why.chosen_class : answer;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Map for:");
  char label[32];
  std::snprintf(label, sizeof label, "its answer (%d)", answer);
  ImGui::SameLine();
  if (ImGui::RadioButton(label, why.chosen_class < 0)) why.chosen_class = -1;
  automation::record_item("why:answer");
  for (int c = 0; c < dl::kClassCount; ++c) {
    char name[8], id[16];
    std::snprintf(name, sizeof name, "%d", c);
    std::snprintf(id, sizeof id, "why:%d", c);
    ui::same_line_if_fits(ui::radio_width(name));
    if (ImGui::RadioButton(name, why.chosen_class == c)) why.chosen_class = c;
    automation::record_item(id);
  }
  ImGui::TextDisabled("On the input: red where more ink would make it more of a %d, blue where ink counts against it.",
                      target);

  // Occlusion: the same question without gradients.
  const int n = why.grid.positions();
  ImGui::Spacing();
  ImGui::Text("Occlusion: hide a %d x %d grey patch, see %d's probability drop", why.grid.patch, why.grid.patch, target);
  ImGui::TextDisabled("Red: hiding that place lowers it; blue: hiding it raises it.");
  if (!why.occlusion.empty()) {
    const float range = std::max(why.occlusion_max, 1e-6f);
    why.occlusion_texture.update(why.occlusion.data(), n, n, Colormap::diverging, -range, range);
    const float side = std::clamp(std::floor(width * 0.35f / n) * n, 72.0f, 144.0f);
    why.occlusion_texture.draw(ImVec2(side, side), ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::SameLine(0, 12);
    ImGui::BeginGroup();
    ImGui::Text("%d is %.1f%% now", target, 100.0 * why.base_probability);
    if (why.occlusion_done < n * n) {
      ImGui::TextDisabled("measuring: %d of %d places", why.occlusion_done, n * n);
    } else {
      ImGui::Text("largest change: %.1f points", 100.0 * why.occlusion_max);
      // Two short lines: a wrapped line may break inside the number ("-0." / "46").
      ImGui::TextUnformatted("as the gradient predicts?");
      ImGui::Text("r = %.2f", why.agreement);
      ui::help_tooltip("Pearson's correlation, over the patches, of the measured probability\n"
                       "drop and the drop the probability's gradient predicts (gradient x\n"
                       "each pixel's change, summed over the patch). Near 1: they agree.");
    }
    draw_color_legend(why.occlusion_legend, Colormap::diverging, -100.0f * range, 100.0f * range,
                      ImVec2(std::min(160.0f, width - side - 12), 6), "%.0f");
    ImGui::EndGroup();
  }
  ImGui::PopTextWrapPos();
}

void write_why_status(const WhyState& why, dl::lessons::JsonWriter& w) {
  const int n = why.grid.positions();
  w.field("shown", why.shown)
      .field("chosenClass", why.chosen_class)
      .field("target", why.shown ? why.target : -1)
      .field("saliencyMax", double(why.saliency_max))
      .field("occlusionDone", why.occlusion_done)
      .field("occlusionPlaces", n * n)
      .field("occlusionMax", double(why.occlusion_max))
      .field("agreement", why.occlusion_done == n * n ? double(why.agreement) : 0.0);
  // A coarse fingerprint of the map for tests: the saliency summed over 4 x 4 blocks of 7 x 7.
  w.begin_array("saliencyBlocks");
  if (why.saliency.size() == 28 * 28)
    for (int by = 0; by < 4; ++by)
      for (int bx = 0; bx < 4; ++bx) {
        double sum = 0;
        for (int y = 0; y < 7; ++y)
          for (int x = 0; x < 7; ++x) sum += why.saliency[static_cast<size_t>((by * 7 + y) * 28 + bx * 7 + x)];
        w.value(sum);
      }
  w.end_array();
}
