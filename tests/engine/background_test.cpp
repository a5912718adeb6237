// Background work as fibers (a page without threads): the scheduler's slices and waits, and the
// Trainer run that way giving exactly the threaded run's weights, pausing, stepping, taking turns.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "engine/background.h"
#include "engine/trainer.h"
#include "mnist_subset.h"

using namespace dl;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizers do not follow ucontext's stack switches; the plain native and web builds test these.
#define DIGITLAB_FIBER_TESTS doctest::skip(true)
#else
#define DIGITLAB_FIBER_TESTS doctest::skip(false)
#endif

namespace {
// Fibers for the scope of one test (threads again after it).
struct FibersForced {
  FibersForced() {
#ifdef DIGITLAB_ASYNCIFY_FIBERS
    background::install_asyncify_fibers();  // as the page does
#endif
    REQUIRE(background::fibers_installed());
    background::force_fibers(true);
  }
  ~FibersForced() { background::force_fibers(false); }
};

// The frame loop's part: slices of 5 ms until `done(status)` or a generous number of slices.
template <typename Pred>
TrainerStatus pump(const Trainer& trainer, Pred done, int max_slices = 200000) {
  TrainerStatus s = trainer.status();
  for (int i = 0; i < max_slices && !done(s); ++i) {
    background::run_for(0.005);
    s = trainer.status();
  }
  return s;
}

bool ended(const TrainerStatus& s) { return s.phase == TrainerPhase::finished || s.phase == TrainerPhase::failed; }

TrainerConfig small_config() {
  TrainerConfig c;
  c.epochs = 2;
  c.batch_size = 32;
  c.learning_rate = 0.002f;
  c.quick_validation_every = 500;
  c.quick_validation_size = 200;
  return c;
}
}  // namespace

TEST_CASE("a fiber runs only inside the frame loop's slices, waits without spinning, and joins" * DIGITLAB_FIBER_TESTS) {
  FibersForced fibers;
  std::mutex mutex;
  std::condition_variable changed;
  bool go = false;
  int steps = 0;
  {
    background::Thread worker([&] {
      std::unique_lock<std::mutex> lock(mutex);
      background::wait(lock, changed, [&] { return go; });
      lock.unlock();
      while (steps < 1000) {
        ++steps;
        background::yield_point();
      }
    });
    CHECK(background::fiber_count() == 1);
    CHECK(steps == 0);             // nothing runs outside a slice
    background::run_for(0.010);    // it waits for `go`: the slice returns early
    CHECK(steps == 0);
    go = true;
    background::run_for(0.0);      // a spent slice: one stretch of work, up to its next yield point
    CHECK(steps >= 1);
    CHECK(steps < 1000);
  }  // the destructor runs it to the end
  CHECK(steps == 1000);
  CHECK(background::fiber_count() == 0);
}

TEST_CASE("a fiber trainer gives the threaded trainer's weights exactly, slice by slice" * DIGITLAB_FIBER_TESTS) {
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 640));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 200));
  TrainerConfig config = small_config();
  config.threads = 4;  // the fiber's slices: the same four replicas, reduced in the same order

  Trainer threaded;
  threaded.set_data(train, test);
  REQUIRE(threaded.start(config).is_ok());
  while (!ended(threaded.status())) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(threaded.status().phase == TrainerPhase::finished);

  FibersForced fibers;
  Trainer sliced;
  sliced.set_data(train, test);
  config.threads = 1;  // what a page without threads asks for; the fiber slices anyway
  REQUIRE(sliced.start(config).is_ok());
  int slices = 0;
  TrainerStatus s = sliced.status();
  while (!ended(s) && slices < 200000) {
    background::run_for(0.002);
    ++slices;
    s = sliced.status();
  }
  REQUIRE(s.phase == TrainerPhase::finished);
  CHECK(slices > 10);  // the frame loop got its turn again and again during the run
  REQUIRE(s.epochs.size() == 2);
  const TrainerStatus t = threaded.status();
  for (size_t e = 0; e < 2; ++e) {
    CHECK(s.epochs[e].loss == t.epochs[e].loss);
    CHECK(s.epochs[e].val_accuracy == t.epochs[e].val_accuracy);
  }
  REQUIRE(sliced.weights());
  CHECK(*sliced.weights() == *threaded.weights());
  REQUIRE(sliced.validation_report());
  CHECK(sliced.validation_report()->predictions == threaded.validation_report()->predictions);
}

TEST_CASE("a fiber trainer pauses (no step while paused), steps once, resumes and resets" * DIGITLAB_FIBER_TESTS) {
  FibersForced fibers;
  Trainer trainer;
  trainer.set_data(std::make_shared<const Dataset>(mnist_subset("train", 2000)),
                   std::make_shared<const Dataset>(mnist_subset("t10k", 200)));
  TrainerConfig config = small_config();
  config.epochs = 3;
  REQUIRE(trainer.start(config).is_ok());
  pump(trainer, [](const TrainerStatus& s) { return s.progress.steps > 3; });
  trainer.pause();
  const TrainerStatus paused = pump(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::paused; });
  REQUIRE(paused.phase == TrainerPhase::paused);
  for (int i = 0; i < 20; ++i) background::run_for(0.005);
  CHECK(trainer.status().progress.steps == paused.progress.steps);
  trainer.step_once();
  const TrainerStatus stepped = pump(trainer, [&](const TrainerStatus& s) {
    return s.phase == TrainerPhase::paused && s.progress.steps == paused.progress.steps + 1;
  }, 2000);
  CHECK(stepped.progress.steps == paused.progress.steps + 1);
  trainer.resume();
  const TrainerStatus resumed = pump(trainer, [&](const TrainerStatus& s) { return s.progress.steps > stepped.progress.steps + 2; });
  CHECK(resumed.progress.steps > stepped.progress.steps + 2);
  trainer.reset();
  const TrainerStatus idle = pump(trainer, [](const TrainerStatus& s) { return s.phase == TrainerPhase::idle; });
  CHECK(idle.phase == TrainerPhase::idle);
  CHECK(!trainer.weights());
}

TEST_CASE("two fiber runs take turns batch by batch, and identical settings give identical weights" * DIGITLAB_FIBER_TESTS) {
  FibersForced fibers;
  auto train = std::make_shared<const Dataset>(mnist_subset("train", 1000));
  auto test = std::make_shared<const Dataset>(mnist_subset("t10k", 200));
  auto turns = std::make_shared<TurnTaking>(2);
  TrainerConfig a = small_config();
  a.turns = turns;
  a.turn = 0;
  TrainerConfig b = a;
  b.turn = 1;
  Trainer first, second;
  first.set_data(train, test);
  second.set_data(train, test);
  REQUIRE(first.start(a).is_ok());
  REQUIRE(second.start(b).is_ok());
  for (int i = 0; i < 200000 && !(ended(first.status()) && ended(second.status())); ++i) {
    background::run_for(0.005);
    CHECK(std::abs(turns->turns_taken(0) - turns->turns_taken(1)) <= 1);
  }
  REQUIRE(first.status().phase == TrainerPhase::finished);
  REQUIRE(second.status().phase == TrainerPhase::finished);
  CHECK(*first.weights() == *second.weights());
}
