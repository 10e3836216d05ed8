// SPDX-License-Identifier: Apache-2.0

#include "transport/file_lock.h"

#include "transport/errors.h"
#include "util/interrupt.h"
#include "util/terminal_text.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace vmrun::transport {

FileLock::FileLock(const std::string& lock_path, std::chrono::milliseconds wait)
{
  m_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (m_fd < 0) {
    const int error = errno;
    throw NetError(NetErrorKind::io, "Cannot create " + util::one_line(lock_path) + ": " +
                                       (error == ELOOP ? std::string("it is a symbolic link")
                                                       : std::string(std::strerror(error))));
  }
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(m_fd);
    throw NetError(NetErrorKind::io,
                   "Cannot lock " + util::one_line(lock_path) + ": it is not a regular file");
  }
  // Polled rather than blocking, so a holder that hangs (a stopped process) cannot hang us.
  const auto until = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(1);
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (util::InterruptGuard::interrupted() != 0) {
      ::close(m_fd);
      throw NetError(NetErrorKind::cancelled,
                     "Waiting for the lock " + util::one_line(lock_path) + " was interrupted");
    }
    if (error == EINTR) {
      continue;
    }
    if (error != EWOULDBLOCK || std::chrono::steady_clock::now() >= until) {
      ::close(m_fd);
      throw NetError(NetErrorKind::io,
                     "Cannot lock " + util::one_line(lock_path) + ": " +
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
