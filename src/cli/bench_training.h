// Training-throughput benchmark for digitlab-bench: examples/s of train_on_batch for the
// workshop's MLP (batch 64) and CNN (batch 32) at a given thread count, on real MNIST when
// available (synthetic data otherwise: the speed does not depend on the pixel values).
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <vector>

#include "engine/random.h"
#include "engine/workshop_models.h"

namespace dl::bench {

struct TrainingResult {
  double examples_per_second = 0.0;
  double gflops = 0.0;  // using the nominal training cost per example
};

// Nominal training cost (forward + backward) per example, for GFLOP/s figures.
inline double training_mflop_per_example(ModelKind kind) { return kind == ModelKind::mlp ? 7.5 : 71.0; }

// Median of `repeats` timed runs of `batches` steps each, after one warm-up run.
inline TrainingResult measure_training(ModelKind kind, int batch_size, int threads, const Dataset* data, int batches,
                                       int repeats) {
  Sequential model = make_workshop_model(kind);
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
  model.set_threads(threads);
  const size_t in = shape_size(model.input_shape());
  std::vector<float> x(static_cast<size_t>(batch_size) * in), y(static_cast<size_t>(batch_size) * 10, 0.0f);
  Rng rng(3);
  std::vector<int> indices(static_cast<size_t>(batch_size));
  auto next_batch = [&](int b) {
    if (data && data->count >= batch_size) {
      for (int i = 0; i < batch_size; ++i) indices[static_cast<size_t>(i)] = (b * batch_size + i) % data->count;
      fill_batch(*data, indices.data(), batch_size, x.data(), y.data());
    } else {
      for (float& v : x) v = rng.uniform01();
      std::fill(y.begin(), y.end(), 0.0f);
      for (int i = 0; i < batch_size; ++i) y[static_cast<size_t>(i) * 10 + rng.below(10)] = 1.0f;
    }
  };
  std::vector<double> rates;
  for (int r = 0; r <= repeats; ++r) {
    double seconds = 0.0;
    for (int b = 0; b < batches; ++b) {
      const auto start = std::chrono::steady_clock::now();
      next_batch(b);  // scaling the batch is part of training, as in fit()
      (void)model.train_on_batch(x.data(), y.data(), batch_size);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (r > 0) rates.push_back(batches * batch_size / seconds);  // run 0 warms up
  }
  std::sort(rates.begin(), rates.end());
  TrainingResult result;
  result.examples_per_second = rates[rates.size() / 2];
  result.gflops = result.examples_per_second * training_mflop_per_example(kind) / 1000.0;
  return result;
}

}  // namespace dl::bench
