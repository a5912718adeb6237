// The gradient-descent lesson: analytic gradients, the three slope cases, and SGD, momentum
// and Adam run by dl::Optimizer — momentum checked against the workshop's formula by hand.
#include "lessons/descent.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace dl;
using namespace dl::lessons;

TEST_CASE("descent: analytic gradients agree with central finite differences") {
  for (LossSurface surface : {LossSurface::convex_1d, LossSurface::bumpy_1d, LossSurface::bumpy_2d}) {
    const int dims = surface_info(surface).dimensions;
    for (float x : {-1.7f, -0.4f, 0.3f, 1.2f}) {
      const float w[2] = {x, 0.8f - x};
      float analytic[2] = {};
      surface_gradient(surface, w, analytic);
      for (int d = 0; d < dims; ++d) {
        const double h = 1e-3;
        double plus[2] = {w[0], w[1]}, minus[2] = {w[0], w[1]};
        plus[d] += h;
        minus[d] -= h;
        const float p[2] = {static_cast<float>(plus[0]), static_cast<float>(plus[1])};
        const float m[2] = {static_cast<float>(minus[0]), static_cast<float>(minus[1])};
        const double numeric = (surface_loss(surface, p) - surface_loss(surface, m)) / (2 * h);
        CHECK(analytic[d] == doctest::Approx(numeric).epsilon(2e-3));
      }
    }
  }
}

TEST_CASE("descent: the workshop's three cases of dL/dw") {
  CHECK(classify_slope(-0.5f) == SlopeCase::downhill);  // case 1: increase w
  CHECK(classify_slope(0.5f) == SlopeCase::uphill);     // case 2: decrease w
  CHECK(classify_slope(0.0f) == SlopeCase::flat);       // case 3: leave w
  CHECK(classify_slope(kFlatSlope / 2) == SlopeCase::flat);

  DescentLesson lesson(LossSurface::convex_1d);  // L = (w - 1)^2
  lesson.set_start({-1.0f, 0.0f});
  CHECK(lesson.at_current_step(0).slope[0] == SlopeCase::downhill);
  lesson.set_start({3.0f, 0.0f});
  CHECK(lesson.at_current_step(0).slope[0] == SlopeCase::uphill);
  lesson.set_start({1.0f, 0.0f});
  CHECK(lesson.at_current_step(0).slope[0] == SlopeCase::flat);
  lesson.set_step(lesson.step_count() - 1);
  CHECK(lesson.at_current_step(0).w[0] == 1.0f);  // at the bottom nothing moves
}

TEST_CASE("descent: momentum follows m <- ρm + dL/dw, w <- w - ℓm for two steps by hand") {
  DescentLesson lesson(LossSurface::convex_1d);
  lesson.set_start({3.0f, 0.0f});
  lesson.set_learning_rate(0.1f);
  lesson.set_momentum(0.9f);
  const int momentum = 1;
  REQUIRE(DescentLesson::kOptimizers[momentum] == OptimizerKind::momentum);
  const std::vector<DescentPoint>& points = lesson.trajectories()[momentum].points;

  // L = (w - 1)^2, dL/dw = 2(w - 1); from w0 = 3: g0 = 4, m1 = 4, w1 = 3 - 0.4 = 2.6;
  // g1 = 3.2, m2 = 0.9 * 4 + 3.2 = 6.8, w2 = 2.6 - 0.68 = 1.92.
  float w = 3.0f, m = 0.0f;
  for (int t = 1; t <= 2; ++t) {
    const float g = 2.0f * (w - 1.0f);
    m = 0.9f * m + g;
    w = w - 0.1f * m;
    CHECK(points[static_cast<size_t>(t)].w[0] == w);
  }
  CHECK(points[2].w[0] == doctest::Approx(1.92f));
  // Plain SGD from the same start: w1 = 3 - 0.1 * 4 = 2.6, w2 = 2.6 - 0.1 * 3.2 = 2.28.
  CHECK(lesson.trajectories()[0].points[2].w[0] == doctest::Approx(2.28f));
}

TEST_CASE("descent: all racers start together; SGD reaches a convex minimum") {
  DescentLesson lesson(LossSurface::convex_1d);
  REQUIRE(lesson.trajectories().size() == 3);
  for (const Trajectory& t : lesson.trajectories()) {
    CHECK(t.points.size() == static_cast<size_t>(lesson.iterations() + 1));
    CHECK(t.points[0].w == lesson.trajectories()[0].points[0].w);
  }
  CHECK(lesson.trajectories()[0].points.back().w[0] == doctest::Approx(1.0f).epsilon(1e-3));
  CHECK(lesson.step_count() == lesson.iterations() + 1);
  lesson.set_iterations(20);
  CHECK(lesson.step_count() == 21);
}

TEST_CASE("descent: on curves with several minima SGD stops in the local one and momentum rolls through") {
  DescentLesson lesson(LossSurface::bumpy_1d);  // minima near 1.13 (local) and -1.30 (global)
  lesson.set_step(lesson.step_count() - 1);
  CHECK(lesson.at_current_step(0).w[0] == doctest::Approx(1.131f).epsilon(1e-2));
  CHECK(lesson.at_current_step(1).w[0] == doctest::Approx(-1.301f).epsilon(1e-2));
  CHECK(lesson.at_current_step(1).loss < lesson.at_current_step(0).loss);

  lesson.set_surface(LossSurface::bumpy_2d);
  CHECK(lesson.dimensions() == 2);
  lesson.set_step(lesson.step_count() - 1);
  CHECK(lesson.at_current_step(1).loss < lesson.at_current_step(0).loss);
  CHECK(lesson.at_current_step(1).loss < lesson.at_current_step(2).loss);
  CHECK(lesson.values_json().find(R"("surface":"bumpy_2d")") != std::string::npos);
  CHECK(lesson.values_json().find(R"("momentum":{"w":[)") != std::string::npos);
}

TEST_CASE("descent: a learning rate far too large is caught as divergence, not overflow") {
  DescentLesson lesson(LossSurface::bumpy_1d);
  lesson.set_learning_rate(1.0f);
  const Trajectory& sgd = lesson.trajectories()[0];
  REQUIRE(sgd.diverged_at > 0);
  CHECK(sgd.points.back().diverged);
  CHECK(std::isfinite(sgd.points.back().loss));
}

TEST_CASE("descent: curves and surfaces sampled for plotting") {
  DescentLesson lesson(LossSurface::bumpy_1d);
  const std::vector<CurvePoint> curve = lesson.sample_curve(5);
  REQUIRE(curve.size() == 5);
  CHECK(curve.front().x == surface_info(LossSurface::bumpy_1d).domain_lo);
  const float w0[1] = {curve[2].x};
  CHECK(curve[2].y == surface_loss(LossSurface::bumpy_1d, w0));

  lesson.set_surface(LossSurface::bumpy_2d);
  const Tensor grid = lesson.sample_surface(9);
  CHECK(grid.shape() == Shape{9, 9});
  const float corner[2] = {-2.0f, -2.0f}, centre[2] = {0.0f, 0.0f};
  CHECK(grid[0] == surface_loss(LossSurface::bumpy_2d, corner));
  CHECK(grid[4 * 9 + 4] == surface_loss(LossSurface::bumpy_2d, centre));
}
