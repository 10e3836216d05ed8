// SPDX-License-Identifier: Apache-2.0

#include "transport/private_file.h"

#include "transport/errors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace vmrun::transport {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_io(const std::string& what, const std::string& path, int error)
{
  throw NetError(NetErrorKind::io, what + " " + path + ": " + std::strerror(error));
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
  int release() { return std::exchange(m_fd, -1); }

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

void write_all(int fd, const std::string& data, const std::string& path)
{
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw_io("Cannot write", path, errno);
    }
    done += static_cast<std::size_t>(n);
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

} // namespace

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
    throw NetError(NetErrorKind::io, fmt::format("{} is larger than {} MiB: not read", path,
                                                 max_bytes / (1024 * 1024)));
  }
  return content;
}

void replace_private_file(const std::string& path, const std::string& content,
                          Durability durability)
{
  std::string temp = path + ".XXXXXX";
  FileDescriptor fd(::mkstemp(temp.data()));
  if (fd.get() < 0) {
    throw_io("Cannot create a temporary file for", path, errno);
  }
  try {
    if (::fchmod(fd.get(), 0600) != 0) {
      throw_io("Cannot set the mode of", temp, errno);
    }
    write_all(fd.get(), content, temp);
    if ((durability == Durability::durable && ::fsync(fd.get()) != 0) ||
        ::close(fd.release()) != 0) {
      throw_io("Cannot write", temp, errno);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      throw_io("Cannot replace", path, errno);
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
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

} // namespace vmrun::transport
