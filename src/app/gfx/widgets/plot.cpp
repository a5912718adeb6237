// Small line/marker plots over ImGui's draw list (widgets.h): layout, ticks, series, legend in
// the title row (so it never hides the data), and a hover readout of the nearest points.
#include "app/gfx/widgets/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

namespace ui::plot {
namespace {

constexpr float kPad = 6.0f;
constexpr float kMarkerRadius = 3.0f;
constexpr float kLineThickness = 1.6f;

ImU32 with_alpha(ImU32 color, float alpha) {
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
  c.w *= alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

// Enough decimals to tell neighbouring ticks apart: step 0.2 -> 1, 0.05 -> 2, 5 -> 0.
int tick_decimals(double step) { return std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9))); }

std::string format_tick(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, std::abs(value) < 1e-12 ? 0.0 : value);
  return text;
}

void draw_marker(ImDrawList* list, ImVec2 at, ImU32 color, Marker marker, float radius = kMarkerRadius) {
  if (marker == Marker::filled) list->AddCircleFilled(at, radius, color, 12);
  if (marker == Marker::hollow) list->AddCircle(at, radius, color, 12, 1.3f);
}

bool finite(const ImVec2& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// The finite point whose x is nearest to `x` (points sorted by x); false when there is none.
bool nearest_by_x(const std::vector<ImVec2>& points, float x, ImVec2* nearest) {
  auto it = std::lower_bound(points.begin(), points.end(), x, [](const ImVec2& p, float v) { return p.x < v; });
  const ptrdiff_t split = it - points.begin();
  ptrdiff_t right = split, left = split - 1;  // the nearest finite point on each side
  while (right < static_cast<ptrdiff_t>(points.size()) && !finite(points[right])) ++right;
  while (left >= 0 && !finite(points[left])) --left;
  const bool has_right = right < static_cast<ptrdiff_t>(points.size()), has_left = left >= 0;
  if (!has_left && !has_right) return false;
  const bool take_left = has_left && (!has_right || x - points[left].x < points[right].x - x);
  *nearest = points[take_left ? left : right];
  return true;
}

// Legend entries right-aligned in the title row: a short line and/or marker, then the label.
void draw_legend(ImDrawList* list, std::span<const Series> series, float right, float center_y, float min_x) {
  const float sample_w = 16.0f, gap = 4.0f, spacing = 12.0f;
  float x = right;
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    if (it->label.empty()) continue;
    const float text_w = ImGui::CalcTextSize(it->label.c_str()).x;
    const float entry_w = sample_w + gap + text_w;
    if (x - entry_w < min_x) break;  // out of room: the readout still names every series
    x -= entry_w;
    const ImVec2 a(x, center_y), b(x + sample_w, center_y);
    if (it->line) list->AddLine(a, b, it->color, kLineThickness);
    draw_marker(list, ImVec2(x + sample_w / 2, center_y), it->color, it->marker);
    list->AddText(ImVec2(x + sample_w + gap, center_y - ImGui::GetTextLineHeight() / 2),
                  ImGui::GetColorU32(ImGuiCol_Text), it->label.c_str());
    x -= spacing;
  }
}

}  // namespace

Ticks nice_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi - lo < 1e-12) hi = lo + std::max(1e-6, std::abs(lo) * 0.1);
  max_ticks = std::max(1, max_ticks);
  double magnitude = std::pow(10.0, std::floor(std::log10((hi - lo) / max_ticks)));
  for (;;) {
    for (double multiple : {1.0, 2.0, 5.0}) {
      const double step = multiple * magnitude;
      const double first = std::floor(lo / step + 1e-9) * step;
      const double last = std::ceil(hi / step - 1e-9) * step;
      const int intervals = static_cast<int>(std::lround((last - first) / step));
      if (intervals <= max_ticks) return {first, step, std::max(2, intervals + 1)};
    }
    magnitude *= 10.0;
  }
}

bool data_bounds(std::span<const Series> series, ImVec2* min, ImVec2* max) {
  bool any = false;
  for (const Series& s : series) {
    for (const ImVec2& p : s.points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      if (!any) *min = *max = p;
      min->x = std::min(min->x, p.x), min->y = std::min(min->y, p.y);
      max->x = std::max(max->x, p.x), max->y = std::max(max->y, p.y);
      any = true;
    }
  }
  return any;
}

void draw(const char* id, ImVec2 size, const Axes& axes, std::span<const Series> series) {
  ImGui::InvisibleButton(id, size);  // the whole plot is one item: hover, tooltip, automation
  const ImVec2 frame_min = ImGui::GetItemRectMin(), frame_max = ImGui::GetItemRectMax();
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float text_h = ImGui::GetTextLineHeight();
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);

  // Rows: title + legend, the plot area, x tick labels, the x axis label.
  const float plot_h_estimate = std::max(20.0f, size.y - 3 * text_h - 4 * kPad);
  const Ticks yt = nice_ticks(axes.y_min, axes.y_max, std::clamp(static_cast<int>(plot_h_estimate / 22), 2, 8));
  const int y_decimals = tick_decimals(yt.step);
  float y_label_w = 0;
  for (int i = 0; i < yt.count; ++i)
    y_label_w = std::max(y_label_w, ImGui::CalcTextSize(format_tick(yt.first + i * yt.step, y_decimals).c_str()).x);

  const ImVec2 area_min(frame_min.x + kPad + y_label_w + kPad, frame_min.y + text_h + 2 * kPad);
  const ImVec2 area_max(frame_max.x - kPad - 8.0f, frame_max.y - 2 * text_h - 2 * kPad);
  const float area_w = std::max(1.0f, area_max.x - area_min.x), area_h = std::max(1.0f, area_max.y - area_min.y);
  const Ticks xt = nice_ticks(axes.x_min, axes.x_max, std::clamp(static_cast<int>(area_w / 60), 2, 10));
  const int x_decimals = tick_decimals(xt.step);

  auto to_screen = [&](ImVec2 p) {
    return ImVec2(area_min.x + static_cast<float>((p.x - xt.first) / (xt.last() - xt.first)) * area_w,
                  area_max.y - static_cast<float>((p.y - yt.first) / (yt.last() - yt.first)) * area_h);
  };

  list->AddRectFilled(frame_min, frame_max, ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
  list->AddText(ImVec2(frame_min.x + kPad, frame_min.y + kPad), text_color, axes.title.c_str());
  draw_legend(list, series, frame_max.x - kPad, frame_min.y + kPad + text_h / 2,
              frame_min.x + 2 * kPad + ImGui::CalcTextSize(axes.title.c_str()).x);

  // Grid and tick labels.
  const ImU32 grid_color = with_alpha(ImGui::GetColorU32(ImGuiCol_Border), 0.6f);
  for (int i = 0; i < yt.count; ++i) {
    const double v = yt.first + i * yt.step;
    const float y = to_screen(ImVec2(0, static_cast<float>(v))).y;
    list->AddLine(ImVec2(area_min.x, y), ImVec2(area_max.x, y), grid_color);
    const std::string label = format_tick(v, y_decimals);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    list->AddText(ImVec2(area_min.x - kPad - w, y - text_h / 2), dim_color, label.c_str());
  }
  for (int i = 0; i < xt.count; ++i) {
    const double v = xt.first + i * xt.step;
    const float x = to_screen(ImVec2(static_cast<float>(v), 0)).x;
    list->AddLine(ImVec2(x, area_min.y), ImVec2(x, area_max.y), grid_color);
    const std::string label = format_tick(v, x_decimals);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    list->AddText(ImVec2(x - w / 2, area_max.y + kPad / 2), dim_color, label.c_str());
  }
  list->AddRect(area_min, area_max, ImGui::GetColorU32(ImGuiCol_Border));
  const float x_label_w = ImGui::CalcTextSize(axes.x_label.c_str()).x;
  list->AddText(ImVec2(area_min.x + (area_w - x_label_w) / 2, area_max.y + kPad / 2 + text_h), dim_color,
                axes.x_label.c_str());

  ImVec2 unused_min, unused_max;
  if (!axes.empty_hint.empty() && !data_bounds(series, &unused_min, &unused_max)) {
    const ImVec2 hint = ImGui::CalcTextSize(axes.empty_hint.c_str());
    list->AddText(ImVec2(area_min.x + (area_w - hint.x) / 2, area_min.y + (area_h - hint.y) / 2), dim_color,
                  axes.empty_hint.c_str());
  }

  // Series, clipped to the plot area (a widened axis never lets a line leak onto the labels).
  list->PushClipRect(ImVec2(area_min.x - kMarkerRadius, area_min.y - kMarkerRadius),
                     ImVec2(area_max.x + kMarkerRadius, area_max.y + kMarkerRadius), true);
  std::vector<ImVec2> run;  // consecutive finite points, in screen coordinates
  auto flush = [&](const Series& s) {
    if (s.line && run.size() >= 2)
      list->AddPolyline(run.data(), static_cast<int>(run.size()), s.color, ImDrawFlags_None, kLineThickness);
    for (const ImVec2& p : run) draw_marker(list, p, s.color, s.marker);
    run.clear();
  };
  for (const Series& s : series) {
    for (const ImVec2& p : s.points) {
      if (std::isfinite(p.x) && std::isfinite(p.y)) run.push_back(to_screen(p));
      else flush(s);  // a gap: the line breaks here
    }
    flush(s);
  }
  list->PopClipRect();

  // Hover readout: a guide at the cursor and, per series, its point nearest in x.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (!hovered || mouse.x < area_min.x || mouse.x > area_max.x) return;
  const float cursor_x = static_cast<float>(xt.first + (mouse.x - area_min.x) / area_w * (xt.last() - xt.first));
  list->AddLine(ImVec2(mouse.x, area_min.y), ImVec2(mouse.x, area_max.y), with_alpha(text_color, 0.35f));
  bool any = false;
  for (const Series& s : series) any = any || (!s.label.empty() && !s.points.empty());
  if (!any) return;
  ImGui::BeginTooltip();
  ImGui::Text("%s %.3f", axes.x_label.c_str(), cursor_x);
  for (const Series& s : series) {
    ImVec2 p;
    if (s.label.empty() || !nearest_by_x(s.points, cursor_x, &p)) continue;
    draw_marker(list, to_screen(p), s.color, Marker::filled, kMarkerRadius + 1.5f);
    char value[32];
    std::snprintf(value, sizeof value, axes.readout_format, p.y);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s", s.label.c_str());
    ImGui::SameLine();
    ImGui::Text("%s  (at %s %.3f)", value, axes.x_label.c_str(), p.x);
  }
  ImGui::EndTooltip();
}

}  // namespace ui::plot
