// Runs that take turns on the machine: a batch of one, then a batch of the next (the page's two
// runs side by side share the workers this way, each getting the same share). Thread-safe.
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace dl {

class TurnTaking {
 public:
  explicit TurnTaking(int runs) : left_(static_cast<size_t>(runs), false), taken_(static_cast<size_t>(runs), 0) {}

  // Waits until it is `run`'s turn, or every other run has left; false, at once, when `stop` or
  // `pause` is set meanwhile, so the run reaches its pause point: another run may have paused while
  // holding the turn (mid-validation) and would otherwise keep this one waiting, shown as training,
  // after both were asked to pause. Calling it again within the turn returns at once.
  bool begin_turn(int run, const std::atomic<bool>& stop, const std::atomic<bool>& pause);
  void end_turn(int run);  // passes the turn to the next run still here
  void leave(int run);     // a run that ended: the others stop waiting for it
  int turns_taken(int run) const;

 private:
  void advance();  // to the next run that has not left (the mutex held)

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int turn_ = 0;
  bool holding_ = false;
  std::vector<bool> left_;
  std::vector<int> taken_;
};

}  // namespace dl
