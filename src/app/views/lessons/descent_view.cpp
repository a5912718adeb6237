// The gradient-descent lesson's view: a loss curve (or a 2-D loss surface as a heat map with
// contours), the slope's sign at the current point, and SGD, SGD + momentum and Adam racing
// from the same start, drawn step by step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/gfx/image_texture.h"
#include "app/views/lessons/lessons_panel.h"
#include "app/views/lessons/step_controls.h"
#include "lessons/descent.h"
#include "app/gfx/widgets/widgets.h"

namespace {

using dl::lessons::DescentLesson;
using dl::lessons::DescentPoint;
using dl::lessons::LessonId;
using dl::lessons::LossSurface;
using dl::lessons::SlopeCase;

constexpr int kRacers = 3;  // DescentLesson::kOptimizers, in that order
constexpr ImU32 kRacerColor[kRacers] = {IM_COL32(245, 150, 60, 255), IM_COL32(90, 175, 255, 255),
                                        IM_COL32(120, 225, 120, 255)};
constexpr const char* kRacerName[kRacers] = {"SGD", "SGD + momentum", "Adam"};
constexpr ImU32 kDiverged = IM_COL32(255, 80, 80, 255);

constexpr int kCurveSamples = 241;
constexpr int kSurfaceResolution = 81;
constexpr int kContourLevels = 14;
// The 2-D plot takes about half a tab at least this wide and the words sit beside it; narrower,
// the plot takes the width and the words go below.
constexpr float kWordsBesidePlot = 560.0f;

struct DescentViewState : LessonViewState {
  int explained = 0;  // the racer whose slope the text explains

  // The surface as drawn, re-sampled from the lesson whenever the surface changes.
  bool sampled = false;
  LossSurface sampled_surface = LossSurface::convex_1d;
  std::vector<dl::lessons::CurvePoint> curve;  // 1-D
  float loss_lo = 0, loss_hi = 1;              // the plot's loss range (1-D) or colour range (2-D)
  std::vector<ImVec2> contours;                // 2-D: segment end points in (x, y), pairs
  ImageTexture heat{ImageTexture::Sampling::linear};
  ColorLegend legend;
};

// A slider `field` wide with its label on the right.
float labelled_width(float field, const char* label) {
  return field + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

// Data coordinates <-> the plot's screen rectangle (y up).
struct Frame {
  ImVec2 min, max;
  float x_lo, x_hi, y_lo, y_hi;
  ImVec2 to_screen(float x, float y) const {
    return ImVec2(min.x + (x - x_lo) / (x_hi - x_lo) * (max.x - min.x),
                  max.y - (y - y_lo) / (y_hi - y_lo) * (max.y - min.y));
  }
  ImVec2 to_data(ImVec2 p) const {
    return ImVec2(x_lo + (p.x - min.x) / (max.x - min.x) * (x_hi - x_lo),
                  y_lo + (max.y - p.y) / (max.y - min.y) * (y_hi - y_lo));
  }
};

// Marching squares over a [res, res] grid (row = y ascending, column = x ascending): the
// segments where the sampled surface crosses `level`, in data coordinates.
void contour_segments(const dl::Tensor& grid, int res, float lo, float hi, float level, std::vector<ImVec2>& out) {
  const float step = (hi - lo) / float(res - 1);
  auto value = [&](int r, int c) { return grid[size_t(r) * res + c]; };
  for (int r = 0; r + 1 < res; ++r)
    for (int c = 0; c + 1 < res; ++c) {
      const float v[4] = {value(r, c), value(r, c + 1), value(r + 1, c + 1), value(r + 1, c)};
      const ImVec2 p[4] = {ImVec2(lo + c * step, lo + r * step), ImVec2(lo + (c + 1) * step, lo + r * step),
                           ImVec2(lo + (c + 1) * step, lo + (r + 1) * step), ImVec2(lo + c * step, lo + (r + 1) * step)};
      ImVec2 hits[4];
      int n = 0;
      for (int e = 0; e < 4; ++e) {
        const float a = v[e], b = v[(e + 1) % 4];
        if ((a < level) == (b < level)) continue;
        const float t = (level - a) / (b - a);
        const ImVec2 pa = p[e], pb = p[(e + 1) % 4];
        hits[n++] = ImVec2(pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y));
      }
      for (int i = 0; i + 1 < n; i += 2) {
        out.push_back(hits[i]);
        out.push_back(hits[i + 1]);
      }
    }
}

void sample_surface(const DescentLesson& lesson, DescentViewState& state) {
  if (state.sampled && state.sampled_surface == lesson.surface()) return;
  state.sampled = true;
  state.sampled_surface = lesson.surface();
  state.curve.clear();
  state.contours.clear();
  const dl::lessons::SurfaceInfo& info = dl::lessons::surface_info(lesson.surface());
  if (lesson.dimensions() == 1) {
    state.curve = lesson.sample_curve(kCurveSamples);
    float lo = state.curve[0].y, hi = lo;
    for (const auto& p : state.curve) lo = std::min(lo, p.y), hi = std::max(hi, p.y);
    const float pad = 0.08f * (hi - lo);
    state.loss_lo = lo - pad;
    state.loss_hi = hi + pad;
    return;
  }
  const dl::Tensor grid = lesson.sample_surface(kSurfaceResolution);
  // Colours and contour levels follow the values' distribution, so the valleys (where the
  // racers end up) get most of the contrast; the high corners saturate.
  std::vector<float> sorted = grid.values();
  std::sort(sorted.begin(), sorted.end());
  state.loss_lo = sorted.front();
  state.loss_hi = sorted[sorted.size() * 85 / 100];
  for (int i = 0; i < kContourLevels; ++i) {
    const float level = sorted[sorted.size() * size_t(2 * i + 1) / size_t(2 * kContourLevels)];
    contour_segments(grid, kSurfaceResolution, info.domain_lo, info.domain_hi, level, state.contours);
  }
  // The texture's top row is the plot's top: the largest y.
  std::vector<float> flipped(grid.size());
  for (int r = 0; r < kSurfaceResolution; ++r)
    std::copy_n(grid.data() + size_t(kSurfaceResolution - 1 - r) * kSurfaceResolution, kSurfaceResolution,
                flipped.data() + size_t(r) * kSurfaceResolution);
  state.heat.update(flipped.data(), kSurfaceResolution, kSurfaceResolution, Colormap::sequential, state.loss_lo,
                    state.loss_hi);
}

void arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 color, float thickness = 2.0f) {
  draw->AddLine(from, to, color, thickness);
  const float dx = to.x - from.x, dy = to.y - from.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 1.0f) return;
  const float ux = dx / len, uy = dy / len, head = 7.0f;
  draw->AddTriangleFilled(to, ImVec2(to.x - ux * head - uy * head * 0.6f, to.y - uy * head + ux * head * 0.6f),
                          ImVec2(to.x - ux * head + uy * head * 0.6f, to.y - uy * head - ux * head * 0.6f), color);
}

// What the sign of one partial derivative means for its weight `w` (the workshop's three cases).
std::string case_text(SlopeCase slope, const char* w) {
  char text[160];
  switch (slope) {
    case SlopeCase::downhill:
      std::snprintf(text, sizeof text, "< 0, downhill: increasing %s lowers the loss, so %s increases.", w, w);
      break;
    case SlopeCase::uphill:
      std::snprintf(text, sizeof text, "> 0, uphill: increasing %s raises the loss, so %s decreases.", w, w);
      break;
    case SlopeCase::flat:
      std::snprintf(text, sizeof text, "~ 0, flat: the bottom of a valley (or a peak), so %s stays.", w);
      break;
  }
  return text;
}

// The change the racer's next update makes (read from its recorded run), or 0 at the end.
std::array<float, 2> next_change(const DescentLesson& lesson, int racer) {
  const auto& points = lesson.trajectories()[size_t(racer)].points;
  const size_t t = size_t(lesson.step());
  if (t + 1 >= points.size() || points[t + 1].diverged) return {0.0f, 0.0f};
  return {points[t + 1].w[0] - points[t].w[0], points[t + 1].w[1] - points[t].w[1]};
}

bool diverged_now(const DescentLesson& lesson, int racer) {
  const dl::lessons::Trajectory& t = lesson.trajectories()[size_t(racer)];
  return t.diverged_at >= 0 && lesson.step() >= t.diverged_at;
}

void draw_inputs(const DescentLesson& lesson, const LessonContext& ctx) {
  struct SurfaceButton {
    LossSurface surface;
    const char* label;
  };
  constexpr SurfaceButton kSurfaces[] = {{LossSurface::convex_1d, "convex (one minimum)"},
                                         {LossSurface::bumpy_1d, "two minima"},
                                         {LossSurface::bumpy_2d, "2-D, four minima"}};
  ImGui::TextUnformatted("Loss:");
  for (const SurfaceButton& b : kSurfaces) {
    ui::same_line_if_fits(ui::radio_width(b.label));
    if (ImGui::RadioButton(b.label, lesson.surface() == b.surface)) ctx.edit(lesson_edit::DescentSurface{b.surface});
    automation::record_item(std::string("descent:surface:") + dl::lessons::surface_info(b.surface).name);
  }
  const char* formula = dl::lessons::surface_info(lesson.surface()).formula;
  ui::same_line_if_fits(ImGui::CalcTextSize(formula).x);
  ImGui::TextDisabled("%s", formula);

  const float field = ImGui::GetFontSize() * 9;
  float lr = lesson.learning_rate();
  ImGui::SetNextItemWidth(field);
  if (ImGui::SliderFloat("learning rate", &lr, 0.001f, 2.0f, "%.3f", ImGuiSliderFlags_Logarithmic)) ctx.edit(lesson_edit::DescentLearningRate{lr});
  automation::record_item("descent:lr");
  ui::same_line_if_fits(labelled_width(field * 0.8f, "momentum rho"));
  float rho = lesson.momentum();
  ImGui::SetNextItemWidth(field * 0.8f);
  if (ImGui::SliderFloat("momentum rho", &rho, 0.0f, 0.99f, "%.2f")) ctx.edit(lesson_edit::DescentMomentum{rho});
  automation::record_item("descent:momentum");
  ui::same_line_if_fits(ImGui::CalcTextSize("Reset").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button("Reset")) ctx.edit(lesson_edit::DescentSurface{lesson.surface()});
  automation::record_item("descent:reset");
  ui::help_tooltip("The suggested start and learning rate for this loss");

  const dl::lessons::SurfaceInfo& info = dl::lessons::surface_info(lesson.surface());
  std::array<float, 2> start = lesson.start();
  if (lesson.dimensions() == 1) {
    ImGui::SetNextItemWidth(field);
    if (ImGui::SliderFloat("start w", &start[0], info.domain_lo, info.domain_hi, "%.2f")) ctx.edit(lesson_edit::DescentStart{start});
    automation::record_item("descent:start");
  } else {
    ImGui::SetNextItemWidth(field * 0.75f);
    if (ImGui::SliderFloat("start x", &start[0], info.domain_lo, info.domain_hi, "%.2f")) ctx.edit(lesson_edit::DescentStart{start});
    automation::record_item("descent:start_x");
    ui::same_line_if_fits(labelled_width(field * 0.75f, "start y"));
    ImGui::SetNextItemWidth(field * 0.75f);
    if (ImGui::SliderFloat("start y", &start[1], info.domain_lo, info.domain_hi, "%.2f")) ctx.edit(lesson_edit::DescentStart{start});
    automation::record_item("descent:start_y");
  }
  ui::same_line_if_fits(labelled_width(field * 0.8f, "updates"));
  int iterations = lesson.iterations();
  ImGui::SetNextItemWidth(field * 0.8f);
  if (ImGui::SliderInt("updates", &iterations, 10, 1000)) ctx.edit(lesson_edit::DescentIterations{iterations});
  automation::record_item("descent:iterations");
  ui::same_line_if_fits(ImGui::CalcTextSize("(or click the plot to start there)").x);
  ImGui::TextDisabled("(or click the plot to start there)");
}

// The racers' paths up to the current step, their current points, and the explained racer's slope.
void draw_racers(ImDrawList* draw, const DescentLesson& lesson, const DescentViewState& state, const Frame& f) {
  const bool one_d = lesson.dimensions() == 1;
  auto at = [&](const DescentPoint& p) { return one_d ? f.to_screen(p.w[0], p.loss) : f.to_screen(p.w[0], p.w[1]); };
  const int step = lesson.step();
  for (int r = 0; r < kRacers; ++r) {
    const auto& points = lesson.trajectories()[size_t(r)].points;
    const ImU32 line = (kRacerColor[r] & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 200);
    for (int t = 1; t <= step; ++t) draw->AddLine(at(points[size_t(t - 1)]), at(points[size_t(t)]), line, 1.6f);
    if (step <= 300)
      for (int t = 0; t <= step; ++t) draw->AddCircleFilled(at(points[size_t(t)]), 2.2f, line, 8);
  }
  // Current points as nested discs, so all three show even where they coincide. A point off the
  // chart (a run blowing up) is pinned to the edge it left by, with a pointer outwards.
  for (int r = 0; r < kRacers; ++r) {
    const DescentPoint& p = lesson.at_current_step(r);
    ImVec2 c = at(p);
    const float inset = 12.0f;
    const ImVec2 pinned(std::clamp(c.x, f.min.x + inset, f.max.x - inset), std::clamp(c.y, f.min.y + inset, f.max.y - inset));
    if (pinned.x != c.x || pinned.y != c.y) {
      const float dx = c.x - pinned.x, dy = c.y - pinned.y, len = std::sqrt(dx * dx + dy * dy);
      arrow(draw, pinned, ImVec2(pinned.x + dx / len * 11.0f, pinned.y + dy / len * 11.0f), kRacerColor[r], 2.0f);
      c = pinned;
    }
    const float radius = 8.0f - 2.0f * r;
    draw->AddCircleFilled(c, radius, kRacerColor[r], 20);
    draw->AddCircle(c, radius, IM_COL32(20, 20, 24, 255), 20, 1.2f);
    if (diverged_now(lesson, r)) {
      const float s = 9.0f;
      draw->AddLine(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), kDiverged, 3.0f);
      draw->AddLine(ImVec2(c.x - s, c.y + s), ImVec2(c.x + s, c.y - s), kDiverged, 3.0f);
    }
  }

  // The explained racer: its tangent (1-D) and the direction of its next update.
  const int e = state.explained;
  const DescentPoint& p = lesson.at_current_step(e);
  const ImVec2 c = at(p);
  if (one_d) {
    const float sx = (f.max.x - f.min.x) / (f.x_hi - f.x_lo), sy = (f.max.y - f.min.y) / (f.y_hi - f.y_lo);
    float dx = sx, dy = -p.gradient[0] * sy;
    const float len = std::sqrt(dx * dx + dy * dy);
    dx *= 55.0f / len, dy *= 55.0f / len;
    draw->AddLine(ImVec2(c.x - dx, c.y - dy), ImVec2(c.x + dx, c.y + dy), IM_COL32(255, 255, 255, 230), 2.0f);
  }
  const std::array<float, 2> d = next_change(lesson, e);
  if (d[0] != 0.0f || d[1] != 0.0f) {
    // The update's direction on the weight axes; its length is the step's, but never too short to see.
    ImVec2 v = one_d ? ImVec2(d[0], 0.0f) : ImVec2(d[0], d[1]);
    ImVec2 s(f.to_screen(v.x, v.y).x - f.to_screen(0, 0).x, f.to_screen(v.x, v.y).y - f.to_screen(0, 0).y);
    const float len = std::sqrt(s.x * s.x + s.y * s.y);
    if (len >= 1.0f) {  // below a pixel the point stays put, as the text says: no arrow
      const float shown = std::clamp(len, 24.0f, 120.0f);
      s.x *= shown / len, s.y *= shown / len;
      const ImVec2 from = one_d ? ImVec2(c.x, c.y + 16.0f) : c;
      arrow(draw, from, ImVec2(from.x + s.x, from.y + s.y), IM_COL32(255, 255, 255, 255), 2.2f);
    }
  }
}

void draw_plot(const DescentLesson& lesson, DescentViewState& state, LessonContext& ctx) {
  const dl::lessons::SurfaceInfo& info = dl::lessons::surface_info(lesson.surface());
  const bool one_d = lesson.dimensions() == 1;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float axis_w = 44.0f, axis_h = ImGui::GetTextLineHeight() + 6.0f;
  ImVec2 size = one_d ? ImVec2(std::max(200.0f, avail - axis_w), std::clamp(avail * 0.42f, 170.0f, 260.0f))
                      : ImVec2(std::clamp((avail >= kWordsBesidePlot ? avail * 0.55f : avail) - axis_w, 200.0f, 300.0f),
                               std::clamp((avail >= kWordsBesidePlot ? avail * 0.55f : avail) - axis_w, 200.0f, 300.0f));
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(cursor.x + axis_w, cursor.y));
  ImGui::InvisibleButton("descent plot", size);
  automation::record_item("descent:plot");
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  Frame f{ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), info.domain_lo, info.domain_hi,
          one_d ? state.loss_lo : info.domain_lo, one_d ? state.loss_hi : info.domain_hi};
  ImDrawList* draw = ImGui::GetWindowDrawList();

  draw->AddRectFilled(f.min, f.max, IM_COL32(24, 26, 32, 255));
  // Axes: ticks and labels on the left and below.
  const ImU32 tick_color = IM_COL32(150, 155, 165, 255), grid_color = IM_COL32(60, 64, 74, 255);
  const ui::plot::Ticks xt = ui::plot::nice_ticks(f.x_lo, f.x_hi, 6), yt = ui::plot::nice_ticks(f.y_lo, f.y_hi, 5);
  char label[32];
  for (int i = 0; i < xt.count; ++i) {
    const double x = xt.first + i * xt.step;
    if (x < f.x_lo - 1e-6 || x > f.x_hi + 1e-6) continue;
    const ImVec2 p = f.to_screen(float(x), f.y_lo);
    if (one_d) draw->AddLine(ImVec2(p.x, f.min.y), ImVec2(p.x, f.max.y), grid_color);
    std::snprintf(label, sizeof label, "%g", x);
    draw->AddText(ImVec2(p.x - ImGui::CalcTextSize(label).x * 0.5f, f.max.y + 3), tick_color, label);
  }
  for (int i = 0; i < yt.count; ++i) {
    const double y = yt.first + i * yt.step;
    if (y < f.y_lo - 1e-6 || y > f.y_hi + 1e-6) continue;
    const ImVec2 p = f.to_screen(f.x_lo, float(y));
    if (one_d) draw->AddLine(ImVec2(f.min.x, p.y), ImVec2(f.max.x, p.y), grid_color);
    std::snprintf(label, sizeof label, "%g", y);
    draw->AddText(ImVec2(f.min.x - ImGui::CalcTextSize(label).x - 5, p.y - ImGui::GetTextLineHeight() * 0.5f),
                  tick_color, label);
  }
  const char* x_name = one_d ? "w" : "x";
  const char* y_name = one_d ? "L(w)" : "y";
  draw->AddText(ImVec2(f.max.x - ImGui::CalcTextSize(x_name).x - 4, f.max.y - ImGui::GetTextLineHeight() - 2),
                tick_color, x_name);
  draw->AddText(ImVec2(f.min.x + 4, f.min.y + 2), tick_color, y_name);

  draw->PushClipRect(f.min, f.max, true);
  if (one_d) {
    for (size_t i = 1; i < state.curve.size(); ++i)
      draw->AddLine(f.to_screen(state.curve[i - 1].x, state.curve[i - 1].y),
                    f.to_screen(state.curve[i].x, state.curve[i].y), IM_COL32(200, 200, 210, 255), 2.0f);
  } else {
    // Texel centres sit on the samples, so the image reaches half a sample past the domain.
    const float half = (info.domain_hi - info.domain_lo) / float(2 * (kSurfaceResolution - 1));
    state.heat.draw_region(draw, f.to_screen(info.domain_lo - half, info.domain_hi + half),
                           f.to_screen(info.domain_hi + half, info.domain_lo - half), 0, 0, kSurfaceResolution,
                           kSurfaceResolution);
    for (size_t i = 0; i + 1 < state.contours.size(); i += 2)
      draw->AddLine(f.to_screen(state.contours[i].x, state.contours[i].y),
                    f.to_screen(state.contours[i + 1].x, state.contours[i + 1].y), IM_COL32(0, 0, 0, 110), 1.0f);
  }
  draw_racers(draw, lesson, state, f);
  draw->PopClipRect();
  draw->AddRect(f.min, f.max, ui::theme().grid_line);

  if (hovered || active) {
    const ImVec2 d = f.to_data(ImGui::GetMousePos());
    const float w[2] = {std::clamp(d.x, info.domain_lo, info.domain_hi), std::clamp(d.y, info.domain_lo, info.domain_hi)};
    const float loss = dl::lessons::surface_loss(lesson.surface(), w);
    if (one_d)
      ui::value_tooltip("w = %.3f, L(w) = %.4f\nclick: start the racers here", double(w[0]), double(loss));
    else
      ui::value_tooltip("x = %.3f, y = %.3f, L = %.4f\nclick: start the racers here", double(w[0]),
                               double(w[1]), double(loss));
    if (active && (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Left))) {
      ctx.edit(lesson_edit::DescentStart{{w[0], one_d ? 0.0f : w[1]}});
      ctx.commands.lesson_play(false);
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(cursor.x, f.max.y + axis_h));
  if (!one_d) {
    ImGui::SetCursorScreenPos(ImVec2(f.min.x, ImGui::GetCursorScreenPos().y));
    draw_color_legend(state.legend, Colormap::sequential, state.loss_lo, state.loss_hi, ImVec2(f.max.x - f.min.x, 9.0f),
                      "%.2f");
    ImGui::SetCursorScreenPos(ImVec2(f.min.x, ImGui::GetCursorScreenPos().y));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (f.max.x - f.min.x));
    ImGui::TextDisabled("colour: L(x, y), brightest for %.2f and above; lines: equal loss", double(state.loss_hi));
    ImGui::PopTextWrapPos();
  }
}

void draw_racer_table(const DescentLesson& lesson, DescentViewState& state) {
  const bool one_d = lesson.dimensions() == 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
  if (!ImGui::BeginTable("racers", 5, flags)) return;
  ImGui::TableSetupColumn("optimizer");
  ImGui::TableSetupColumn(one_d ? "w" : "(x, y)");
  ImGui::TableSetupColumn(one_d ? "L(w)" : "L(x, y)");
  ImGui::TableSetupColumn(one_d ? "dL/dw" : "(dL/dx, dL/dy)");
  ImGui::TableSetupColumn("");
  ImGui::TableHeadersRow();
  constexpr const char* kSlug[kRacers] = {"sgd", "momentum", "adam"};
  for (int r = 0; r < kRacers; ++r) {
    const DescentPoint& p = lesson.at_current_step(r);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(r);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kRacerColor[r]));
    if (ImGui::RadioButton(kRacerName[r], state.explained == r)) state.explained = r;
    ImGui::PopStyleColor();
    ImGui::PopID();
    automation::record_item(std::string("descent:explain:") + kSlug[r]);
    ImGui::TableNextColumn();
    if (one_d) ImGui::Text("%.4f", double(p.w[0]));
    else ImGui::Text("(%.3f, %.3f)", double(p.w[0]), double(p.w[1]));
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", double(p.loss));
    ImGui::TableNextColumn();
    if (one_d) ImGui::Text("%+.4f", double(p.gradient[0]));
    else ImGui::Text("(%+.3f, %+.3f)", double(p.gradient[0]), double(p.gradient[1]));
    ImGui::TableNextColumn();
    if (diverged_now(lesson, r)) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kDiverged));
      ImGui::Text("diverged at update %d", lesson.trajectories()[size_t(r)].diverged_at);
      ImGui::PopStyleColor();
    } else if (one_d) {
      ImGui::TextDisabled("%s", dl::lessons::slope_case_name(p.slope[0]));
    } else {
      ImGui::TextDisabled("x %s, y %s", dl::lessons::slope_case_name(p.slope[0]), dl::lessons::slope_case_name(p.slope[1]));
    }
  }
  ImGui::EndTable();
}

// The explained racer's point in words: the sign of each partial derivative and what it implies.
void draw_caption(const DescentLesson& lesson, const DescentViewState& state) {
  const int e = state.explained;
  const DescentPoint& p = lesson.at_current_step(e);
  const std::array<float, 2> d = next_change(lesson, e);
  const bool at_end = lesson.step() + 1 >= lesson.step_count();
  ImGui::PushTextWrapPos(0.0f);
  if (diverged_now(lesson, e)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kDiverged));
    ImGui::TextUnformatted(
        "Diverged: with this learning rate each update jumped past the minimum to a steeper place, so the next "
        "update was bigger still, and the weights ran off. Lower the learning rate.");
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    return;
  }
  const char* names[2] = {lesson.dimensions() == 1 ? "w" : "x", "y"};
  for (int k = 0; k < lesson.dimensions(); ++k) {
    if (k == 0) ImGui::Text("%s at %s = %.3f:", kRacerName[e], names[k], double(p.w[size_t(k)]));
    else ImGui::Text("and at %s = %.3f:", names[k], double(p.w[size_t(k)]));
    ImGui::SameLine();
    ImGui::TextColored(ui::theme().accent_text, "dL/d%s = %+.4f", names[k], double(p.gradient[size_t(k)]));
    ImGui::Indent();
    ImGui::TextWrapped("%s", case_text(p.slope[size_t(k)], names[k]).c_str());
    ImGui::Unindent();
  }
  // Near-zero changes print as +0.0000, never -0.0000.
  auto clean = [](float v) { return std::fabs(v) < 5e-5f ? 0.0 : double(v); };
  if (at_end) {
    ImGui::TextDisabled("The last update: add updates to run further.");
  } else if (lesson.dimensions() == 1) {
    if (e == 0) ImGui::Text("Next update: dw = -lr x dL/dw = %+.4f", clean(d[0]));
    else ImGui::Text("Next update: dw = %+.4f", clean(d[0]));
  } else {
    ImGui::Text("Next update: (dx, dy) = (%+.4f, %+.4f)", clean(d[0]), clean(d[1]));
    if (e == 0) ImGui::TextDisabled("  = -lr x (dL/dx, dL/dy)");
  }
  if (!at_end && e != 0) {
    // Momentum and Adam do not step by -lr x slope alone: say when the step goes against the slope.
    bool against = false;
    for (int k = 0; k < lesson.dimensions(); ++k)
      if (d[size_t(k)] * p.gradient[size_t(k)] > 0.0f) against = true;
    if (against)
      ImGui::TextColored(ui::theme().accent_text, e == 1 ? "Uphill: the momentum it built up still carries it on."
                                                        : "Uphill: Adam's averaged gradient still points the old way.");
  }
  ImGui::Spacing();
  ImGui::TextDisabled("SGD: w <- w - lr dL/dw");
  ImGui::TextDisabled("Momentum: m <- rho m + dL/dw;  w <- w - lr m");
  ImGui::TextDisabled("Adam: a step size per weight, from running averages of the gradient and its square.");
  ImGui::PopTextWrapPos();
}

}  // namespace

void draw_descent_view(LessonContext& ctx) {
  LessonViews& views = ctx.views;
  const DescentLesson* model = ctx.lesson<DescentLesson>();
  if (!model) return;
  const DescentLesson& lesson = *model;
  DescentViewState& state = views.view_state<DescentViewState>(LessonId::descent);

  draw_inputs(lesson, ctx);
  sample_surface(lesson, state);
  draw_step_controls(lesson, ctx);
  ImGui::TextDisabled("step t: every optimizer after t updates from the same start");
  if (lesson.dimensions() == 1) {
    draw_plot(lesson, state, ctx);
    draw_racer_table(lesson, state);
    draw_caption(lesson, state);
    return;
  }
  // The square 2-D plot leaves room on its right for the words when the tab is wide enough.
  const bool side_by_side = ImGui::GetContentRegionAvail().x >= kWordsBesidePlot;
  ImGui::BeginGroup();
  draw_plot(lesson, state, ctx);
  ImGui::EndGroup();
  if (side_by_side) {
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::BeginGroup();
    draw_caption(lesson, state);
    ImGui::EndGroup();
  }
  draw_racer_table(lesson, state);
  if (!side_by_side) draw_caption(lesson, state);
}
