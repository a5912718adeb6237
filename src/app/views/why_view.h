// "Why it thinks so", for the Draw panel's input (a drawing or a test image): the saliency map
// (the engine's input gradient of a chosen class's score) as a diverging overlay on the 28 x 28
// input, and occlusion sensitivity (a grey patch slid over the input, the class's probability
// drop at each place), computed a few patches per frame, with how well the two agree.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "app/state/session.h"
#include "app/gfx/image_texture.h"
#include "engine/explain.h"

struct WhyState {
  bool shown = false;
  int chosen_class = -1;  // the class the maps are about; -1: the model's answer

  // What the maps were made for: the input, the weights and the class.
  std::vector<float> input;
  uint64_t generation = ~uint64_t{0};
  int target = -1;
  double computed_at = -1e9;  // seconds (ImGui time); while drawing, redone at most every kRefresh

  std::vector<float> saliency;  // 784: d score / d pixel
  float saliency_max = 0;       // its largest magnitude (the overlay's full colour)
  std::vector<float> probability_gradient;  // 784: d probability / d pixel, what occlusion is checked against

  dl::OcclusionGrid grid;       // 6 x 6 grey patches, 2 pixels apart: 12 x 12 places
  std::vector<float> occlusion; // the probability drop at each place (row-major)
  int occlusion_done = 0;       // places measured so far
  float base_probability = 0;   // with nothing hidden
  float occlusion_max = 0;
  float agreement = 0;          // correlation of the occlusion map and the drop the gradient predicts
  ImageTexture occlusion_texture;
  ColorLegend occlusion_legend;
};

// Keeps the maps current for `input` (`count` = 784 values) and the model's `answer`; cheap when nothing
// changed. The occlusion map advances within a small time budget per frame.
void update_why(WhyState& why, const LiveModel& live, const float* input, size_t count, int answer, bool input_empty);
// The saliency map over the input image drawn at `origin`, `size` pixels square.
void draw_saliency_overlay(const WhyState& why, ImDrawList* draw_list, ImVec2 origin, float size);
// The section's controls and the occlusion map, `width` wide.
void draw_why_section(WhyState& why, const LiveModel& live, int answer, bool has_prediction, float width);
void write_why_status(const WhyState& why, dl::lessons::JsonWriter& w);
