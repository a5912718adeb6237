// Emscripten's fibers for background.h: the page's trainers run as fibers where it has no threads.
// Asyncify unwinds and rewinds the stacks at each switch, so this file is linked only into the
// programs built with -sASYNCIFY (the page's modules, the fiber tests): CMake's digitlab_fibers.
#include <emscripten/fiber.h>

#include <memory>

#include "engine/background.h"

namespace dl::background {
namespace {

// Where Asyncify saves the locals of the frames it unwinds at a switch.
constexpr size_t kAsyncifyBytes = 256u << 10;

struct AsyncifyContext {
  emscripten_fiber_t fiber{};
  std::unique_ptr<char[]> saved{new char[kAsyncifyBytes]};
};

const ContextSwitch asyncify_switch{
    [](void (*entry)(void*), void* arg, char* stack, size_t bytes) -> void* {
      auto* c = new AsyncifyContext;
      emscripten_fiber_init(&c->fiber, entry, arg, stack, bytes, c->saved.get(), kAsyncifyBytes);
      return c;
    },
    []() -> void* {
      auto* c = new AsyncifyContext;
      emscripten_fiber_init_from_current_context(&c->fiber, c->saved.get(), kAsyncifyBytes);
      return c;
    },
    [](void* from, void* to) {
      emscripten_fiber_swap(&static_cast<AsyncifyContext*>(from)->fiber, &static_cast<AsyncifyContext*>(to)->fiber);
    },
    [](void* context) { delete static_cast<AsyncifyContext*>(context); },
};

}  // namespace

void install_asyncify_fibers() { install_context_switch(asyncify_switch); }

}  // namespace dl::background
