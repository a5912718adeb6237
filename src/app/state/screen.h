// The screen: which layout a width gets, the text sizes a student can pick and the default for
// the screen (plain functions, tested natively; gfx/look.h turns them into fonts and style).
#pragma once
#include <cstddef>

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

// The page's colours: the system's choice (prefers-color-scheme), or light or dark as the student
// picked in the Aa menu (remembered).
enum class ThemeChoice { system, light, dark };
inline constexpr ThemeChoice kThemeChoices[] = {ThemeChoice::system, ThemeChoice::light, ThemeChoice::dark};
const char* theme_choice_name(ThemeChoice choice);  // "system", "light", "dark"
bool parse_theme_choice(const char* name, ThemeChoice* out);
// Whether the page uses its light theme for `choice` when the system prefers light (or not).
bool use_light_theme(ThemeChoice choice, bool system_prefers_light);
