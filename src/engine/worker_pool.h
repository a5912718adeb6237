// A fixed pool of std::threads that run one task per worker and wait for all of them:
// the data-parallel split of each training batch. The calling thread is worker 0, so a pool of
// one thread runs inline and never blocks (safe on the browser's main thread). Where the work runs
// as a fiber (background.h), the pool has no threads: it runs the workers' tasks one after another,
// offering the main thread its turn between them, so a batch is split into slices of a frame.
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

  int size() const { return size_; }
  // Runs task(worker) for every worker in [0, size()) and returns when all have finished.
  void run(const std::function<void(int)>& task);

 private:
  void worker_loop(int worker);

  int size_ = 1;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* task_ = nullptr;
  unsigned long long generation_ = 0;
  int running_ = 0;
  bool stopping_ = false;
};

}  // namespace dl
