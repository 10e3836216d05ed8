// SPDX-License-Identifier: Apache-2.0

#pragma once

// The threads that run jobs (docs/libvix.md#workers). They stay joinable: finished ones are joined
// when the next one starts, and the rest when the library's globals are destroyed at exit, so no
// thread outlives what it uses.
#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace vmrun::vix {

class Workers
{
public:
  Workers() = default;
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // Runs `work` on a new thread. Throws std::system_error when no thread can be made.
  void spawn(std::function<void()> work);

private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex m_mutex;
  std::list<Worker> m_workers;
};

Workers& workers();

} // namespace vmrun::vix
