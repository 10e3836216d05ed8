// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <chrono>
#include <string>

namespace vmrun::transport {

// An exclusive advisory lock (flock) on a sibling lock file, held for the object's lifetime:
// processes that update a shared file (known_hosts, a session cache) take it around their
// read-modify-write, so concurrent updates neither lose nor repeat lines. The lock file (mode
// 0600) stays in place: removing it would let two processes lock different files.
class FileLock
{
public:
  // Locks `lock_path` (created if missing, never through a symbolic link: a link planted there
  // would make us create its target), waiting up to `wait` for another holder; throws
  // NetError(io) when it cannot be created or the wait runs out, NetError(cancelled) as soon as
  // a signal is recorded under a util::InterruptGuard while it waits.
  explicit FileLock(const std::string& lock_path,
                    std::chrono::milliseconds wait = std::chrono::seconds(10));
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int m_fd = -1;
};

} // namespace vmrun::transport
