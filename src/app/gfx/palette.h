// The page's meaningful colours in one place, as plain sRGB: what each one says, so the colour-vision
// test (tests/app/palette_test.cpp) can check that the pairs a student must tell apart stay apart
// for protanopia, deuteranopia and tritanopia. Every colour-coded value is also written as a number
// or a word beside it (the colour is never the only cue).
#pragma once
#include <cstdint>

namespace palette {

struct Rgb {
  uint8_t r, g, b;
};

// The page's two themes: dark (the default on a screen) and light (a projector in a lit room,
// printed screenshots), chosen by the system's prefers-color-scheme or by the student.
enum class Theme { dark, light };
constexpr const char* theme_name(Theme theme) { return theme == Theme::light ? "light" : "dark"; }

// The colours that say something, per theme.
struct Colors {
  // Training curves: the train metric and the validation metric (with their legend and values).
  Rgb train, validation;
  // Right and wrong answers (with "right"/"wrong" or a mark beside them).
  Rgb correct, mistake;
  // The lessons' operands and result: what is being combined now and what it forms.
  Rgb operand_a;  // the first operand (a row, an input): orange
  Rgb operand_b;  // the second operand (a column, a weight): blue
  Rgb result;     // the result being formed: green
  Rgb cell_fill;  // an ordinary number's cell
  Rgb background; // the windows' background
  Rgb text;       // running text
};
inline constexpr Colors kDark{
    {92, 153, 250}, {250, 163, 66},  // blue, orange
    {120, 210, 130}, {214, 60, 60},  // a light green and a darker red
    {200, 120, 40}, {60, 130, 210}, {100, 200, 110},
    {38, 42, 50}, {15, 15, 15}, {230, 232, 236},
};
// On white the same hues, darker, so lines and marks hold their contrast with the page.
inline constexpr Colors kLight{
    {29, 96, 214}, {214, 110, 0},  // blue, orange
    {40, 170, 80}, {170, 20, 20},  // green, a dark red (apart in lightness too, for deuteranopia)
    {205, 105, 0}, {35, 105, 200}, {90, 190, 100},
    {236, 238, 242}, {250, 250, 250}, {25, 28, 34},
};
constexpr const Colors& colors(Theme theme) { return theme == Theme::light ? kLight : kDark; }

// The colormaps' documented ends and middles (shaders/colormap_*.glsl), which check_colormaps()
// reads back from the GPU.
inline constexpr Rgb kGrayLo{0, 0, 0}, kGrayMid{128, 128, 128}, kGrayHi{255, 255, 255};
inline constexpr Rgb kViridisLo{68, 1, 84}, kViridisMid{33, 145, 140}, kViridisHi{253, 231, 37};
inline constexpr Rgb kDivergingLo{33, 102, 172}, kDivergingMid{247, 247, 247}, kDivergingHi{178, 24, 43};

}  // namespace palette
