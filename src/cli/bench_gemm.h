// GEMM benchmark for digitlab-bench: GFLOP/s of dl::gemm on square and training shapes, for
// whichever back end this build has (Eigen natively, the wasm_simd128 kernel on the web).
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "engine/gemm.h"

namespace dl::bench {

struct GemmShape {
  const char* name;
  int m, n, k;
  Transpose trans_a = Transpose::no;
  Transpose trans_b = Transpose::no;
  float beta = 0.0f;  // a conv layer's weight gradient accumulates over its chunks (beta = 1), as training does
};

struct GemmSpeed {
  double best_gflops = 0.0;    // fastest timing window: the speed when nothing else ran
  double median_gflops = 0.0;  // typical window: lower when the machine is shared
};

// Times repeated gemm calls for at least min_seconds, in windows of at least 2 ms (shorter than
// a scheduler time slice, so on a busy machine some windows still run undisturbed).
inline GemmSpeed measure_gemm(const GemmShape& shape, double min_seconds) {
  const bool trans_a = shape.trans_a == Transpose::yes, trans_b = shape.trans_b == Transpose::yes;
  std::vector<float> a(static_cast<size_t>(shape.m) * shape.k), b(static_cast<size_t>(shape.k) * shape.n);
  std::vector<float> c(static_cast<size_t>(shape.m) * shape.n, 0.0f);
  // Values of either sign and no denormals; their exact values do not affect the speed.
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i * 37 % 101) / 101.0f - 0.5f;
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i * 53 % 97) / 97.0f - 0.5f;
  const GemmArgs args{shape.trans_a, shape.trans_b, shape.m,  shape.n,    shape.k,  a.data(),
                      trans_a ? shape.m : shape.k,  b.data(), trans_b ? shape.k : shape.n,
                      shape.beta,                   c.data(), shape.n};
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  gemm(args);  // warm up: caches, packing buffers, the JIT's optimising tier
  const double flop_per_call = 2.0 * shape.m * shape.n * shape.k;
  std::vector<double> window_gflops;
  const Clock::time_point begin = Clock::now();
  while (window_gflops.size() < 3 || seconds_since(begin) < min_seconds) {
    const Clock::time_point window_start = Clock::now();
    int calls = 0;
    double elapsed = 0.0;
    do {
      gemm(args);
      ++calls;
      elapsed = seconds_since(window_start);
    } while (elapsed < 0.002);
    window_gflops.push_back(flop_per_call * calls / elapsed * 1e-9);
  }
  std::sort(window_gflops.begin(), window_gflops.end());
  return {window_gflops.back(), window_gflops[window_gflops.size() / 2]};
}

// GFLOP/s (best window) of C = A * B for M x K times K x N, both stored untransposed.
inline double measure_gemm_gflops(int m, int n, int k, double min_seconds) {
  return measure_gemm({"", m, n, k}, min_seconds).best_gflops;
}

// The shapes the workshop models train with, per worker. The MLP is 784-800-10 at batch 64 (M = 32
// when two workers split it). The CNN's are those of a 16-image slice (batch 32 on two threads) as
// Conv2D runs them: in chunks of about 128 K patch values (conv2d.cpp, images_per_chunk), so conv1
// takes the slice at once, conv2 one image (24 x 24 outputs, 3x3x32 patches), conv3 four (10 x 10)
// and conv4 three (8 x 8, 3x3x64 patches); each conv shows forward, dK and d(patches).
inline std::vector<GemmShape> gemm_benchmark_shapes() {
  const Transpose no = Transpose::no, yes = Transpose::yes;
  return {
      {"square 256", 256, 256, 256},
      {"square 512", 512, 512, 512},
      {"square 1024", 1024, 1024, 1024},
      {"mlp dense x.W (batch 64)", 64, 800, 784},
      {"mlp dense x.W (batch 32)", 32, 800, 784},
      {"mlp dense dW = x^T.dy", 784, 800, 64, yes, no},
      {"mlp dense dx = dy.W^T", 64, 784, 800, no, yes},
      {"mlp dense dx (batch 32)", 32, 784, 800, no, yes},
      {"mlp output x.W (N = 10)", 64, 10, 800},
      {"cnn conv1 cols.K (16 img)", 16 * 676, 32, 9},
      {"cnn conv1 dK = cols^T.dz", 9, 32, 16 * 676, yes, no},
      {"cnn conv2 cols.K (1 img)", 576, 32, 288},
      {"cnn conv2 dK += cols^T.dz", 288, 32, 576, yes, no, 1.0f},
      {"cnn conv2 dcols = dz.K^T", 576, 288, 32, no, yes},
      {"cnn conv3 cols.K (4 img)", 4 * 100, 64, 288},
      {"cnn conv3 dK += cols^T.dz", 288, 64, 4 * 100, yes, no, 1.0f},
      {"cnn conv3 dcols = dz.K^T", 4 * 100, 288, 64, no, yes},
      {"cnn conv4 cols.K (3 img)", 3 * 64, 64, 576},
      {"cnn conv4 dK += cols^T.dz", 576, 64, 3 * 64, yes, no, 1.0f},
      {"cnn conv4 dcols = dz.K^T", 3 * 64, 576, 64, no, yes},
      {"cnn dense x.W (1024)", 16, 1024, 1024},
      {"cnn dense dW = x^T.dy", 1024, 1024, 16, yes, no},
      {"cnn dense dx = dy.W^T", 16, 1024, 1024, no, yes},
  };
}

// Prints GFLOP/s for every benchmark shape on this build's back end; returns the best square figure.
inline double print_gemm_table(double min_seconds_per_shape, std::FILE* out = stdout) {
  std::fprintf(out, "GEMM, back end %s, one thread (best and median of >= 2 ms windows)\n", gemm_backend_name());
  std::fprintf(out, "  %-28s %6s %6s %6s %3s %3s %10s %10s\n", "shape", "M", "N", "K", "tA", "tB", "GFLOP/s",
               "median");
  double best_square = 0.0;
  for (const GemmShape& shape : gemm_benchmark_shapes()) {
    const GemmSpeed speed = measure_gemm(shape, min_seconds_per_shape);
    std::fprintf(out, "  %-28s %6d %6d %6d %3s %3s %10.1f %10.1f\n", shape.name, shape.m, shape.n, shape.k,
                 shape.trans_a == Transpose::yes ? "T" : "-", shape.trans_b == Transpose::yes ? "T" : "-",
                 speed.best_gflops, speed.median_gflops);
    std::fflush(out);
    if (shape.m == shape.n && shape.n == shape.k) best_square = std::max(best_square, speed.best_gflops);
  }
  return best_square;
}

}  // namespace dl::bench
