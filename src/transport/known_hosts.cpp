#include "transport/known_hosts.h"

#include "transport/errors.h"
#include "transport/file_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace vmrun::transport {

namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view text)
{
  auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// govc's hostAddr: a key without a port means the HTTPS default.
std::string with_default_port(std::string_view host)
{
  auto bracket = host.rfind(']');
  auto colon = host.rfind(':');
  bool has_port = colon != std::string_view::npos &&
                  (bracket == std::string_view::npos || colon > bracket);
  return has_port ? std::string(host) : std::string(host) + ":443";
}

[[noreturn]] void throw_io(const std::string& what, const std::string& path, int error)
{
  throw NetError(NetErrorKind::io, what + " " + path + ": " + std::strerror(error));
}

// Creates each missing directory of `dir` with mode 0700 (the file holds trust decisions).
void make_private_dirs(const fs::path& dir)
{
  fs::path partial;
  for (const auto& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      throw_io("Cannot create the directory", partial.string(), errno);
    }
  }
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

std::string read_existing(const std::string& path)
{
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return {};
    }
    throw_io("Cannot read", path, errno);
  }
  std::string content;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw_io("Cannot read", path, errno);
    }
    if (n == 0) {
      return content;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

void write_all(int fd, const std::string& data, const std::string& path)
{
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw_io("Cannot write", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

} // namespace

std::vector<KnownHostEntry> parse_known_hosts(std::string_view text)
{
  std::vector<KnownHostEntry> entries;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    auto space = line.find(' ');
    if (space == std::string_view::npos) {
      continue;
    }
    std::string_view host = trim(line.substr(0, space));
    std::string_view thumbprint = trim(line.substr(space + 1));
    if (host.empty() || thumbprint.empty() || host.front() == '#') {
      continue;
    }
    entries.push_back({with_default_port(host), std::string(thumbprint), std::string(line)});
  }
  return entries;
}

namespace {

std::optional<KnownHostEntry> first_entry(std::string_view text, std::string_view host_port)
{
  for (auto& entry : parse_known_hosts(text)) {
    if (entry.host_port == host_port) {
      return entry;
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<KnownHostEntry> find_known_host(const std::string& path, std::string_view host_port)
{
  return first_entry(read_existing(path), host_port);
}

std::optional<KnownHostEntry> record_known_host(const std::string& path, std::string_view host_port,
                                                std::string_view thumbprint)
{
  fs::path target(path);
  if (target.has_parent_path()) {
    make_private_dirs(target.parent_path());
  }
  const FileLock lock(path + ".lock");
  std::string content = read_existing(path);
  if (auto existing = first_entry(content, host_port)) {
    return existing;
  }
  if (!content.empty() && content.back() != '\n') {
    content += '\n';
  }
  content.append(host_port).append(" ").append(thumbprint).append("\n");

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
    if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
      throw_io("Cannot write", temp, errno);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      throw_io("Cannot replace", path, errno);
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  return std::nullopt;
}

} // namespace vmrun::transport
