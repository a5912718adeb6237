// The time machine's engine: the anatomy of one update (each optimizer's own element function,
// replayed for a watched weight) and the snapshot history (inside its budget, densest early, and
// a snapshot is the model as it was at its step).
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "engine/random.h"
#include "engine/trainer.h"
#include "mnist_subset.h"
#include "engine/weight_history.h"

using namespace dl;

namespace {


bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TrainerStatus wait_until(Trainer& trainer, bool (*done)(const TrainerStatus&), int seconds = 120) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  TrainerStatus s = trainer.status();
  while (!done(s) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    s = trainer.status();
  }
  return s;
}

}  // namespace

TEST_CASE("the anatomy of one update is the optimizer's own change to that weight, bit for bit") {
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam, OptimizerKind::rmsprop}) {
    CAPTURE(optimizer_name(kind));
    constexpr size_t kCount = 1001, kWatched = 537;
    Rng rng(7);
    std::vector<float> watched_params(kCount), plain_params(kCount), grads(kCount);
    for (size_t i = 0; i < kCount; ++i) watched_params[i] = plain_params[i] = rng.uniform(-1.0f, 1.0f);
    OptimizerConfig config = OptimizerConfig::defaults(kind);
    Optimizer watched(config), plain(config);
    watched.watch(kWatched);
    for (int step = 1; step <= 12; ++step) {
      for (float& g : grads) g = rng.uniform(-0.5f, 0.5f) * (step % 3 == 0 ? 1e-4f : 1.0f);
      const float before = watched_params[kWatched];
      // Split into ranges as the thread pool does; the watched weight falls in the middle one.
      watched.begin_step(kCount);
      for (size_t begin : {size_t{0}, size_t{400}, size_t{800}})
        watched.update_range(watched_params.data(), grads.data(), begin, std::min(kCount, begin + 400));
      plain.step(plain_params.data(), grads.data(), kCount);

      const UpdateAnatomy& a = watched.last_update();
      CHECK(a.step == step);
      CHECK(a.index == kWatched);
      CHECK(a.kind == kind);
      CHECK(same_bits(a.w_before, before));
      CHECK(same_bits(a.gradient, grads[kWatched]));
      CHECK(same_bits(a.w_after, watched_params[kWatched]));
      CHECK(same_bits(a.w_before - a.update, a.w_after));
      CHECK(a.exact);
      if (kind == OptimizerKind::adam) {
        CHECK(a.bias_correction1 == doctest::Approx(1.0 - std::pow(0.9, step)));
        CHECK(a.bias_correction2 == doctest::Approx(1.0 - std::pow(0.999, step)).epsilon(1e-4));
        CHECK(a.denominator > 0.0f);
      }
      if (kind == OptimizerKind::momentum) CHECK(same_bits(a.m_after, 0.9f * a.m_before + a.gradient));
    }
    // Watching changes nothing: the same weights as an unwatched optimizer.
    CHECK(std::memcmp(watched_params.data(), plain_params.data(), kCount * sizeof(float)) == 0);
  }
}

TEST_CASE("the snapshot history stays inside its budget, keeps the first and the latest, and is densest early") {
  constexpr size_t kFloats = 1000, kBudget = 12 * kFloats * sizeof(float);
  WeightHistory history(kBudget);
  const long long steps = 5 * 938;  // five epochs of the MLP at batch 64
  int added = 0;
  for (long long step = 0; step <= steps; ++step) {
    if (!history.due(step) && step != steps) continue;
    history.add(step, step / 938.0, std::make_shared<const std::vector<float>>(kFloats, float(step)));
    ++added;
    REQUIRE(history.bytes() <= kBudget);
  }
  const std::vector<WeightSnapshot>& s = history.snapshots();
  MESSAGE(added << " snapshots taken, " << s.size() << " kept");
  CHECK(added > static_cast<int>(s.size()));  // it had to thin
  CHECK(s.size() == 12);
  CHECK(s.front().step == 0);
  CHECK(s.back().step == steps);
  int first_tenth = 0;
  for (const WeightSnapshot& w : s) {
    first_tenth += w.step < steps / 10;
    CHECK((*w.weights)[0] == float(w.step));  // each is what was added at its step
  }
  CHECK(first_tenth >= 4);  // log-spaced: a third of them in the first tenth of the run
}

TEST_CASE("a trainer's snapshot is the model as it was at that step; the history stays in budget") {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 3000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 500));
  TrainerConfig config;
  config.model = ModelKind::mlp;
  config.epochs = 5;
  config.batch_size = 64;
  config.threads = 1;
  config.quick_validation_every = 0;
  // Room for four MLP snapshots: the history has to thin during the run.
  Sequential sized = make_workshop_model(ModelKind::mlp);
  sized.compile(OptimizerConfig::defaults(OptimizerKind::adam));
  const size_t one = sized.param_count() * sizeof(float);
  config.history_budget_bytes = 4 * one + one / 2;
  Trainer trainer;
  trainer.set_data(train, test);
  REQUIRE(trainer.start(config).is_ok());
  size_t most = 0;
  TrainerStatus s = trainer.status();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  while (s.phase != TrainerPhase::finished && s.phase != TrainerPhase::failed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    s = trainer.status();
    most = std::max(most, s.history_bytes);
  }
  REQUIRE(s.phase == TrainerPhase::finished);
  const std::vector<WeightSnapshot> history = trainer.history();
  MESSAGE(history.size() << " snapshots, at most " << most << " of " << config.history_budget_bytes << " bytes");
  CHECK(most <= config.history_budget_bytes);
  REQUIRE(history.size() == 4);
  CHECK(history.front().step == 0);
  CHECK(history.back().step == s.progress.steps);

  // The same run by hand (the same seed, batches and threads), its weights saved as a model
  // file when it reaches the second snapshot's step.
  const WeightSnapshot& chosen = history[1];
  Sequential by_hand = make_workshop_model(ModelKind::mlp);
  OptimizerConfig optimizer = OptimizerConfig::defaults(config.optimizer);
  optimizer.learning_rate = config.learning_rate;
  by_hand.compile(optimizer, config.seed);
  by_hand.set_threads(1);
  std::vector<uint8_t> saved;
  FitOptions fit;
  fit.epochs = config.epochs;
  fit.batch_size = config.batch_size;
  fit.before_batch = [&](Sequential& m) {
    if (m.steps() == chosen.step) saved = encode_safetensors(m.to_safetensors());
  };
  REQUIRE(by_hand.fit(*train, nullptr, fit, config.seed).is_ok());
  REQUIRE(!saved.empty());
  Sequential from_file = make_workshop_model(ModelKind::mlp), from_snapshot = make_workshop_model(ModelKind::mlp);
  from_file.compile(optimizer);
  from_snapshot.compile(optimizer);
  REQUIRE(from_file.load_safetensors(decode_safetensors(saved.data(), saved.size()).value()).is_ok());
  REQUIRE(from_snapshot.set_parameters(*chosen.weights).is_ok());
  std::vector<float> x(static_cast<size_t>(test->count) * 784), a(static_cast<size_t>(test->count) * 10), b(a.size());
  for (int i = 0; i < test->count; ++i) image_to_input(test->image(i), 784, &x[static_cast<size_t>(i) * 784]);
  from_file.predict(x.data(), test->count, a.data());
  from_snapshot.predict(x.data(), test->count, b.data());
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

TEST_CASE("paused, one step with a watched weight: its anatomy is that step's, exact") {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 2000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 200));
  Trainer trainer;
  trainer.set_data(train, test);
  TrainerConfig config;
  config.threads = 2;
  config.epochs = 3;
  config.quick_validation_every = 0;
  REQUIRE(trainer.start(config).is_ok());
  trainer.pause();
  TrainerStatus s = wait_until(trainer, [](const TrainerStatus& t) { return t.phase == TrainerPhase::paused; });
  REQUIRE(s.phase == TrainerPhase::paused);
  trainer.watch_parameter(123456);  // in dense_1's kernel
  const long long before = s.progress.steps;
  trainer.step_once();
  s = wait_until(trainer, [](const TrainerStatus& t) { return t.phase == TrainerPhase::paused && t.has_update; });
  REQUIRE(s.has_update);
  CHECK(s.progress.steps >= before + 1);
  CHECK(s.update.index == 123456);
  CHECK(s.update.step == s.progress.steps);
  CHECK(s.update.exact);
  CHECK(s.update.kind == OptimizerKind::adam);
  trainer.reset();
}

// Two runs that take turns batch by batch: `a` as run 0, the same settings as run 1.
static std::pair<TrainerConfig, TrainerConfig> taking_turns(TrainerConfig a, std::shared_ptr<TurnTaking> turns) {
  a.threads = 1;
  a.turns = std::move(turns);
  a.turn = 0;
  TrainerConfig b = a;
  b.turn = 1;
  return {a, b};
}

TEST_CASE("a paused run reports the step it stopped at") {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 2000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 300));
  for (int attempt = 0; attempt < 5; ++attempt) {
    Trainer first, second;
    first.set_data(train, test);
    second.set_data(train, test);
    TrainerConfig config;
    config.epochs = 3;
    config.quick_validation_every = 100000;
    auto turns = std::make_shared<TurnTaking>(2);
    const auto [a, b] = taking_turns(config, turns);
    REQUIRE(first.start(a).is_ok());
    REQUIRE(second.start(b).is_ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 37 * attempt));  // mid-run, between status updates
    first.pause();
    second.pause();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((first.status().phase != TrainerPhase::paused || second.status().phase != TrainerPhase::paused) &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(first.status().phase == TrainerPhase::paused);
    REQUIRE(second.status().phase == TrainerPhase::paused);
    // Each turn is one batch: the status shows every step taken.
    CHECK(first.status().progress.steps == turns->turns_taken(0));
    CHECK(second.status().progress.steps == turns->turns_taken(1));
    CHECK(std::abs(first.status().progress.steps - second.status().progress.steps) <= 1);
  }
}

TEST_CASE("two runs taking turns: identical settings give identical curves; another optimizer, another curve") {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 2000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 300));
  std::vector<float> first_weights, second_weights;
  auto run_pair = [&](const TrainerConfig& a, const TrainerConfig& b) {
    Trainer first, second;
    first.set_data(train, test);
    second.set_data(train, test);
    REQUIRE(first.start(a).is_ok());
    REQUIRE(second.start(b).is_ok());
    auto done = [](const TrainerStatus& s) { return s.phase == TrainerPhase::finished || s.phase == TrainerPhase::failed; };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
    while ((!done(first.status()) || !done(second.status())) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(first.status().phase == TrainerPhase::finished);
    REQUIRE(second.status().phase == TrainerPhase::finished);
    first_weights = *first.weights();
    second_weights = *second.weights();
    return std::make_pair(first.status(), second.status());
  };
  TrainerConfig config;
  config.epochs = 2;
  config.quick_validation_every = 500;
  config.quick_validation_size = 300;
  auto turns = std::make_shared<TurnTaking>(2);
  auto [a, b] = taking_turns(config, turns);
  const auto [same_a, same_b] = run_pair(a, b);
  // The curves' points are sampled by time; the epochs (Keras' lines) and the weights are not.
  REQUIRE(same_a.epochs.size() == 2);
  REQUIRE(same_b.epochs.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(same_a.epochs[i].loss == same_b.epochs[i].loss);
    CHECK(same_a.epochs[i].accuracy == same_b.epochs[i].accuracy);
    CHECK(same_a.epochs[i].val_loss == same_b.epochs[i].val_loss);
    CHECK(same_a.epochs[i].val_accuracy == same_b.epochs[i].val_accuracy);
  }
  CHECK(first_weights == second_weights);
  const std::vector<float> adam_weights = first_weights;
  // They alternated: as many turns each (a batch and its checks per turn).
  CHECK(std::abs(turns->turns_taken(0) - turns->turns_taken(1)) <= 1);
  CHECK(turns->turns_taken(0) >= 2 * 2000 / 64);

  auto other_turns = std::make_shared<TurnTaking>(2);
  a.turns = b.turns = other_turns;
  b.optimizer = OptimizerKind::sgd;
  b.learning_rate = 0.01f;
  b.variant.hidden = Activation::relu;
  const auto [adam, sgd] = run_pair(a, b);
  MESSAGE("adam val_acc " << adam.epochs.back().val_accuracy << ", sgd + relu " << sgd.epochs.back().val_accuracy);
  CHECK(adam.epochs.back().loss != sgd.epochs.back().loss);
  CHECK(first_weights == adam_weights);  // the same run as before, to the bit
}
