// The fonts from fonts/embedded_fonts.h, and the style per pointer.
#include "app/gfx/look.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/gfx/theme.h"
#include "fonts/embedded_fonts.h"

namespace {

ImFont* g_text_font = nullptr;
ImFont* g_mono_font = nullptr;
bool g_touch_style = false;

ImFont* add_font(const unsigned char* data, size_t size, float px) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are the program's constants
  config.OversampleH = 1;               // rasterized at the device's own resolution already
  config.OversampleV = 1;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size), px,
                                                    &config, fonts::glyph_ranges);
}

}  // namespace

void build_fonts(float text_px, float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float device_px = std::round(text_px * pixel_ratio);
  g_text_font = add_font(fonts::text_font, sizeof fonts::text_font, device_px);
  g_mono_font = add_font(fonts::mono_font, sizeof fonts::mono_font, device_px);
  io.FontDefault = g_text_font;
  io.FontGlobalScale = 1.0f / pixel_ratio;
  io.Fonts->Build();
}

ImFont* text_font() { return g_text_font; }
ImFont* mono_font() { return g_mono_font ? g_mono_font : ImGui::GetFont(); }

void apply_style(float text_px, bool touch, bool light) {
  ImGuiStyle style;
  if (light) ImGui::StyleColorsLight(&style);
  else ImGui::StyleColorsDark(&style);
  ui::use_theme(light ? palette::Theme::light : palette::Theme::dark);
  // ImGui's sizes are made for its 13 px font: scale them with the text.
  style.ScaleAllSizes(text_px / 13.0f);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 4.0f;
  // The keyboard's focus, plain to see on either theme.
  style.Colors[ImGuiCol_NavHighlight] = light ? ImVec4(0.85f, 0.40f, 0.0f, 1.0f) : ImVec4(1.0f, 0.82f, 0.25f, 1.0f);
  // ImGui's light grey for secondary text is too faint for a projector in a lit room.
  if (light) style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.40f, 0.44f, 1.0f);
  if (touch) {
    // A finger needs kTouchTarget px: frames (buttons, sliders, combos, fields, tabs) that tall,
    // wider grabs, more room between rows, and scrollbars thin enough to leave room for content
    // (a finger drags the content itself).
    style.FramePadding.y = std::max(style.FramePadding.y, (kTouchTarget - text_px) / 2.0f);
    style.FramePadding.x = std::max(style.FramePadding.x, text_px * 0.7f);
    style.ItemSpacing.y = std::max(style.ItemSpacing.y, text_px * 0.5f);
    style.GrabMinSize = std::max(style.GrabMinSize, kTouchTarget * 0.6f);
    style.ScrollbarSize = std::max(8.0f, text_px * 0.6f);
  }
  ImGui::GetStyle() = style;
  g_touch_style = touch;
}

bool touch_style() { return g_touch_style; }
