// SPDX-License-Identifier: Apache-2.0

#include "cli/prompt.h"

#include "core/errors/faults.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace vmrun::cli {

namespace {

// The controlling terminal, opened for reading and writing; closed on destruction.
class Tty
{
public:
  Tty() : m_fd(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) {}
  ~Tty()
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  Tty(const Tty&) = delete;
  Tty& operator=(const Tty&) = delete;

  bool is_open() const { return m_fd >= 0; }
  int fd() const { return m_fd; }

private:
  int m_fd;
};

// Turns echo off while alive and restores the terminal's previous settings.
class EchoOff
{
public:
  explicit EchoOff(int fd) : m_fd(fd), m_active(::tcgetattr(fd, &m_saved) == 0)
  {
    if (m_active) {
      termios quiet = m_saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      quiet.c_lflag |= ECHONL;
      m_active = ::tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~EchoOff()
  {
    if (m_active) {
      ::tcsetattr(m_fd, TCSAFLUSH, &m_saved);
    }
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

private:
  int m_fd;
  termios m_saved{};
  bool m_active;
};

bool write_all(int fd, std::string_view text)
{
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) {
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads up to a newline; nullopt on end of file before any newline or on error. A signal that
// asks the command to stop (util::InterruptGuard) throws core::cancelled().
std::optional<std::string> read_line(int fd)
{
  // How often the wait for a key looks at the signal flag: a signal that lands just before a
  // blocking read() would not interrupt it, so the wait is a poll() that comes back regularly.
  constexpr int k_signal_check_ms = 200;
  std::string line;
  char c = 0;
  while (true) {
    core::check_interrupted();
    pollfd ready{fd, POLLIN, 0};
    const int polled = ::poll(&ready, 1, k_signal_check_ms);
    if (polled == 0 || (polled < 0 && errno == EINTR)) {
      continue;
    }
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return std::nullopt;
    }
    if (c == '\n') {
      return line;
    }
    line += c;
  }
}

} // namespace

std::optional<std::string> prompt_on_tty(std::string_view question, Echo echo)
{
  Tty tty;
  if (!tty.is_open() || !::isatty(tty.fd())) {
    return std::nullopt;
  }
  if (echo == Echo::on) {
    return write_all(tty.fd(), question) ? read_line(tty.fd()) : std::nullopt;
  }
  // Echo goes off before the question shows, as getpass does: nothing typed early is shown.
  EchoOff quiet(tty.fd());
  if (!write_all(tty.fd(), question)) {
    return std::nullopt;
  }
  try {
    return read_line(tty.fd());
  } catch (...) {
    write_all(tty.fd(), "\n"); // echo was off: what follows starts on a line of its own
    throw;
  }
}

} // namespace vmrun::cli
