// Lesson 6 (gradient descent): the three cases of the derivative's sign at a point, and plain
// SGD, SGD + momentum (ρ = 0.9) and Adam setting off from the same start on small loss
// surfaces — a convex bowl, and curves with a local and a global minimum — each run by the
// engine's own dl::Optimizer on a 1- or 2-element weight vector.
#pragma once
#include <array>
#include <span>
#include <vector>

#include "engine/optimizer.h"
#include "engine/tensor.h"
#include "lessons/curve.h"
#include "lessons/step_model.h"

namespace dl::lessons {

enum class LossSurface {
  convex_1d,  // L(w) = (w - 1)^2: one global minimum, where SGD works really well
  bumpy_1d,   // L(w) = w^4 - 3w^2 + w: a local minimum near 1.13, the global one near -1.30
  bumpy_2d,   // L(x, y) = (x^2 - 1)^2 + (y^2 - 1)^2 + 0.3x + 0.2y: four minima, one global
};

struct SurfaceInfo {
  LossSurface surface;
  const char* name;            // "convex_1d"
  const char* formula;         // for the page
  int dimensions;              // 1 or 2 weights
  float domain_lo, domain_hi;  // plot range on every axis
  std::array<float, 2> start;  // a start that shows the lesson's point
  float learning_rate;         // ...with this learning rate
};
const SurfaceInfo& surface_info(LossSurface surface);

float surface_loss(LossSurface surface, std::span<const float> w);
// The analytic gradient dL/dw (the lesson's tests check it against finite differences).
void surface_gradient(LossSurface surface, std::span<const float> w, std::span<float> gradient);

// The workshop's three cases for a weight's update Δw = -ℓ dL/dw.
enum class SlopeCase {
  downhill,  // dL/dw < 0: increasing w lowers the loss, so w increases
  uphill,    // dL/dw > 0: w decreases
  flat,      // dL/dw ≈ 0: the bottom of a valley (or a peak); w stays
};
constexpr float kFlatSlope = 1e-3f;  // |dL/dw| below this counts as flat
SlopeCase classify_slope(float derivative);
const char* slope_case_name(SlopeCase slope);  // "downhill", "uphill", "flat"

struct DescentPoint {
  std::array<float, 2> w{};  // the weights (only w[0] on a 1-D surface)
  float loss = 0.0f;
  std::array<float, 2> gradient{};  // dL/dw at w
  std::array<SlopeCase, 2> slope{SlopeCase::flat, SlopeCase::flat};
  bool diverged = false;  // the run left the plot far behind and stopped here
};

struct Trajectory {
  OptimizerKind kind = OptimizerKind::sgd;
  std::vector<DescentPoint> points;  // points[t]: after t updates; iterations() + 1 of them
  int diverged_at = -1;              // first iteration that blew up, or -1
};

class DescentLesson final : public StepModel {
 public:
  // The racers, in the order trajectories() lists them.
  static constexpr std::array<OptimizerKind, 3> kOptimizers{OptimizerKind::sgd, OptimizerKind::momentum,
                                                            OptimizerKind::adam};

  explicit DescentLesson(LossSurface surface = LossSurface::bumpy_1d);

  static constexpr LessonId kId = LessonId::descent;
  LessonId id() const override { return kId; }
  int step_count() const override { return iterations_ + 1; }  // step t: every racer after t updates
  // {lesson, step, steps, surface, learning_rate, momentum, and per racer (sgd, momentum,
  //  adam): {w, loss, gradient, slope, slope_y (2-D only), diverged}}
  std::string values_json() const override;
  std::string describe() const override;

  // Inputs; each reruns all three optimizers (the runs are tiny) and keeps the step if in range.
  void set_surface(LossSurface surface);  // also loads the surface's suggested start and learning rate
  void set_start(std::array<float, 2> start);
  void set_learning_rate(float learning_rate);  // shared by all three, for a fair race
  void set_momentum(float rho);                 // ρ, the "friction" (0.9 in the workshop)
  void set_iterations(int iterations);          // 1..2000

  LossSurface surface() const { return surface_; }
  int dimensions() const { return surface_info(surface_).dimensions; }
  std::array<float, 2> start() const { return start_; }
  float learning_rate() const { return learning_rate_; }
  float momentum() const { return momentum_; }
  int iterations() const { return iterations_; }

  const std::vector<Trajectory>& trajectories() const { return trajectories_; }
  const DescentPoint& at_current_step(int racer) const;  // racer indexes kOptimizers

  // For plotting: L(w) at `samples` points across the domain (1-D surfaces), and an
  // [resolution, resolution] grid of L(x, y) (2-D; row r is y, column c is x, both ascending).
  std::vector<CurvePoint> sample_curve(int samples) const;
  Tensor sample_surface(int resolution) const;

 private:
  void update_current_step() override {}  // at_current_step() reads the recorded trajectories
  void run();
  DescentPoint measure(std::array<float, 2> w) const;

  LossSurface surface_ = LossSurface::bumpy_1d;
  std::array<float, 2> start_{};
  float learning_rate_ = 0.01f;
  float momentum_ = 0.9f;
  int iterations_ = 200;
  std::vector<Trajectory> trajectories_;
};

}  // namespace dl::lessons
