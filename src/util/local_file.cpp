// SPDX-License-Identifier: Apache-2.0

#include "util/local_file.h"

#include "util/interrupt.h"
#include "util/terminal_text.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <utility>

namespace vmrun::util {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_io(const std::string& what, const std::string& path, int error)
{
  throw FileError(error, what + " " + path + ": " + std::strerror(error));
}

// A file descriptor closed on scope exit.
class FileDescriptor
{
public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor()
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

// Reads what is left of `fd`, up to `limit` bytes; false when there is more.
bool read_up_to(int fd, std::size_t limit, std::string& content, const std::string& path)
{
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw_io("Cannot read", path, errno);
    }
    if (n == 0) {
      return true;
    }
    if (static_cast<std::size_t>(n) > limit - content.size()) {
      return false;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> judge(const struct stat& st, bool directory)
{
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
    return directory ? "not a directory" : "not a regular file";
  }
  if (st.st_uid != ::geteuid()) {
    return "not owned by this user";
  }
  const mode_t open_to = directory ? (S_IWGRP | S_IWOTH) : (S_IRWXG | S_IRWXO);
  if ((st.st_mode & open_to) != 0) {
    return directory ? "in a directory others can write to" : "readable or writable by others";
  }
  return std::nullopt;
}

// A name beside `target` that no one else uses: hidden, and telling whose it is.
fs::path temp_name(const fs::path& target)
{
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  return dir / ("." + target.filename().string() + ".vmrun-" + suffix + ".part");
}

// The process's umask. Read from /proc rather than set and set back: in a library another
// thread may create a file between the two calls and get wide-open permissions.
mode_t current_umask()
{
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8) & 0777);
    }
  }
  const mode_t mask = ::umask(0); // a kernel without the field (before Linux 4.7)
  ::umask(mask);
  return mask;
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target, FileMode mode)
  : m_target(std::move(target)), m_mode(mode)
{
  int error = EEXIST;
  for (int attempt = 0; attempt < 5 && m_fd < 0 && error == EEXIST; ++attempt) {
    m_temp = temp_name(m_target);
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    error = m_fd < 0 ? errno : 0;
  }
  if (m_fd < 0) {
    throw_io("Cannot create a temporary file for", m_target.string(), error);
  }
}

AtomicFileWriter::~AtomicFileWriter()
{
  if (m_fd >= 0) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
  }
}

void AtomicFileWriter::write(std::string_view chunk)
{
  while (!chunk.empty()) {
    const ssize_t n = ::write(m_fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw_io("Cannot write", m_temp.string(), n < 0 ? errno : EIO);
    }
    chunk.remove_prefix(static_cast<std::size_t>(n));
    m_written += static_cast<std::uint64_t>(n);
  }
}

void AtomicFileWriter::commit(Durability durability)
{
  const mode_t final_mode = m_mode == FileMode::ordinary ? 0666 & ~current_umask() : 0600;
  // The temporary file stayed private until now.
  if (::fchmod(m_fd, final_mode) != 0) {
    throw_io("Cannot set the mode of", m_temp.string(), errno);
  }
  if (durability == Durability::durable && ::fsync(m_fd) != 0) {
    throw_io("Cannot write", m_temp.string(), errno);
  }
  const int fd = std::exchange(m_fd, -1);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(m_temp.c_str());
    throw_io("Cannot write", m_temp.string(), error);
  }
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    const int error = errno;
    ::unlink(m_temp.c_str());
    throw_io("Cannot replace", m_target.string(), error);
  }
}

void make_private_dirs(const std::string& dir)
{
  fs::path partial;
  for (const auto& part : fs::path(dir)) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      throw_io("Cannot create the directory", partial.string(), errno);
    }
  }
}

std::string read_file_or_empty(const std::string& path, std::size_t max_bytes)
{
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return {};
    }
    throw_io("Cannot read", path, errno);
  }
  std::string content;
  if (!read_up_to(fd.get(), max_bytes, content, path)) {
    throw FileError(EFBIG, path + " is larger than " + std::to_string(max_bytes / (1024 * 1024)) +
                             " MiB: not read");
  }
  return content;
}

void replace_private_file(const std::string& path, const std::string& content,
                          Durability durability)
{
  AtomicFileWriter writer(path, FileMode::private_);
  writer.write(content);
  writer.commit(durability);
}

std::optional<std::string> not_private(const std::string& path)
{
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    // ENOTDIR: a path through a file (a home that is not a directory) holds nothing either.
    return errno == ENOENT || errno == ENOTDIR ? std::string("missing")
                                               : std::string(std::strerror(errno));
  }
  if (auto why = judge(st, false)) {
    return why;
  }
  const fs::path parent = fs::path(path).parent_path();
  if (::stat(parent.empty() ? "." : parent.c_str(), &st) != 0) {
    return std::string(std::strerror(errno));
  }
  return judge(st, true);
}

std::optional<std::string> not_private_dir(const std::string& dir)
{
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return std::string(std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return "not a directory";
  }
  if (st.st_uid != ::geteuid()) {
    return "not owned by this user";
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return "writable by others";
  }
  return std::nullopt;
}

std::optional<std::string> read_private_file(const std::string& path, std::size_t limit)
{
  // O_NOFOLLOW and the checks on the open descriptor: what is judged is what is read.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (fd.get() < 0) {
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || judge(st, false) || not_private(path)) {
    return std::nullopt;
  }
  std::string content;
  if (!read_up_to(fd.get(), limit, content, path)) {
    return std::nullopt;
  }
  return content;
}

FileLock::FileLock(const std::string& lock_path, std::chrono::milliseconds wait)
{
  m_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (m_fd < 0) {
    const int error = errno;
    throw FileError(error, "Cannot create " + one_line(lock_path) + ": " +
                             (error == ELOOP ? std::string("it is a symbolic link")
                                             : std::string(std::strerror(error))));
  }
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(m_fd);
    throw FileError(EINVAL, "Cannot lock " + one_line(lock_path) + ": it is not a regular file");
  }
  // Polled rather than blocking, so a holder that hangs (a stopped process) cannot hang us.
  const auto until = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(1);
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (InterruptGuard::interrupted() != 0) {
      ::close(m_fd);
      throw FileError(ECANCELED,
                      "Waiting for the lock " + one_line(lock_path) + " was interrupted");
    }
    if (error == EINTR) {
      continue;
    }
    if (error != EWOULDBLOCK || std::chrono::steady_clock::now() >= until) {
      ::close(m_fd);
      throw FileError(error, "Cannot lock " + one_line(lock_path) + ": " +
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
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

} // namespace vmrun::util
