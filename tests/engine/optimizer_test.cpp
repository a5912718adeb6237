// One step of each optimizer against its formula, with hand-computed numbers.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/optimizer.h"

using namespace dl;

TEST_CASE("SGD: w <- w - lr g") {
  Optimizer opt({OptimizerKind::sgd, 0.1f});
  float w[] = {1.0f, -2.0f};
  const float g[] = {0.5f, -1.0f};
  opt.step(w, g, 2);
  CHECK(w[0] == doctest::Approx(0.95f));
  CHECK(w[1] == doctest::Approx(-1.9f));
}

TEST_CASE("SGD with momentum, the workshop's form: m <- rho m + g; w <- w - lr m") {
  OptimizerConfig c = OptimizerConfig::defaults(OptimizerKind::momentum);
  c.learning_rate = 0.1f;
  Optimizer opt(c);
  float w[] = {1.0f};
  const float g[] = {2.0f};
  opt.step(w, g, 1);  // m = 2, w = 1 - 0.2
  CHECK(w[0] == doctest::Approx(0.8f));
  opt.step(w, g, 1);  // m = 0.9*2 + 2 = 3.8, w = 0.8 - 0.38
  CHECK(w[0] == doctest::Approx(0.42f));
}

TEST_CASE("Adam with Keras defaults: the first steps move each weight by about lr") {
  Optimizer opt(OptimizerConfig::defaults(OptimizerKind::adam));
  CHECK(opt.config().learning_rate == 0.001f);
  CHECK(opt.config().beta1 == 0.9f);
  CHECK(opt.config().beta2 == 0.999f);
  CHECK(opt.config().epsilon == 1e-7f);
  float w[] = {1.0f, 1.0f};
  const float g[] = {0.3f, -4.0f};
  opt.step(w, g, 2);
  // t=1: m = 0.1 g, v = 0.001 g^2, lr_t = 0.001 sqrt(0.001)/0.1; step = lr_t m / (sqrt(v) + eps)
  for (int i = 0; i < 2; ++i) {
    const double m = 0.1 * g[i], v = 0.001 * g[i] * g[i];
    const double lr_t = 0.001 * std::sqrt(1 - 0.999) / (1 - 0.9);
    CHECK(w[i] == doctest::Approx(1.0 - lr_t * m / (std::sqrt(v) + 1e-7)).epsilon(1e-6));
  }
  CHECK(w[0] == doctest::Approx(0.999).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(1.001).epsilon(1e-5));
  // t=2 with the same gradient
  const float before = w[0];
  opt.step(w, g, 2);
  const double m = 0.9 * 0.1 * 0.3 + 0.1 * 0.3, v = 0.999 * 0.001 * 0.09 + 0.001 * 0.09;
  const double lr_t = 0.001 * std::sqrt(1 - 0.999 * 0.999) / (1 - 0.81);
  CHECK(w[0] == doctest::Approx(before - lr_t * m / (std::sqrt(v) + 1e-7)).epsilon(1e-6));
}

TEST_CASE("RMSprop: s <- rho s + (1-rho) g^2; w <- w - lr g / (sqrt(s) + eps)") {
  Optimizer opt(OptimizerConfig::defaults(OptimizerKind::rmsprop));
  float w[] = {0.0f};
  const float g[] = {2.0f};
  opt.step(w, g, 1);
  const double s = 0.1 * 4.0;
  CHECK(w[0] == doctest::Approx(-0.001 * 2.0 / (std::sqrt(s) + 1e-7)).epsilon(1e-6));
}

TEST_CASE("optimizer names parse and unknown ones are refused") {
  CHECK(parse_optimizer("adam").value() == OptimizerKind::adam);
  CHECK(!parse_optimizer("adamw"));
  CHECK(parse_optimizer("adamw").message().find("unknown optimizer") != std::string::npos);
}
