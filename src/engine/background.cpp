// Threads or fibers (see background.h). The one platform difference of the engine lives here: how a
// fiber's context is switched — Emscripten's Asyncify fibers on the web, ucontext natively.
#include "engine/background.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "engine/check.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/threading.h>
#else
#include <ucontext.h>
#endif

namespace dl::background {
namespace {

using Clock = std::chrono::steady_clock;

// A fiber's C stack: the trainer's loop and the engine's kernels, as a pthread gets (2 MB).
constexpr size_t kStackBytes = 2u << 20;

#ifdef __EMSCRIPTEN__
// Installed by install_asyncify_fibers() (background_asyncify.cpp), in the programs linked with
// Asyncify: the page and its fiber tests.
const ContextSwitch* context_switch = nullptr;
#else
// ucontext: a native program switches fibers without help (the tests force fibers to check them).
struct UContext {
  ucontext_t context{};
};
const ContextSwitch native_switch{
    [](void (*entry)(void*), void* arg, char* stack, size_t bytes) -> void* {
      auto* c = new UContext;
      DL_CHECK(getcontext(&c->context) == 0);
      c->context.uc_stack.ss_sp = stack;
      c->context.uc_stack.ss_size = bytes;
      c->context.uc_link = nullptr;
      // makecontext passes int arguments: the function and its argument go in halves.
      const auto f = reinterpret_cast<uintptr_t>(entry), a = reinterpret_cast<uintptr_t>(arg);
      makecontext(&c->context,
                  reinterpret_cast<void (*)()>(+[](unsigned f_lo, unsigned f_hi, unsigned a_lo, unsigned a_hi) {
                    auto join = [](unsigned lo, unsigned hi) { return (uintptr_t(hi) << 32) | uintptr_t(lo); };
                    reinterpret_cast<void (*)(void*)>(join(f_lo, f_hi))(reinterpret_cast<void*>(join(a_lo, a_hi)));
                  }),
                  4, unsigned(f & 0xffffffffu), unsigned(uint64_t(f) >> 32), unsigned(a & 0xffffffffu),
                  unsigned(uint64_t(a) >> 32));
      return c;
    },
    []() -> void* { return new UContext; },
    [](void* from, void* to) {
      DL_CHECK(swapcontext(&static_cast<UContext*>(from)->context, &static_cast<UContext*>(to)->context) == 0);
    },
    [](void* context) { delete static_cast<UContext*>(context); },
};
const ContextSwitch* context_switch = &native_switch;
#endif

std::atomic<bool> forced{false};
std::atomic<bool> fibers_started{false};

}  // namespace

struct Fiber {
  std::function<void()> body;
  void* context = nullptr;
  std::unique_ptr<char[]> stack{new char[kStackBytes]};
  bool finished = false;
  bool blocked = false;  // gave the main thread back because it waits, not because its slice ended
};

namespace {

// The scheduler lives on the one thread that runs fibers: the page's main thread.
struct Scheduler {
  void* main = nullptr;  // the frame loop's context
  std::vector<Fiber*> fibers;
  Clock::time_point slice_end;
};
// The fiber running on this thread, if any (other threads never run one).
thread_local Fiber* current = nullptr;
Scheduler& scheduler() {
  static Scheduler s;
  return s;
}

void to_main() {
  Fiber* f = current;
  DL_CHECK(f != nullptr);
  current = nullptr;
  context_switch->swap(f->context, scheduler().main);
}

void into(Fiber& f) {
  DL_CHECK(current == nullptr);
  current = &f;
  context_switch->swap(scheduler().main, f.context);
  current = nullptr;
}

[[noreturn]] void fiber_entry(Fiber* f) {
  f->body();
  f->finished = true;
  to_main();
  std::abort();  // a finished fiber is never resumed
}

void start(Fiber& f) {
  Scheduler& s = scheduler();
  if (!s.main) s.main = context_switch->main_context();
  f.context = context_switch->make_context([](void* arg) { fiber_entry(static_cast<Fiber*>(arg)); }, &f, f.stack.get(),
                                           kStackBytes);
  s.fibers.push_back(&f);
}

}  // namespace

#ifdef __EMSCRIPTEN__
// A program without Asyncify has no fibers: background_asyncify.cpp's definition replaces this one
// in those that have.
__attribute__((weak)) void install_asyncify_fibers() {}
#endif

bool threads_available() {
#ifdef __EMSCRIPTEN__
  // Fixed for the page's life, and asked every frame (the Train panel): the JS call made once.
  static const bool available = emscripten_has_threading_support();
  return available;
#else
  return true;
#endif
}

bool uses_fibers() { return context_switch && (forced || !threads_available()); }

void force_fibers(bool on) { forced = on; }

bool fibers_installed() { return context_switch != nullptr; }

void install_context_switch(const ContextSwitch& fibers) { context_switch = &fibers; }

bool in_fiber() { return current != nullptr; }

Thread::Thread(std::function<void()> body) {
  if (!uses_fibers()) {
    thread_ = std::thread(std::move(body));
    return;
  }
  fibers_started = true;
  fiber_ = std::make_unique<Fiber>();
  fiber_->body = std::move(body);
  start(*fiber_);
}

Thread::~Thread() { join(); }

void Thread::join() {
  if (thread_.joinable()) thread_.join();
  if (!fiber_) return;
  DL_CHECK(!in_fiber());  // the main thread joins a fiber, running it until its body returns
  while (!fiber_->finished) into(*fiber_);
  auto& fibers = scheduler().fibers;
  std::erase(fibers, fiber_.get());
  context_switch->free_context(fiber_->context);
  fiber_.reset();
}

void yield_point() {
  if (!in_fiber() || Clock::now() < scheduler().slice_end) return;
  to_main();
}

void block() {
  if (!in_fiber()) return;
  current->blocked = true;
  to_main();
}

double run_for(double seconds) {
  if (!fibers_started) return 0.0;
  Scheduler& s = scheduler();
  DL_CHECK(current == nullptr);
  const auto started = Clock::now();
  s.slice_end = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (;;) {
    bool worked = false;
    // A copy: a fiber's body may start or end other fibers' threads.
    for (Fiber* f : std::vector<Fiber*>(s.fibers)) {
      if (f->finished || std::find(s.fibers.begin(), s.fibers.end(), f) == s.fibers.end()) continue;
      f->blocked = false;
      into(*f);
      worked |= !f->blocked && !f->finished;
    }
    if (!worked || Clock::now() >= s.slice_end) break;
  }
  return std::chrono::duration<double>(Clock::now() - started).count();
}

int fiber_count() { return fibers_started ? static_cast<int>(scheduler().fibers.size()) : 0; }

}  // namespace dl::background
