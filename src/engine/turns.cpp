// Turn-taking between runs (see turns.h).
#include "engine/turns.h"

#include <chrono>

#include "engine/background.h"

namespace dl {

bool TurnTaking::begin_turn(int run, const std::atomic<bool>& stop, const std::atomic<bool>& pause) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (turn_ == run && holding_) return true;
  // A stop or pause request has no way to wake this wait: look again every few milliseconds.
  while (turn_ != run) {
    if (stop || pause) return false;
    if (background::in_fiber()) background::wait(lock, changed_, [&] { return turn_ == run || stop || pause; });
    else changed_.wait_for(lock, std::chrono::milliseconds(20));
  }
  holding_ = true;
  ++taken_[static_cast<size_t>(run)];
  return true;
}

void TurnTaking::end_turn(int run) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (turn_ != run) return;
  holding_ = false;
  advance();
  changed_.notify_all();
}

void TurnTaking::leave(int run) {
  std::lock_guard<std::mutex> lock(mutex_);
  left_[static_cast<size_t>(run)] = true;
  if (turn_ == run) {
    holding_ = false;
    advance();
  }
  changed_.notify_all();
}

int TurnTaking::turns_taken(int run) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return taken_[static_cast<size_t>(run)];
}

void TurnTaking::advance() {
  const int n = static_cast<int>(left_.size());
  for (int k = 1; k <= n; ++k) {
    const int next = (turn_ + k) % n;
    if (!left_[static_cast<size_t>(next)]) {
      turn_ = next;
      return;
    }
  }
  // Everyone has left: nobody waits.
}

}  // namespace dl
