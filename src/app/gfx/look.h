// The page's look for each screen: which layout a width gets, the text sizes a student can pick
// and the default for the screen, the two fonts (Noto Sans for text, DejaVu Sans Mono for
// numbers) rasterized at the device pixel ratio, and ImGui's style for a mouse or a finger.
// choose_layout / default_text_size are plain functions (tested natively); the rest is ImGui.
#pragma once
#include <cstddef>

struct ImFont;

enum class Layout {
  wide,    // desktop, 1100 CSS px and up: Train on the left, the workbench on the right
  medium,  // tablet or projector, 700 to 1100: one pane, Train a tab beside Draw / Test / Lessons
  narrow,  // phone, below 700: one pane under a bar of views, each laid out for a narrow column
};
inline constexpr float kWideFrom = 1100.0f, kMediumFrom = 700.0f;  // CSS px
Layout choose_layout(float css_width);
const char* layout_name(Layout layout);  // "wide", "medium", "narrow"

// The text sizes on offer (CSS px): at least 13 everywhere, and bigger steps for projectors.
inline constexpr float kTextSizes[] = {13, 14, 15, 16, 18, 20, 22, 24, 28};
inline constexpr size_t kTextSizeCount = sizeof(kTextSizes) / sizeof(kTextSizes[0]);
// The default for a screen: 14 px on a desktop; 16 px on phones, tablets and projector-sized
// windows, which are read from further away or on a small screen.
float default_text_size(float css_width, float css_height, bool coarse_pointer);
// The offered size nearest to `px`, and the one `steps` away from it (clamped to the ends).
float nearest_text_size(float px);
float step_text_size(float px, int steps);

// ImGui's fonts at `text_px` CSS px, rasterized at `pixel_ratio` device pixels per CSS pixel and
// drawn scaled back down (ImGui works in CSS pixels). Call before ImGui::NewFrame; the renderer's
// font texture must be rebuilt afterwards.
void build_fonts(float text_px, float pixel_ratio);
ImFont* text_font();  // the default font
ImFont* mono_font();  // numbers in grids and tables line up

// The dark style at `text_px`; with `touch`, every control is at least kTouchTarget tall.
inline constexpr float kTouchTarget = 40.0f;  // CSS px
void apply_style(float text_px, bool touch);
// Whether the style in use is the finger's (widgets show help as buttons rather than tooltips).
bool touch_style();
