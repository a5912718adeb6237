// digitlab-bench: engine speed figures — training examples/s for the workshop's MLP (batch 64)
// and CNN (batch 32) at 1 and 2 threads, the GFLOP/s that implies, and a GEMM table.
// Usage: digitlab-bench [--quick] [--repeats N] [--gemm-seconds S] [--data DIR] [--skip-gemm] [--gemm-only]
//                       [--model mlp|cnn] [--threads N]   (only that row of the training table)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/bench_gemm.h"
#include "cli/bench_training.h"

namespace {
struct Options {
  int repeats = 5;  // timed runs per configuration; the median is reported
  double gemm_seconds = 0.5;
  bool skip_gemm = false;
  bool gemm_only = false;
  std::string data_dir = "data/mnist";
  std::string model;  // "": both
  int threads = 0;    // 0: 1 and 2
};
}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "digitlab-bench: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--quick") { o.repeats = 1; o.gemm_seconds = 0.1; }
    else if (arg == "--repeats") o.repeats = std::max(1, std::atoi(value()));
    else if (arg == "--gemm-seconds") o.gemm_seconds = std::atof(value());
    else if (arg == "--data") o.data_dir = value();
    else if (arg == "--skip-gemm") o.skip_gemm = true;
    else if (arg == "--gemm-only") o.gemm_only = true;
    else if (arg == "--model" && (o.model = value(), o.model == "mlp" || o.model == "cnn")) {}
    else if (arg == "--threads" && (o.threads = std::atoi(value())) > 0) {}
    else {
      std::fprintf(stderr, "usage: digitlab-bench [--quick] [--repeats N] [--gemm-seconds S] [--data DIR] [--skip-gemm] [--gemm-only] "
                           "[--model mlp|cnn] [--threads N]\n");
      return 2;
    }
  }

  dl::Result<dl::Dataset> data = dl::load_mnist(o.data_dir, "train");
  if (data) {
    // Both workshop models read 28 x 28 digits; other images would not fit their input buffers.
    if (const dl::Status fits = dl::check_input_shape(data.value(), dl::make_workshop_mlp().input_shape()); !fits) {
      std::fprintf(stderr, "digitlab-bench: %s; using synthetic data instead\n", fits.message().c_str());
      data = fits;
    }
  }
  std::printf("digitlab-bench: gemm backend %s, %s data, median of %d runs\n\n", dl::gemm_backend_name(),
              data ? "MNIST" : "synthetic", o.repeats);
  const dl::Dataset* train = data ? &data.value() : nullptr;

  double best_square = 0.0;
  if (!o.skip_gemm) {
    best_square = dl::bench::print_gemm_table(o.gemm_seconds);
    std::printf("best square GEMM: %.1f GFLOP/s per thread\n\n", best_square);
  }
  if (o.gemm_only) return 0;

  std::printf("%-6s %6s %8s %14s %14s %12s\n", "model", "batch", "threads", "examples/s", "train GFLOP/s",
              "of GEMM peak");
  struct Config { dl::ModelKind kind; int batch; int batches; };
  for (const Config& c : {Config{dl::ModelKind::mlp, 64, 40}, Config{dl::ModelKind::cnn, 32, 10}}) {
    if (!o.model.empty() && o.model != dl::model_kind_name(c.kind)) continue;
    for (int threads : o.threads > 0 ? std::vector<int>{o.threads} : std::vector<int>{1, 2}) {
      const dl::bench::TrainingResult r = dl::bench::measure_training(c.kind, c.batch, threads, train, c.batches, o.repeats);
      char fraction[32] = "-";
      if (best_square > 0) std::snprintf(fraction, sizeof fraction, "%.0f%%", 100.0 * r.gflops / (best_square * threads));
      std::printf("%-6s %6d %8d %14.0f %14.1f %12s\n", dl::model_kind_name(c.kind), c.batch, threads,
                  r.examples_per_second, r.gflops, fraction);
      std::fflush(stdout);
    }
  }
  std::printf("\n(training cost per example: MLP 7.5 MFLOP, CNN 71 MFLOP; 'of GEMM peak' compares with threads x the best square GEMM)\n");
  return 0;
}
