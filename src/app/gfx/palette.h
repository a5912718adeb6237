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

// Training curves: the train metric and the validation metric (with their legend and values).
inline constexpr Rgb kTrain{92, 153, 250};       // blue
inline constexpr Rgb kValidation{250, 163, 66};  // orange
// Right and wrong answers (with "right"/"wrong" or a mark beside them): a light green and a darker red.
inline constexpr Rgb kCorrect{120, 210, 130};
inline constexpr Rgb kMistake{214, 60, 60};
// The lessons' operands and result: what is being combined now and what it forms.
inline constexpr Rgb kOperandA{200, 120, 40};   // the first operand (a row, an input): orange
inline constexpr Rgb kOperandB{60, 130, 210};   // the second operand (a column, a weight): blue
inline constexpr Rgb kResult{100, 200, 110};    // the result being formed: green
inline constexpr Rgb kCellFill{38, 42, 50};     // an ordinary number's cell
// The colormaps' documented ends and middles (shaders/colormap_*.glsl), which check_colormaps()
// reads back from the GPU.
inline constexpr Rgb kGrayLo{0, 0, 0}, kGrayMid{128, 128, 128}, kGrayHi{255, 255, 255};
inline constexpr Rgb kViridisLo{68, 1, 84}, kViridisMid{33, 145, 140}, kViridisHi{253, 231, 37};
inline constexpr Rgb kDivergingLo{33, 102, 172}, kDivergingMid{247, 247, 247}, kDivergingHi{178, 24, 43};

}  // namespace palette
