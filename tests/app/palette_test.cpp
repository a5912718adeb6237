// The colours a student must tell apart stay apart for the common colour-vision deficiencies:
// each pair is simulated (Machado, Oliveira and Fernandes 2009, full severity, in linear RGB) and
// their CIELAB distance compared with a threshold a viewer sees at a glance.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "app/gfx/palette.h"

namespace {

using palette::Rgb;
using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

Vec3 linear(Rgb c) { return {to_linear(c.r / 255.0), to_linear(c.g / 255.0), to_linear(c.b / 255.0)}; }

// Linear sRGB to CIELAB (D65).
Vec3 lab(const Vec3& rgb) {
  const double x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
  const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  const double z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
  const double fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

Vec3 simulate(const Mat3& m, const Vec3& rgb) {
  Vec3 out{};
  for (int i = 0; i < 3; ++i)
    out[i] = std::clamp(m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2], 0.0, 1.0);
  return out;
}

double distance(const Vec3& a, const Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

struct Vision {
  const char* name;
  Mat3 matrix;
};
const Vision kVisions[] = {
    {"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
    {"protanopia", {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
    {"deuteranopia", {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
    {"tritanopia", {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
};

// CIELAB distance under `v`.
double apart(const Vision& v, Rgb a, Rgb b) { return distance(lab(simulate(v.matrix, linear(a))), lab(simulate(v.matrix, linear(b)))); }

}  // namespace

TEST_CASE("the colours that carry meaning stay apart for protanopia, deuteranopia and tritanopia, in both themes") {
  struct Pair { const char* what; Rgb a, b; };
  constexpr double kAtAGlance = 20.0;  // CIELAB units; about 2.3 is the just-noticeable difference
  for (palette::Theme theme : {palette::Theme::dark, palette::Theme::light}) {
    const palette::Colors& c = palette::colors(theme);
    const Pair pairs[] = {
        {"train vs validation curves", c.train, c.validation},
        {"right vs wrong answers", c.correct, c.mistake},
        {"first vs second operand", c.operand_a, c.operand_b},
        {"first operand vs result", c.operand_a, c.result},
        {"second operand vs result", c.operand_b, c.result},
        {"highlights vs an ordinary cell (A)", c.operand_a, c.cell_fill},
        {"highlights vs an ordinary cell (B)", c.operand_b, c.cell_fill},
        {"a curve vs the background (train)", c.train, c.background},
        {"a curve vs the background (validation)", c.validation, c.background},
        {"right vs the background", c.correct, c.background},
        {"wrong vs the background", c.mistake, c.background},
        {"text vs the background", c.text, c.background},
        {"text vs an ordinary cell", c.text, c.cell_fill},
        {"diverging map: negative vs positive end", palette::kDivergingLo, palette::kDivergingHi},
        {"diverging map: negative end vs zero", palette::kDivergingLo, palette::kDivergingMid},
        {"diverging map: positive end vs zero", palette::kDivergingHi, palette::kDivergingMid},
        {"sequential map: low vs middle", palette::kViridisLo, palette::kViridisMid},
        {"sequential map: middle vs high", palette::kViridisMid, palette::kViridisHi},
    };
    for (const Vision& v : kVisions) {
      double closest = 1e9;
      const char* closest_pair = "";
      for (const Pair& p : pairs) {
        const double d = apart(v, p.a, p.b);
        INFO(std::string(palette::theme_name(theme)) << " theme, " << std::string(v.name) << ": " << std::string(p.what)
                                                  << " are " << d << " apart");
        CHECK(d >= kAtAGlance);
        if (d < closest) {
          closest = d;
          closest_pair = p.what;
        }
      }
      MESSAGE(std::string(palette::theme_name(theme)) << " theme, " << std::string(v.name) << ": the closest pair is "
                                         << std::string(closest_pair) << ", " << closest << " apart");
    }
  }
}
