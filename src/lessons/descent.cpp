// DescentLesson: three optimizer runs recorded step by step on a small analytic surface.
#include "lessons/descent.h"

#include <algorithm>
#include <cmath>

#include "engine/check.h"

namespace dl::lessons {

namespace {

// Each start and learning rate is picked so the surface makes the workshop's point: on the
// bumpy ones plain SGD settles in the nearer, local minimum while momentum rolls through it.
constexpr SurfaceInfo kSurfaces[] = {
    {LossSurface::convex_1d, "convex_1d", "L(w) = (w - 1)^2", 1, -2.0f, 4.0f, {3.5f, 0.0f}, 0.1f},
    {LossSurface::bumpy_1d, "bumpy_1d", "L(w) = w^4 - 3w^2 + w", 1, -2.0f, 2.2f, {2.0f, 0.0f}, 0.01f},
    {LossSurface::bumpy_2d,
     "bumpy_2d",
     "L(x, y) = (x^2 - 1)^2 + (y^2 - 1)^2 + 0.3x + 0.2y",
     2,
     -2.0f,
     2.0f,
     {1.8f, 1.6f},
     0.02f},
};

// Beyond this the run has left any sensible plot; stop rather than overflow.
constexpr float kDivergedMagnitude = 1e3f;

bool has_diverged(const DescentPoint& p, size_t dims) {
  if (!std::isfinite(p.loss)) return true;
  for (size_t d = 0; d < dims; ++d)
    if (!(std::fabs(p.w[d]) <= kDivergedMagnitude)) return true;  // also true for NaN
  return false;
}

}  // namespace

const SurfaceInfo& surface_info(LossSurface surface) {
  for (const SurfaceInfo& info : kSurfaces)
    if (info.surface == surface) return info;
  DL_CHECK(false && "every LossSurface has a row in kSurfaces");
  return kSurfaces[0];
}

float surface_loss(LossSurface surface, std::span<const float> w) {
  DL_CHECK(static_cast<int>(w.size()) >= surface_info(surface).dimensions);
  switch (surface) {
    case LossSurface::convex_1d: return (w[0] - 1.0f) * (w[0] - 1.0f);
    case LossSurface::bumpy_1d: return w[0] * w[0] * w[0] * w[0] - 3.0f * w[0] * w[0] + w[0];
    case LossSurface::bumpy_2d: {
      const float x = w[0], y = w[1];
      return (x * x - 1.0f) * (x * x - 1.0f) + (y * y - 1.0f) * (y * y - 1.0f) + 0.3f * x + 0.2f * y;
    }
  }
  return 0.0f;
}

void surface_gradient(LossSurface surface, std::span<const float> w, std::span<float> gradient) {
  const int dims = surface_info(surface).dimensions;
  DL_CHECK(static_cast<int>(w.size()) >= dims && static_cast<int>(gradient.size()) >= dims);
  switch (surface) {
    case LossSurface::convex_1d: gradient[0] = 2.0f * (w[0] - 1.0f); return;
    case LossSurface::bumpy_1d: gradient[0] = 4.0f * w[0] * w[0] * w[0] - 6.0f * w[0] + 1.0f; return;
    case LossSurface::bumpy_2d:
      gradient[0] = 4.0f * w[0] * (w[0] * w[0] - 1.0f) + 0.3f;
      gradient[1] = 4.0f * w[1] * (w[1] * w[1] - 1.0f) + 0.2f;
      return;
  }
}

SlopeCase classify_slope(float derivative) {
  if (std::fabs(derivative) < kFlatSlope) return SlopeCase::flat;
  return derivative < 0.0f ? SlopeCase::downhill : SlopeCase::uphill;
}

const char* slope_case_name(SlopeCase slope) {
  switch (slope) {
    case SlopeCase::downhill: return "downhill";
    case SlopeCase::uphill: return "uphill";
    case SlopeCase::flat: return "flat";
  }
  return "?";
}

DescentLesson::DescentLesson(LossSurface surface) {
  surface_ = surface;
  start_ = surface_info(surface).start;
  learning_rate_ = surface_info(surface).learning_rate;
  run();
  refresh();
}

void DescentLesson::set_surface(LossSurface surface) {
  surface_ = surface;
  start_ = surface_info(surface).start;
  learning_rate_ = surface_info(surface).learning_rate;
  run();
  refresh();
}

void DescentLesson::set_start(std::array<float, 2> start) {
  if (!std::isfinite(start[0]) || !std::isfinite(start[1])) return;  // not a point on the plot
  start_ = start;
  run();
  refresh();
}

void DescentLesson::set_learning_rate(float learning_rate) {
  if (!std::isfinite(learning_rate)) return;
  learning_rate_ = std::max(learning_rate, 0.0f);
  run();
  refresh();
}

void DescentLesson::set_momentum(float rho) {
  if (std::isnan(rho)) return;
  momentum_ = std::clamp(rho, 0.0f, 0.999f);
  run();
  refresh();
}

void DescentLesson::set_iterations(int iterations) {
  iterations_ = std::clamp(iterations, 1, 2000);
  run();
  refresh();
}

DescentPoint DescentLesson::measure(std::array<float, 2> w) const {
  const int dims = dimensions();
  DescentPoint p;
  p.w = w;
  p.loss = surface_loss(surface_, w);
  surface_gradient(surface_, w, p.gradient);
  for (int d = 0; d < dims; ++d) p.slope[static_cast<size_t>(d)] = classify_slope(p.gradient[static_cast<size_t>(d)]);
  return p;
}

void DescentLesson::run() {
  const size_t dims = static_cast<size_t>(dimensions());
  if (dims == 1) start_[1] = 0.0f;
  trajectories_.clear();
  for (OptimizerKind kind : kOptimizers) {
    OptimizerConfig config = OptimizerConfig::defaults(kind);
    config.learning_rate = learning_rate_;
    config.momentum = momentum_;
    Optimizer optimizer(config);

    Trajectory trajectory;
    trajectory.kind = kind;
    std::array<float, 2> w = start_;
    trajectory.points.push_back(measure(w));
    for (int t = 1; t <= iterations_; ++t) {
      DescentPoint next = trajectory.points.back();
      if (trajectory.diverged_at < 0) {
        optimizer.step(w.data(), trajectory.points.back().gradient.data(), dims);
        next = measure(w);
        if (has_diverged(next, dims)) {
          trajectory.diverged_at = t;
          next = trajectory.points.back();  // hold the last sensible point
          next.diverged = true;
        }
      }
      trajectory.points.push_back(next);
    }
    trajectories_.push_back(std::move(trajectory));
  }
}

const DescentPoint& DescentLesson::at_current_step(int racer) const {
  DL_CHECK(racer >= 0 && racer < static_cast<int>(trajectories_.size()));
  return trajectories_[static_cast<size_t>(racer)].points[static_cast<size_t>(step())];
}

std::vector<CurvePoint> DescentLesson::sample_curve(int samples) const {
  const SurfaceInfo& info = surface_info(surface_);
  samples = std::max(samples, 2);
  std::vector<CurvePoint> curve;
  for (int i = 0; i < samples; ++i) {
    const float w[2] = {info.domain_lo + (info.domain_hi - info.domain_lo) * static_cast<float>(i) / (samples - 1), 0};
    curve.push_back({w[0], surface_loss(surface_, w)});
  }
  return curve;
}

Tensor DescentLesson::sample_surface(int resolution) const {
  const SurfaceInfo& info = surface_info(surface_);
  resolution = std::max(resolution, 2);
  Tensor grid({resolution, resolution});
  const float span = info.domain_hi - info.domain_lo;
  for (int r = 0; r < resolution; ++r)
    for (int c = 0; c < resolution; ++c) {
      const float w[2] = {info.domain_lo + span * static_cast<float>(c) / (resolution - 1),
                          info.domain_lo + span * static_cast<float>(r) / (resolution - 1)};
      grid[static_cast<size_t>(r) * resolution + c] = surface_loss(surface_, w);
    }
  return grid;
}

std::string DescentLesson::values_json() const {
  const size_t dims = static_cast<size_t>(dimensions());
  JsonWriter json = json_header();
  json.string("surface", surface_info(surface_).name)
      .number("learning_rate", learning_rate_)
      .number("momentum", momentum_);
  for (size_t racer = 0; racer < kOptimizers.size(); ++racer) {
    const DescentPoint& p = at_current_step(static_cast<int>(racer));
    const char* slopes[2] = {slope_case_name(p.slope[0]), slope_case_name(p.slope[1])};
    json.begin_object(optimizer_name(kOptimizers[racer]))
        .numbers("w", std::span(p.w).first(dims))
        .number("loss", p.loss)
        .numbers("gradient", std::span(p.gradient).first(dims))
        .string("slope", slopes[0]);
    if (dims == 2) json.string("slope_y", slopes[1]);
    json.boolean("diverged", p.diverged).end_object();
  }
  return json.finish();
}

std::string DescentLesson::describe() const {
  std::string text = "After " + std::to_string(step()) + " update" + (step() == 1 ? "" : "s") + ": ";
  for (size_t r = 0; r < trajectories_.size(); ++r) {
    const Trajectory& t = trajectories_[r];
    const DescentPoint& p = t.points[std::min(static_cast<size_t>(step()), t.points.size() - 1)];
    text += std::string(r ? "; " : "") + optimizer_name(t.kind) + " at w = " + number_text(p.w[0]) +
            (dimensions() == 2 ? ", " + number_text(p.w[1]) : std::string()) + ", loss " + number_text(p.loss) +
            (p.diverged ? " (diverged)" : "");
  }
  return text + ".";
}

}  // namespace dl::lessons
