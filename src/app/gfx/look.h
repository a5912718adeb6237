// The page's look for each screen: which layout a width gets, the text sizes a student can pick
// and the default for the screen, the two fonts (Noto Sans for text, DejaVu Sans Mono for
// numbers) rasterized at the device pixel ratio, and ImGui's style for a mouse or a finger.
// The layout and text-size choices are plain functions in state/screen.h; the rest is ImGui.
#pragma once
#include <cstddef>

struct ImFont;

#include "app/state/screen.h"

// ImGui's fonts at `text_px` CSS px, rasterized at `pixel_ratio` device pixels per CSS pixel and
// drawn scaled back down (ImGui works in CSS pixels). Call before ImGui::NewFrame; the renderer's
// font texture must be rebuilt afterwards.
void build_fonts(float text_px, float pixel_ratio);
ImFont* text_font();  // the default font
ImFont* mono_font();  // numbers in grids and tables line up

// The style at `text_px`, dark or `light` (with the widgets' colours, ui::theme()); with `touch`,
// every control is at least kTouchTarget tall.
inline constexpr float kTouchTarget = 40.0f;  // CSS px
void apply_style(float text_px, bool touch, bool light);
// Whether the style in use is the finger's (widgets show help as buttons rather than tooltips).
bool touch_style();
