// Work that waits for the network, run on threads of its own so that a window never
// waits. Finished threads are joined as new work starts (the tray and the kiosk run for
// weeks); join_all() waits for what is still running. Safe to call from any thread.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "tk/logging.h"

namespace tk {

class BackgroundWork {
 public:
  BackgroundWork() = default;
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;
  ~BackgroundWork() { join_all(); }

  void run(std::function<void()> work) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (*it->done) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back(Worker{std::thread([work = std::move(work), done] {
                                // The last guard: an exception leaving a thread would end
                                // the whole program. The work itself reports its failures.
                                try {
                                  work();
                                } catch (const std::exception& e) {
                                  log::error("background", std::string("unexpected failure: ") + e.what());
                                } catch (...) {
                                  log::error("background", "unexpected failure");
                                }
                                *done = true;
                              }),
                              done});
  }

  void join_all() {
    std::vector<Worker> running;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running.swap(workers_);
    }
    for (auto& w : running) w.thread.join();
  }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mutex_;
  std::vector<Worker> workers_;
};

}  // namespace tk
