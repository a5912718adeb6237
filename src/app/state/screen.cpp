// The layout a width gets and the text sizes on offer.
#include "app/state/screen.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <iterator>

Layout choose_layout(float css_width) {
  if (css_width >= kWideFrom) return Layout::wide;
  if (css_width >= kMediumFrom) return Layout::medium;
  return Layout::narrow;
}

const char* layout_name(Layout layout) {
  switch (layout) {
    case Layout::wide: return "wide";
    case Layout::medium: return "medium";
    case Layout::narrow: return "narrow";
  }
  return "?";
}

float default_text_size(float css_width, float css_height, bool coarse_pointer) {
  (void)css_height;
  if (coarse_pointer || choose_layout(css_width) != Layout::wide) return 16.0f;
  return 14.0f;
}

float nearest_text_size(float px) {
  const float* best = kTextSizes;
  for (const float& size : kTextSizes)
    if (std::fabs(size - px) < std::fabs(*best - px)) best = &size;
  return *best;
}

float step_text_size(float px, int steps) {
  const float* at = std::find(std::begin(kTextSizes), std::end(kTextSizes), nearest_text_size(px));
  const long index = std::clamp<long>((at - kTextSizes) + steps, 0, static_cast<long>(kTextSizeCount) - 1);
  return kTextSizes[index];
}

const char* theme_choice_name(ThemeChoice choice) {
  switch (choice) {
    case ThemeChoice::system: return "system";
    case ThemeChoice::light: return "light";
    case ThemeChoice::dark: return "dark";
  }
  return "?";
}

bool parse_theme_choice(const char* name, ThemeChoice* out) {
  for (ThemeChoice c : kThemeChoices)
    if (std::strcmp(name, theme_choice_name(c)) == 0) {
      *out = c;
      return true;
    }
  return false;
}

bool use_light_theme(ThemeChoice choice, bool system_prefers_light) {
  return choice == ThemeChoice::light || (choice == ThemeChoice::system && system_prefers_light);
}
