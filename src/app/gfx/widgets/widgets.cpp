// The shared widgets (widgets.h): number cells, pictures, help text and form rows.
#include "app/gfx/widgets/widgets.h"

#include "app/bridge/automation.h"

#include <imgui_internal.h>
#include "app/gfx/look.h"
#include "engine/dataset.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace ui {

ImU32 text_on(ImU32 fill) {
  const float r = float((fill >> IM_COL32_R_SHIFT) & 0xFF), g = float((fill >> IM_COL32_G_SHIFT) & 0xFF),
              b = float((fill >> IM_COL32_B_SHIFT) & 0xFF);
  const float luminance = 0.299f * r + 0.587f * g + 0.114f * b;
  return luminance > 150.0f ? IM_COL32(20, 20, 24, 255) : IM_COL32(230, 232, 236, 255);
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

namespace {
std::string shown_explanation;  // the popup's text this frame
}  // namespace

void begin_explanations() { shown_explanation.clear(); }
const std::string& open_explanation() { return shown_explanation; }

void explain_last_item(const char* id, const std::string& explanation, bool popup_on_click) {
  automation::record_item(id);
  char popup[96];
  std::snprintf(popup, sizeof popup, "explain##%s", id);
  const bool keyboard_focus = ImGui::IsItemFocused() && ImGui::GetIO().NavVisible;
  if (popup_on_click && ImGui::IsItemClicked()) ImGui::OpenPopup(popup);
  if (popup_on_click && ImGui::IsItemFocused() && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_Space)))
    ImGui::OpenPopup(popup);
  const bool open = ImGui::IsPopupOpen(popup);
  if (!open && (ImGui::IsItemHovered(ImGuiHoveredFlags_ForTooltip) || keyboard_focus)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted(explanation.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    shown_explanation = explanation;
  }
  if (ImGui::BeginPopup(popup)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted(explanation.c_str());
    ImGui::PopTextWrapPos();
    shown_explanation = explanation;
    ImGui::EndPopup();
  }
}

void explained_number(const char* id, const char* text, const std::string& explanation, const ImVec4* color) {
  ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  char label[160];
  std::snprintf(label, sizeof label, "%s##%s", text, id);
  ImGui::Selectable(label, false, ImGuiSelectableFlags_None, ImGui::CalcTextSize(text));
  if (color) ImGui::PopStyleColor();
  ImGui::PopItemFlag();
  explain_last_item(id, explanation, true);
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
  const bool appearing = ImGui::IsWindowAppearing();
  if (appearing) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const float before = *value;
  const bool enter = ImGui::InputFloat("##value", value, 0.5f, 5.0f, "%g",
                                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  // The focus asked for above arrives a frame later: the field is listed once it takes typing.
  if (!appearing) automation::record_item(automation_label);
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
      draw->AddRectFilled(min, ImVec2(min.x + scale, min.y + scale), gray(dl::pixel_to_input(pixels[r * cols + c])));
    }
  draw->AddRect(origin, ImVec2(origin.x + cols * scale, origin.y + rows * scale), theme().grid_line);
  return origin;
}

ImVec2 reserve_canvas(ImVec2 size) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  return origin;
}

void text_with_accent(const char* before, const char* accent, const char* after) {
  const float whole = ImGui::CalcTextSize(before).x + ImGui::CalcTextSize(accent).x +
                      (after ? ImGui::CalcTextSize(after).x : 0.0f);
  if (whole > ImGui::GetContentRegionAvail().x) {
    // Too long for the column: the lead-in wraps, the accented part starts the next line.
    ImGui::TextWrapped("%s", before);
  } else {
    ImGui::TextUnformatted(before);
    ImGui::SameLine(0, 0);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, theme().accent_text);
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
  const ImU32 pending = (theme().cell_pending & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 215);  // theme().cell_pending, see-through
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

void same_line_if_fits(float width, float indent) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  // Inside a column (a pushed wrap position), the column's edge is the limit, not the window's.
  const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
  if (window->DC.TextWrapPos > 0.0f)
    right = std::min(right, window->Pos.x - window->Scroll.x + window->DC.TextWrapPos);
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
  else if (indent > 0) ImGui::SetCursorPosX(indent);
}

void text_wrapped_at_spaces(std::string_view text, std::string_view lead) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  // Widths unrounded (ImGui::CalcTextSize rounds up), so words sit as one run of text would.
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  auto width_of = [&](std::string_view w) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, w.data(), w.data() + w.size()).x; };
  const float space = width_of(" ");
  ImGui::BeginGroup();
  // Lines as close as a paragraph's: no item spacing between them (the group keeps it after).
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));
  bool line_started = false;
  ImVec2 pen;  // where the next word on this line would start
  auto word = [&](std::string_view w, const ImVec4* color) {
    const float width = width_of(w);
    if (line_started && pen.x + space + width <= right) {
      ImGui::SameLine();
      // Text starts on a whole pixel (ImGui truncates): round, so gaps average one space.
      ImGui::SetCursorScreenPos(ImVec2(std::round(pen.x + space), pen.y));
    }
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    if (width > right - at.x) {  // longer than a line: ImGui cuts it where it can
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(w.data(), w.data() + w.size());
      ImGui::PopTextWrapPos();
      line_started = false;
    } else {
      ImGui::TextUnformatted(w.data(), w.data() + w.size());
      pen = ImVec2(at.x + width, at.y);
      line_started = true;
    }
    if (color) ImGui::PopStyleColor();
  };
  auto words = [&](std::string_view part, const ImVec4* color) {
    size_t start = 0;
    while (start <= part.size()) {
      const size_t end = std::min(part.find_first_of(" \n", start), part.size());
      if (end > start) word(part.substr(start, end - start), color);
      if (end < part.size() && part[end] == '\n') {
        if (!line_started) ImGui::TextUnformatted("");  // an empty line keeps its height
        line_started = false;
      }
      start = end + 1;
    }
  };
  const ImVec4 accent = theme().accent_text;
  words(lead, &accent);
  words(text, nullptr);
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

bool small_button(const char* label) { return touch_style() ? ImGui::Button(label) : ImGui::SmallButton(label); }

float small_button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

float radio_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}


// Starts a form row: the label on the left, the widget at `column` and `width` wide.
void form_row(const char* label, float column, float width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(column);
  ImGui::SetNextItemWidth(width);
}

void help_tooltip(const char* text) {
  if (touch_style()) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::PushID(text);
    if (ImGui::Button("?", ImVec2(kTouchTarget, 0))) ImGui::OpenPopup("help");
    if (ImGui::BeginPopup("help")) {
      ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 24, ImGui::GetIO().DisplaySize.x * 0.8f));
      ImGui::TextUnformatted(text);
      ImGui::PopTextWrapPos();
      ImGui::EndPopup();
    }
    ImGui::PopID();
    return;
  }
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void why_disabled(const char* text) {
  if (touch_style()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
  } else if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("%s", text);
  }
}

float help_width() { return touch_style() ? kTouchTarget + ImGui::GetStyle().ItemInnerSpacing.x : 0.0f; }

// ---- Touch scrolling -------------------------------------------------------------------------------

namespace {
struct TouchScroll {
  bool pressed = false, scrolling = false, claimed = false;
  ImVec2 press_pos;
  ImGuiWindow* target = nullptr;  // the window the drag scrolls
};
// Pointer state across frames, like ImGui's own io; touched only on the main thread.
TouchScroll g_touch;
constexpr float kDragSlop = 10.0f;  // CSS px a finger may wobble before a press becomes a drag
}  // namespace

void claim_pointer_drag() { g_touch.claimed = true; }

bool touch_scrolling() { return g_touch.scrolling; }

void apply_touch_scroll() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  TouchScroll& t = g_touch;
  const bool finger = io.MouseSource == ImGuiMouseSource_TouchScreen;
  if (!io.MouseDown[0] || !finger) {
    t = {};
    return;
  }
  if (!t.pressed) {
    t.pressed = true;
    t.press_pos = io.MousePos;
    // The innermost window under the finger that can scroll vertically.
    for (ImGuiWindow* w = g.HoveredWindow; w; w = w->ParentWindow)
      if (w->ScrollMax.y > 0.0f) {
        t.target = w;
        break;
      }
  }
  if (t.claimed || !t.target) {
    t.claimed = false;
    return;
  }
  const ImVec2 moved(io.MousePos.x - t.press_pos.x, io.MousePos.y - t.press_pos.y);
  if (!t.scrolling && std::fabs(moved.y) > kDragSlop && std::fabs(moved.y) > std::fabs(moved.x)) {
    t.scrolling = true;
    ImGui::ClearActiveID();  // the press was the start of a scroll, not a click
  }
  if (t.scrolling) ImGui::SetScrollY(t.target, std::clamp(t.target->Scroll.y - io.MouseDelta.y, 0.0f, t.target->ScrollMax.y));
}

}  // namespace ui
