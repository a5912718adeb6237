// A sampled point of a curve the page plots: loss against p, loss against w.
#pragma once

namespace dl::lessons {

struct CurvePoint {
  float x = 0.0f, y = 0.0f;
};

}  // namespace dl::lessons
