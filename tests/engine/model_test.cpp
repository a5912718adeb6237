// Sequential end to end: determinism, threads, learning on real MNIST, save/load, divergence.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <numeric>

#include "engine/workshop_models.h"

using namespace dl;

namespace {
const Dataset& mnist_train() {
  static const Dataset data = [] {
    Result<Dataset> d = load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", "train");
    REQUIRE_MESSAGE(d.is_ok(), d.message());
    return std::move(d).value();
  }();
  return data;
}
const Dataset& mnist_test() {
  static const Dataset data = [] {
    Result<Dataset> d = load_mnist(DIGITLAB_SOURCE_DIR "/data/mnist", "t10k");
    REQUIRE_MESSAGE(d.is_ok(), d.message());
    return std::move(d).value();
  }();
  return data;
}

Sequential small_cnn() {
  Sequential m({28, 28, 1});
  m.add(Conv2D(4, 3, Activation::relu));
  m.add(MaxPooling2D(2));
  m.add(Flatten());
  m.add(Dense(16, Activation::sigmoid));
  m.add(Dropout(0.2f));
  m.add(Dense(10, Activation::softmax));
  return m;
}

std::vector<float> train_steps(Sequential model, int threads, int steps, int batch) {
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 5);
  model.set_threads(threads);
  const Dataset& data = mnist_train();
  std::vector<int> indices(static_cast<size_t>(batch));
  std::vector<float> x(static_cast<size_t>(batch) * 784), y(static_cast<size_t>(batch) * 10);
  for (int s = 0; s < steps; ++s) {
    std::iota(indices.begin(), indices.end(), s * batch);
    fill_batch(data, indices.data(), batch, x.data(), y.data());
    REQUIRE(model.train_on_batch(x.data(), y.data(), batch).is_ok());
  }
  return model.parameters();
}
}  // namespace

TEST_CASE("one thread and a fixed seed give bit-identical runs; two threads match within tolerance") {
  const std::vector<float> a = train_steps(small_cnn(), 1, 4, 16);
  const std::vector<float> b = train_steps(small_cnn(), 1, 4, 16);
  CHECK(a == b);
  const std::vector<float> c = train_steps(small_cnn(), 2, 4, 16);
  REQUIRE(a.size() == c.size());
  double max_diff = 0.0;
  for (size_t i = 0; i < a.size(); ++i) max_diff = std::max(max_diff, double(std::fabs(a[i] - c[i])));
  CHECK(max_diff < 1e-4);
  CHECK(a != train_steps(small_cnn(), 1, 5, 16));  // and training did change something
}

TEST_CASE("a seeded MLP trained on 2,000 MNIST images reaches 85% on 1,000 test images") {
  Sequential model = make_workshop_mlp();
  OptimizerConfig adam = OptimizerConfig::defaults(OptimizerKind::adam);
  adam.learning_rate = 0.002f;  // few examples, so fewer steps: a slightly larger step helps
  model.compile(adam, 1);
  model.set_threads(2);
  const Dataset train = mnist_train().first(2000);
  const Dataset test = mnist_test().first(1000);
  FitOptions options;
  options.epochs = 5;
  options.batch_size = 32;
  double first_loss = -1.0, last_loss = 0.0;
  options.on_batch = [&](const FitProgress& p) {
    if (first_loss < 0) first_loss = p.loss;
    last_loss = p.loss;
  };
  Result<std::vector<EpochLogs>> history = model.fit(train, &test, options);
  REQUIRE(history.is_ok());
  REQUIRE(history->size() == 5);
  CHECK(last_loss < first_loss);
  MESSAGE("val_acc after 5 epochs on 2,000 images: " << history->back().val_accuracy);
  CHECK(history->back().val_accuracy >= 0.85);
  CHECK(model.evaluate(test).accuracy == doctest::Approx(history->back().val_accuracy));
}

TEST_CASE("save and load round trip; a mismatched or corrupt file changes nothing") {
  Sequential model = small_cnn();
  model.compile(OptimizerConfig::defaults(OptimizerKind::adam), 3);
  const std::string path = "digitlab_model_test.safetensors";
  REQUIRE(model.save(path).is_ok());

  Sequential other = small_cnn();
  other.compile(OptimizerConfig::defaults(OptimizerKind::adam), 4);
  CHECK(other.parameters() != model.parameters());
  REQUIRE(other.load(path).is_ok());
  CHECK(other.parameters() == model.parameters());

  Sequential mlp = make_workshop_mlp();
  mlp.compile(OptimizerConfig::defaults(OptimizerKind::adam), 1);
  const std::vector<float> before = mlp.parameters();
  const Status wrong = mlp.load(path);
  CHECK(!wrong.is_ok());
  CHECK(wrong.message().find("dense_1.kernel") != std::string::npos);
  CHECK(mlp.parameters() == before);

  // Truncate the file: a clear error, and the model keeps its weights.
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  REQUIRE(f);
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fclose(f);
  std::vector<char> bytes(static_cast<size_t>(size));
  f = std::fopen(path.c_str(), "rb");
  REQUIRE(std::fread(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
  f = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size() / 2, f);
  std::fclose(f);
  const std::vector<float> kept = other.parameters();
  const Status truncated = other.load(path);
  CHECK(!truncated.is_ok());
  MESSAGE(truncated.message());
  CHECK(other.parameters() == kept);
  std::remove(path.c_str());
  CHECK(!other.load(path).is_ok());  // missing file
}

TEST_CASE("a diverging learning rate is reported, the bad step is not applied, and training can resume") {
  Sequential model = make_workshop_mlp();
  OptimizerConfig sgd = OptimizerConfig::defaults(OptimizerKind::sgd);
  sgd.learning_rate = 1e38f;  // the second step's logits overflow to inf, and the loss to NaN
  model.compile(sgd, 1);
  const std::vector<float> initial = model.parameters();
  const Dataset train = mnist_train().first(256);
  FitOptions options;
  options.batch_size = 32;
  Result<std::vector<EpochLogs>> history = model.fit(train, nullptr, options);
  REQUIRE(!history.is_ok());
  CHECK(history.message().find("diverged") != std::string::npos);
  CHECK(model.steps() == 1);  // the refused step changed nothing
  for (float w : model.parameters()) REQUIRE(std::isfinite(w));
  // What the app does: restore a good snapshot, lower the learning rate, carry on.
  REQUIRE(model.set_parameters(initial).is_ok());
  model.optimizer().reset();
  model.optimizer().set_learning_rate(0.01f);
  CHECK(model.fit(train, nullptr, options).is_ok());
}

TEST_CASE("numbers as the panels print them: thousands separators, clock durations, Keras shapes") {
  CHECK(with_commas(1251450) == "1,251,450");
  CHECK(with_commas(999) == "999");
  CHECK(clock_text(7.4) == "0:07");
  CHECK(clock_text(750) == "12:30");
  CHECK(clock_text(3723) == "1:02:03");
  CHECK(clock_text(-1) == "-");
  CHECK(clock_text(NAN) == "-");
  CHECK(keras_shape({26, 26, 32}) == "(None, 26, 26, 32)");
  // One builder makes the workshop's models and their variants: the workshop's own is the default.
  const auto params = [](Sequential model) {
    model.compile(OptimizerConfig::defaults(OptimizerKind::adam));
    return model.param_count();
  };
  CHECK(params(make_workshop_mlp()) == 1251450);
  CHECK(params(make_workshop_cnn()) == 2174442);
  CHECK(params(make_workshop_model(ModelKind::mlp, ModelVariant{Activation::relu, 0.5f})) == 1251450);
}
