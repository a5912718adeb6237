// A fixed pool of std::threads that run one task per worker and wait for all of them:
// the data-parallel split of each training batch. The calling thread is worker 0, so a pool of
// one thread runs inline and never blocks (safe on the browser's main thread).
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dl {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return static_cast<int>(threads_.size()) + 1; }
  // Runs task(worker) for every worker in [0, size()) and returns when all have finished.
  void run(const std::function<void(int)>& task);

 private:
  void worker_loop(int worker);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* task_ = nullptr;
  unsigned long long generation_ = 0;
  int running_ = 0;
  bool stopping_ = false;
};

}  // namespace dl
