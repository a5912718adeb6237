// digitlab-train: trains the workshop's MLP or CNN on MNIST from the command line with
// Keras-like progress, then reports the test accuracy; can save and load safetensors weights.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "engine/gemm.h"
#include "engine/workshop_models.h"

namespace {

struct Options {
  dl::ModelKind model = dl::ModelKind::mlp;
  int epochs = 1;
  int batch_size = 0;  // 0: the workshop's (64 for the MLP, 32 for the CNN)
  dl::OptimizerKind optimizer = dl::OptimizerKind::adam;
  float learning_rate = 0.0f;  // 0: the optimizer's default
  int threads = 0;             // 0: all hardware threads
  int train_limit = 0;         // 0: all 60,000
  int test_limit = 0;          // 0: all 10,000
  unsigned long long seed = 1;
  std::string data_dir;
  std::string save_path, load_path;
  bool summary_only = false;
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: digitlab-train [options]\n"
               "  --model mlp|cnn        the workshop's network (default mlp)\n"
               "  --epochs N             passes over the training data (default 1)\n"
               "  --batch-size N         examples per update (default 64 for mlp, 32 for cnn)\n"
               "  --optimizer NAME       sgd | momentum | adam | rmsprop (default adam)\n"
               "  --lr X                 learning rate (default: Keras' default for the optimizer)\n"
               "  --threads N            worker threads (default: all cores)\n"
               "  --train-limit N        train on the first N training images only\n"
               "  --test-limit N         validate/test on the first N test images only\n"
               "  --seed N               weight-initialisation and shuffling seed (default 1)\n"
               "  --data DIR             folder with the four MNIST IDX files (default data/mnist)\n"
               "  --save FILE            write the trained weights (safetensors)\n"
               "  --load FILE            start from these weights (safetensors)\n"
               "  --summary              print model.summary() and exit\n");
}

bool parse_int(const char* text, int min, int& out) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (!*text || *end || v < min || v > 100000000) return false;
  out = static_cast<int>(v);
  return true;
}

// Returns an error message, or an empty string when the arguments are fine.
std::string parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      std::exit(0);
    } else if (arg == "--summary") {
      o.summary_only = true;
    } else {
      const char* v = value();
      if (!v) return arg + " needs a value";
      bool ok = true;
      if (arg == "--model") {
        auto kind = dl::parse_model_kind(v);
        if (!kind) return kind.message();
        o.model = kind.value();
      } else if (arg == "--optimizer") {
        auto kind = dl::parse_optimizer(v);
        if (!kind) return kind.message();
        o.optimizer = kind.value();
      } else if (arg == "--lr") {
        char* end = nullptr;
        o.learning_rate = std::strtof(v, &end);
        ok = *v && !*end && o.learning_rate > 0.0f && std::isfinite(o.learning_rate);
      } else if (arg == "--epochs") ok = parse_int(v, 1, o.epochs);
      else if (arg == "--batch-size") ok = parse_int(v, 1, o.batch_size);
      else if (arg == "--threads") ok = parse_int(v, 1, o.threads);
      else if (arg == "--train-limit") ok = parse_int(v, 1, o.train_limit);
      else if (arg == "--test-limit") ok = parse_int(v, 1, o.test_limit);
      else if (arg == "--seed") { int s = 0; ok = parse_int(v, 0, s); o.seed = static_cast<unsigned>(s); }
      else if (arg == "--data") o.data_dir = v;
      else if (arg == "--save") o.save_path = v;
      else if (arg == "--load") o.load_path = v;
      else return "unknown option " + arg;
      if (!ok) return "bad value for " + arg + ": '" + v + "'";
    }
  }
  return "";
}

// Keras-like "  1920/60000 [==>...........] - loss: 0.52 - acc: 0.85" on a terminal.
void print_progress_bar(const dl::FitProgress& p, double seconds) {
  const int width = 30;
  const int filled = static_cast<int>(static_cast<double>(width) * p.samples_done / p.samples_total);
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '=' : (i == filled ? '>' : '.');
  bar[width] = 0;
  const double eta = p.samples_done ? seconds * (p.samples_total - p.samples_done) / p.samples_done : 0.0;
  std::printf("\r%6d/%d [%s] - ETA: %3.0fs - loss: %.4f - acc: %.4f", p.samples_done, p.samples_total, bar, eta, p.loss,
              p.accuracy);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const std::string error = parse_args(argc, argv, o);
  if (!error.empty()) {
    std::fprintf(stderr, "digitlab-train: %s\n\n", error.c_str());
    print_usage(stderr);
    return 2;
  }
  if (o.batch_size == 0) o.batch_size = o.model == dl::ModelKind::mlp ? 64 : 32;
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (o.data_dir.empty()) {
    const char* env = std::getenv("DIGITLAB_DATA");
    o.data_dir = env ? env : "data/mnist";
  }

  dl::Sequential model = dl::make_workshop_model(o.model);
  dl::OptimizerConfig optimizer = dl::OptimizerConfig::defaults(o.optimizer);
  if (o.learning_rate > 0.0f) optimizer.learning_rate = o.learning_rate;
  model.compile(optimizer, o.seed);
  std::printf("%s", model.summary().c_str());
  if (o.summary_only) return 0;
  model.set_threads(o.threads);

  if (!o.load_path.empty()) {
    const dl::Status loaded = model.load(o.load_path);
    if (!loaded) {
      std::fprintf(stderr, "digitlab-train: cannot load %s: %s\n", o.load_path.c_str(), loaded.message().c_str());
      return 1;
    }
    std::printf("Loaded weights from %s\n", o.load_path.c_str());
  }

  dl::Result<dl::Dataset> train = dl::load_mnist(o.data_dir, "train");
  dl::Result<dl::Dataset> test = dl::load_mnist(o.data_dir, "t10k");
  for (const auto* d : {&train, &test}) {
    if (!*d) {
      std::fprintf(stderr, "digitlab-train: %s\n", d->message().c_str());
      return 1;
    }
    // Both sets, as fit() checks only the training images before validating on the test images.
    if (const dl::Status fits = dl::check_input_shape(d->value(), model.input_shape()); !fits) {
      std::fprintf(stderr, "digitlab-train: %s\n", fits.message().c_str());
      return 1;
    }
  }
  if (o.train_limit) train = train->first(o.train_limit);
  if (o.test_limit) test = test->first(o.test_limit);

  const bool terminal = isatty(fileno(stdout));
  std::printf("Train on %d samples, validate on %d samples (%s, %s, lr %g, batch %d, %d thread%s, gemm %s)\n",
              train->count, test->count, dl::model_kind_name(o.model), dl::optimizer_name(o.optimizer),
              double(optimizer.learning_rate), o.batch_size, o.threads, o.threads == 1 ? "" : "s",
              dl::gemm_backend_name());
  auto epoch_start = std::chrono::steady_clock::now();
  auto last_draw = epoch_start;
  dl::FitOptions fit;
  fit.epochs = o.epochs;
  fit.batch_size = o.batch_size;
  fit.on_batch = [&](const dl::FitProgress& p) {
    if (p.samples_done == std::min(o.batch_size, train->count)) {
      std::printf("Epoch %d/%d\n", p.epoch, p.epochs);
      epoch_start = std::chrono::steady_clock::now();
    }
    const auto now = std::chrono::steady_clock::now();
    if (terminal && (now - last_draw > std::chrono::milliseconds(100) || p.samples_done == p.samples_total)) {
      print_progress_bar(p, std::chrono::duration<double>(now - epoch_start).count());
      last_draw = now;
    }
  };
  fit.on_epoch_end = [&](const dl::EpochLogs& e) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
    std::printf("%s%d/%d - %.1fs - %.0f samples/s - loss: %.4f - acc: %.4f - val_loss: %.4f - val_acc: %.4f\n",
                terminal ? "\r" : "", train->count, train->count, seconds, train->count / seconds, e.loss, e.accuracy,
                e.val_loss, e.val_accuracy);
    std::fflush(stdout);
  };
  dl::Result<std::vector<dl::EpochLogs>> history = model.fit(train.value(), &test.value(), fit, o.seed);
  if (!history) {
    // The page's message for the same event; the page then pauses, the command line stops.
    std::fprintf(stderr, "\ndigitlab-train: %s\n", history.message().c_str());
    if (history.message().find("diverged") != std::string::npos)
      std::fprintf(stderr, "digitlab-train: stopped; run again with a lower --lr.\n");
    return 1;
  }
  const dl::EvaluateResult final_result = model.evaluate(test.value());
  std::printf("Test accuracy: %.4f (%d images), test loss: %.4f\n", final_result.accuracy, test->count,
              final_result.loss);
  if (!o.save_path.empty()) {
    const dl::Status saved = model.save(o.save_path);
    if (!saved) {
      std::fprintf(stderr, "digitlab-train: %s\n", saved.message().c_str());
      return 1;
    }
    std::printf("Saved weights to %s\n", o.save_path.c_str());
  }
  return 0;
}
