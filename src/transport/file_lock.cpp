// SPDX-License-Identifier: Apache-2.0

#include "transport/file_lock.h"

#include "transport/errors.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace vmrun::transport {

FileLock::FileLock(const std::string& lock_path, std::chrono::milliseconds wait)
{
  m_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (m_fd < 0) {
    throw NetError(NetErrorKind::io, "Cannot create " + lock_path + ": " + std::strerror(errno));
  }
  // Polled rather than blocking, so a holder that hangs (a stopped process) cannot hang us.
  const auto until = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(1);
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EINTR) {
      continue;
    }
    if (error != EWOULDBLOCK || std::chrono::steady_clock::now() >= until) {
      ::close(m_fd);
      throw NetError(NetErrorKind::io,
                     "Cannot lock " + lock_path + ": " +
                       (error == EWOULDBLOCK ? std::string("another vmrun holds it")
                                             : std::string(std::strerror(error))));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

FileLock::~FileLock()
{
  // Closing the descriptor releases the lock.
  ::close(m_fd);
}

} // namespace vmrun::transport
