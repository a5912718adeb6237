// Sequential::input_gradient (saliency) against finite differences, for a dense and a
// convolutional model: the probability's gradient directly, the logit's through log-probabilities
// (log p_c - mean_k log p_k = z_c - mean_k z_k, which finite differences can reach).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "engine/explain.h"
#include "engine/random.h"
#include "engine/workshop_models.h"

using namespace dl;

namespace {

Sequential small_mlp() {
  Sequential m({12});
  m.add(Dense(8, Activation::sigmoid));
  m.add(Dense(4, Activation::softmax));
  return m;
}

Sequential small_cnn() {
  Sequential m({6, 6, 1});
  m.add(Conv2D(2, 3, Activation::relu));
  m.add(MaxPooling2D(2));
  m.add(Flatten());
  m.add(Dropout(0.3f));  // inference: passes through, and so does its gradient
  m.add(Dense(3, Activation::softmax));
  return m;
}

std::vector<float> probabilities(Sequential& m, const std::vector<float>& x) {
  std::vector<float> p(static_cast<size_t>(m.classes()));
  m.predict(x.data(), 1, p.data());
  return p;
}

// Central differences of f over every input, in double for the quotient.
template <class F>
std::vector<double> numeric_gradient(std::vector<float> x, F f, float h = 1e-2f) {
  std::vector<double> g(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const float keep = x[i];
    x[i] = keep + h;
    const double up = f(x);
    x[i] = keep - h;
    const double down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2.0 * h);
  }
  return g;
}

void check_close(const std::vector<float>& analytic, const std::vector<double>& numeric) {
  REQUIRE(analytic.size() == numeric.size());
  double scale = 1e-6;
  for (double v : numeric) scale = std::max(scale, std::fabs(v));
  for (size_t i = 0; i < numeric.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(analytic[i] - numeric[i]) <= 2e-3 * scale + 1e-5);
  }
}

void check_model(Sequential m, const Shape& input) {
  m.compile(OptimizerConfig::defaults(OptimizerKind::adam), 5);
  Rng rng(9);
  std::vector<float> x(shape_size(input));
  for (float& v : x) v = rng.uniform(0.0f, 1.0f);
  const int classes = m.classes();
  for (int c = 0; c < classes; ++c) {
    CAPTURE(c);
    std::vector<float> g(x.size());
    m.input_gradient(x.data(), c, g.data(), /*of_probability=*/true);
    check_close(g, numeric_gradient(x, [&](const std::vector<float>& v) { return double(probabilities(m, v)[size_t(c)]); }));
  }
  // The logit's gradient: z_c - mean_k z_k equals log p_c - mean_k log p_k.
  std::vector<std::vector<float>> logit(static_cast<size_t>(classes), std::vector<float>(x.size()));
  for (int c = 0; c < classes; ++c) m.input_gradient(x.data(), c, logit[size_t(c)].data());
  for (int c = 0; c < classes; ++c) {
    CAPTURE(c);
    std::vector<float> relative(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      double mean = 0;
      for (int k = 0; k < classes; ++k) mean += logit[size_t(k)][i];
      relative[i] = static_cast<float>(logit[size_t(c)][i] - mean / classes);
    }
    check_close(relative, numeric_gradient(x, [&](const std::vector<float>& v) {
      const std::vector<float> p = probabilities(m, v);
      double mean = 0;
      for (float q : p) mean += std::log(double(q));
      return std::log(double(p[size_t(c)])) - mean / classes;
    }));
  }
  // Nothing was learnt on the way.
  const std::vector<float> before = m.parameters();
  std::vector<float> g(x.size());
  m.input_gradient(x.data(), 0, g.data());
  CHECK(m.parameters() == before);
}

}  // namespace

TEST_CASE("saliency: a dense model's input gradient matches finite differences") { check_model(small_mlp(), {12}); }

TEST_CASE("saliency: a convolutional model's input gradient matches finite differences") {
  check_model(small_cnn(), {6, 6, 1});
}

TEST_CASE("saliency: the workshop's MLP and CNN give a gradient the size of a digit") {
  for (ModelKind kind : {ModelKind::mlp, ModelKind::cnn}) {
    Sequential m = make_workshop_model(kind);
    m.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
    std::vector<float> x(784, 0.0f), g(784, 0.0f);
    for (int i = 300; i < 500; ++i) x[size_t(i)] = 1.0f;
    m.input_gradient(x.data(), 3, g.data());
    double norm = 0;
    for (float v : g) {
      REQUIRE(std::isfinite(v));
      norm += double(v) * v;
    }
    CHECK(norm > 0.0);
  }
}

TEST_CASE("occlusion sensitivity: hiding the ink a trained model reads drops its probability, as its gradient predicts") {
  Result<Dataset> train = load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", "train");
  REQUIRE(train.is_ok());
  Sequential m = make_workshop_mlp();
  m.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
  m.set_threads(2);
  FitOptions fit;
  fit.batch_size = 64;
  REQUIRE(m.fit(train->first(6000), nullptr, fit, 1).is_ok());
  Result<Dataset> test = load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", "t10k");
  REQUIRE(test.is_ok());
  std::vector<float> x(784);
  image_to_input(test->image(0), 784, x.data());  // a 7
  const int label = test->labels[0];
  const OcclusionGrid grid;
  const std::vector<float> drops = occlusion_map(m, x.data(), label, grid);
  REQUIRE(drops.size() == static_cast<size_t>(grid.positions() * grid.positions()));
  // A corner patch hides no ink: no drop. The largest drop is where the ink is.
  CHECK(std::fabs(drops[0]) < 0.01f);
  CHECK(*std::max_element(drops.begin(), drops.end()) > 0.05f);
  std::vector<float> saliency(784);
  m.input_gradient(x.data(), label, saliency.data(), /*of_probability=*/true);
  const float r = correlation(gradient_predicted_drop(saliency, x.data(), grid), drops);
  MESSAGE("occlusion vs the drop the gradient predicts: r = " << r);
  CHECK(r > 0.5f);
  // And over the first 20 test digits, for their own class and for a rival (label + 1), not only one.
  for (int rival = 0; rival < 2; ++rival) {
    double sum = 0;
    for (int i = 0; i < 20; ++i) {
      image_to_input(test->image(i), 784, x.data());
      const int c = (test->labels[static_cast<size_t>(i)] + rival) % 10;
      m.input_gradient(x.data(), c, saliency.data(), true);
      sum += correlation(gradient_predicted_drop(saliency, x.data(), grid), occlusion_map(m, x.data(), c, grid));
    }
    MESSAGE(std::string(rival ? "a rival class" : "their own class") << ": mean r over 20 test digits " << sum / 20);
    CHECK(sum / 20 > 0.5);
  }
  CHECK(correlation({1, 2, 3}, {2, 4, 6}) == doctest::Approx(1.0f));
  CHECK(correlation({1, 1, 1}, {2, 4, 6}) == 0.0f);
}
