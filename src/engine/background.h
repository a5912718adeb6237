// Background work (a trainer's loop) on a std::thread where the platform has threads, and as a
// fiber on the calling thread where it has none: a web page that is not cross-origin isolated
// gets no SharedArrayBuffer, so no WebAssembly threads. The work is written once either way: it
// waits with background::wait() and offers the main thread its turn at background::yield_point();
// the frame loop hands the fibers a time slice each frame with background::run_for().
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace dl::background {

// False on a page whose WebAssembly threads are unavailable; true natively.
bool threads_available();
// Fibers instead of threads: where threads are unavailable, or when a test forces them, once a
// context switch is there (natively ucontext, always; on the web Emscripten's Asyncify fibers, which
// only a program linked with Asyncify has: it calls install_asyncify_fibers()).
bool uses_fibers();
bool fibers_installed();
void force_fibers(bool on);  // tests only; before any Thread starts
bool in_fiber();             // true inside a background fiber's body

struct Fiber;

// How a fiber's context is made and switched (one backend per platform).
struct ContextSwitch {
  void* (*make_context)(void (*entry)(void*), void* arg, char* stack, size_t stack_bytes);
  void* (*main_context)();  // the calling context, to switch back to
  void (*swap)(void* from, void* to);
  void (*free_context)(void* context);
};
void install_context_switch(const ContextSwitch& fibers);
// Emscripten's Asyncify fibers (background_asyncify.cpp; its program links with -sASYNCIFY).
void install_asyncify_fibers();

// Starts `body` in the background; the destructor (or join) waits for it to return.
class Thread {
 public:
  explicit Thread(std::function<void()> body);
  ~Thread();
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;
  void join();

 private:
  std::thread thread_;
  std::unique_ptr<Fiber> fiber_;
};

// In a fiber whose slice is spent: back to the frame loop until the next slice. Elsewhere nothing.
void yield_point();
// In a fiber: back to the frame loop now (it is waiting for something another party does).
void block();

// Waits until pred() holds, the lock held while testing it, like condition_variable::wait; a fiber
// instead gives the main thread back between tests (the lock released meanwhile).
template <class Predicate>
void wait(std::unique_lock<std::mutex>& lock, std::condition_variable& changed, Predicate pred) {
  if (!in_fiber()) {
    changed.wait(lock, pred);
    return;
  }
  while (!pred()) {
    lock.unlock();
    block();
    lock.lock();
  }
}

// The frame loop (not a fiber): runs the fibers, round after round, until `seconds` are spent or
// every one of them is waiting. Returns the seconds they ran. Without fibers it returns 0 at once.
double run_for(double seconds);
// How many fibers are alive (tests, status).
int fiber_count();

}  // namespace dl::background
