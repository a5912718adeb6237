// WorkerPool: generation-counted start signal, counted completion.
#include "engine/worker_pool.h"

#include "engine/background.h"
#include "engine/check.h"

namespace dl {

WorkerPool::WorkerPool(int threads) : size_(threads) {
  DL_CHECK(threads >= 1);
  if (background::uses_fibers()) return;
  for (int w = 1; w < threads; ++w) threads_.emplace_back([this, w] { worker_loop(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::run(const std::function<void(int)>& task) {
  if (threads_.empty()) {
    for (int w = 0; w < size_; ++w) {
      if (w > 0) background::yield_point();
      task(w);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    running_ = static_cast<int>(threads_.size());
    ++generation_;
  }
  start_.notify_all();
  task(0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return running_ == 0; });
  task_ = nullptr;
}

void WorkerPool::worker_loop(int worker) {
  unsigned long long seen = 0;
  for (;;) {
    const std::function<void(int)>* task = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      task = task_;
    }
    (*task)(worker);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--running_ == 0) done_.notify_one();
    }
  }
}

}  // namespace dl
