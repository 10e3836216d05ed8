// SPDX-License-Identifier: Apache-2.0

#include "core/files/host_file.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"

#include "util/terminal_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

namespace vmrun::core {

namespace {

Error host_error(const std::filesystem::path& path, int err)
{
  if (err == ENOSPC || err == EDQUOT) {
    return Error(vix::disk_full, vix_text(vix::disk_full));
  }
  if (err == ENOENT || err == ENOTDIR) {
    return Error(vix::file_not_found, vix_text(vix::file_not_found), {},
                 fmt::format("vmrun: {}: {}", util::one_line(path.string()), std::strerror(err)));
  }
  return Error(vix::file_access_error,
               fmt::format("Cannot write {}: {}", util::one_line(path.string()),
                           std::strerror(err)));
}

std::filesystem::path temp_name(const std::filesystem::path& target)
{
  std::random_device random;
  return target.parent_path() /
         fmt::format(".{}.vmrun-{:08x}.part", target.filename().string(), random());
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : m_target(std::move(target))
{
  if (m_target.parent_path().empty()) {
    m_target = std::filesystem::path(".") / m_target;
  }
  for (int attempt = 0; attempt < 5 && m_fd < 0; ++attempt) {
    m_temp = temp_name(m_target);
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_fd < 0 && errno != EEXIST) {
      throw host_error(m_target, errno);
    }
  }
  if (m_fd < 0) {
    throw host_error(m_target, EEXIST);
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
  check_interrupted();
  while (!chunk.empty()) {
    const ssize_t n = ::write(m_fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw host_error(m_target, errno);
    }
    chunk.remove_prefix(static_cast<std::size_t>(n));
    m_written += static_cast<std::uint64_t>(n);
  }
}

void AtomicFileWriter::commit(std::int64_t expected_size)
{
  check_interrupted();
  if (expected_size >= 0 && m_written != static_cast<std::uint64_t>(expected_size)) {
    throw Error(vix::fail,
                fmt::format("The transfer ended after {} of {} bytes", m_written, expected_size));
  }
  // The final file gets ordinary permissions (umask); the temporary one stayed private.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(m_fd, 0666 & ~mask) != 0 || ::fsync(m_fd) != 0) {
    throw host_error(m_target, errno);
  }
  const int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0 || ::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    const int err = errno;
    ::unlink(m_temp.c_str());
    throw host_error(m_target, err);
  }
}

} // namespace vmrun::core
