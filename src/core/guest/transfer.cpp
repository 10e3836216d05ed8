// SPDX-License-Identifier: Apache-2.0

#include "core/guest/transfer.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "core/files/host_file.h"
#include "core/guest/transfer_host.h"
#include "util/url.h"

#include "util/terminal_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace vmrun::core {

using transport::XmlWriter;

namespace {

// The authority of an absolute URL ("https://HERE/path"); "" for anything else.
std::string_view authority_of(std::string_view url)
{
  const util::UrlParts parts = util::split_url(url);
  return parts.has_scheme ? parts.authority : std::string_view();
}

Error not_found(const std::filesystem::path& path, const std::string& reason)
{
  return Error(vix::file_not_found, vix_text(vix::file_not_found), {},
               fmt::format("vmrun: {}: {}", util::one_line(path.string()), reason));
}

// A transfer to or from the URL the server gave us: HTTP and transport failures become errors.
// Ctrl-C (or SIGTERM, SIGHUP) ends it through the same path, with "The operation was cancelled",
// when the program holds a util::InterruptGuard (vmrun holds one for the whole command; a
// library such as libvix must never install signal handlers, so core installs none here).
template <typename Transfer>
void transfer(Session& session, const std::string& url, Transfer run)
{
  transport::HttpResponse response;
  try {
    response = run();
    check_interrupted();
  } catch (const transport::NetError& e) {
    check_interrupted(); // a signal that broke the connection is the real cause
    Error mapped = error_from_net(e, false);
    std::string hint = mapped.hint();
    const bool unreachable = e.kind() == transport::NetErrorKind::resolve ||
                             e.kind() == transport::NetErrorKind::connect ||
                             e.kind() == transport::NetErrorKind::timeout;
    if (unreachable && authority_of(url) != session.http().endpoint().authority()) {
      // vCenter hands out the ESXi host's address, which this machine must reach over HTTPS
      // (docs/behaviour.md#guest-transfers-vcenter); only a host that could not be reached gets the
      // hint (a refused certificate says enough).
      hint += (hint.empty() ? "" : "\n") +
              fmt::format("vmrun: guest file transfers go straight to the ESXi host running the "
                          "VM ({}); it must be reachable over HTTPS from here",
                          authority_of(url));
    }
    Error with_hint(mapped.code(), mapped.what(), mapped.preamble(), hint);
    if (mapped.net_kind()) {
      with_hint.with_net_kind(*mapped.net_kind()); // an upload dropped may start over
    }
    throw with_hint;
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error(vix::fail, fmt::format("The server answered HTTP {} for {}", response.status,
                                       util::without_query(url)));
  }
}

std::uint64_t to_u64(const std::string& text)
{
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

} // namespace

std::string transfer_url(std::string_view url, std::string_view authority)
{
  const util::UrlParts parts = util::split_url(url);
  const std::string_view host = parts.authority;
  if (!parts.has_scheme || (host != "*" && !host.starts_with("*:"))) {
    return std::string(url);
  }
  // Our port too, not the one in the URL: it supports port forwarding (govmomi does the same).
  return fmt::format("{}://{}{}", parts.scheme, authority, parts.rest);
}

namespace {

// Why a host file that is not a regular file cannot be uploaded.
const char* not_regular_reason(mode_t mode)
{
  if (S_ISDIR(mode)) {
    return "Is a directory";
  }
  if (S_ISFIFO(mode)) {
    return "Is a FIFO, not a regular file";
  }
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    return "Is a device, not a regular file";
  }
  return "Not a regular file";
}

} // namespace

HostFileReader::HostFileReader(const std::filesystem::path& path) : m_path(path)
{
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. It is
  // refused below, and a regular file reads the same either way.
  m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (m_fd < 0) {
    throw not_found(path, std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(m_fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    const std::string reason = not_regular_reason(info.st_mode);
    ::close(m_fd);
    m_fd = -1;
    throw not_found(path, reason);
  }
  m_size = static_cast<std::uint64_t>(info.st_size);
}

HostFileReader::~HostFileReader()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

std::size_t HostFileReader::read(std::span<char> buffer)
{
  const std::uint64_t left = m_size - m_read;
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
  if (want == 0) {
    return 0;
  }
  for (;;) {
    const ssize_t n = ::read(m_fd, buffer.data(), want);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw Error(vix::fail,
                  fmt::format("Cannot read {}: {}", m_path.string(), std::strerror(errno)));
    }
    if (n == 0) {
      throw Error(vix::fail,
                  fmt::format("{} became shorter while it was being copied", m_path.string()));
    }
    m_read += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
  }
}

void HostFileReader::rewind()
{
  if (::lseek(m_fd, 0, SEEK_SET) != 0) {
    throw Error(vix::fail,
                fmt::format("Cannot read {}: {}", m_path.string(), std::strerror(errno)));
  }
  m_read = 0;
}

transport::UploadBody HostFileReader::body()
{
  return transport::UploadBody{m_size, [this](std::span<char> buffer) { return read(buffer); },
                               [this] { rewind(); }};
}

namespace {

// An upload starts over at most once, as libcurl sends a request again at most once after a
// reused connection dropped it (the second goes on a new connection).
constexpr int k_upload_attempts = 2;

// InitiateFileTransferToGuest: the URL for one upload of `size` bytes to `guest_path`.
std::string initiate_upload(GuestVm& guest, const std::string& guest_path, std::uint64_t size,
                            std::optional<std::int64_t> permissions)
{
  XmlWriter w = guest_request(guest, "InitiateFileTransferToGuest", guest.managers.file);
  w.text("guestFilePath", guest_path);
  if (guest.family == GuestFamily::windows) {
    w.open("fileAttributes", "GuestWindowsFileAttributes").close();
  } else {
    w.open("fileAttributes", "GuestPosixFileAttributes");
    if (permissions) {
      w.integer("permissions", *permissions);
    }
    w.close();
  }
  w.integer("fileSize", static_cast<std::int64_t>(size)).boolean("overwrite", true);
  Session& session = *guest.session;
  return transfer_url(session.call(w).returnval().text(), session.http().endpoint().authority());
}

// Whether a failed upload may start over from a new URL: its reused connection was dropped
// before any reply (a host closing an idle connection just then), and it has tries left.
bool may_start_over(const Error& error, int attempt, const transport::UploadBody& body)
{
  return attempt < k_upload_attempts && body.rewind &&
         error.net_kind() == transport::NetErrorKind::dropped;
}

// `body` counting what it hands out into `sent`, for `progress`. Without a rewind: the API
// invalidates a transfer URL after a successful PUT, and a host may after any request, so the
// same URL must never get the body twice.
transport::UploadBody counted_body(const transport::UploadBody& body, std::uint64_t& sent,
                                   const ProgressFn& progress)
{
  const auto read = [&body, &sent, &progress](std::span<char> buffer) {
    check_interrupted();
    const std::size_t n = body.read(buffer);
    sent += n;
    if (progress) {
      progress(sent, body.size);
    }
    return n;
  };
  return transport::UploadBody{body.size, read, {}};
}

} // namespace

void upload_to_guest(GuestVm& guest, const std::string& guest_path,
                     const transport::UploadBody& body, std::optional<std::int64_t> permissions,
                     const ProgressFn& progress)
{
  Session& session = *guest.session;
  std::uint64_t sent = 0;
  const transport::UploadBody counted = counted_body(body, sent, progress);
  for (int attempt = 1;; ++attempt) {
    const std::string url = initiate_upload(guest, guest_path, body.size, permissions);
    const transport::TransferPeer peer = guest_transfer_peer(session, guest.host, url);
    try {
      transfer(session, url, [&] { return session.http().upload(url, counted, peer); });
      return;
    } catch (const Error& error) {
      if (!may_start_over(error, attempt, body)) {
        throw;
      }
    }
    body.rewind();
    sent = 0;
  }
}

std::uint64_t download_from_guest(GuestVm& guest, const std::string& guest_path,
                                  const transport::WriteCallback& write, const ProgressFn& progress)
{
  XmlWriter w = guest_request(guest, "InitiateFileTransferFromGuest", guest.managers.file);
  w.text("guestFilePath", guest_path);
  Session& session = *guest.session;
  const auto reply = session.call(w);
  const XmlNode info = reply.returnval();
  const std::uint64_t size = to_u64(info.child_text("size"));
  const std::string url = transfer_url(info.child_text("url"),
                                       session.http().endpoint().authority());
  const transport::TransferPeer peer = guest_transfer_peer(session, guest.host, url);

  std::uint64_t received = 0;
  const transport::WriteCallback counted = [&](std::string_view chunk) {
    check_interrupted();
    write(chunk);
    received += chunk.size();
    if (progress) {
      progress(received, size);
    }
  };
  transfer(session, url, [&] { return session.http().download(url, counted, peer); });
  if (received != size) {
    throw Error(vix::fail, fmt::format("The transfer ended after {} of {} bytes", received, size));
  }
  return size;
}

void copy_file_to_guest(Session& session, const GuestTarget& target, HostFileReader& source,
                        const std::string& guest_path, const ProgressFn& progress)
{
  GuestVm guest = open_guest(session, target);
  with_vm_errors(target.vmx,
                 [&] { upload_to_guest(guest, guest_path, source.body(), {}, progress); });
}

void copy_file_from_guest(Session& session, const GuestTarget& target,
                          const std::string& guest_path, const std::filesystem::path& host_path,
                          const ProgressFn& progress)
{
  GuestVm guest = open_guest(session, target);
  with_vm_errors(target.vmx, [&] {
    // Created only now: nothing is left behind by a failed lookup or Tools wait. From here on
    // a signal goes through the error path (the writer holds it back), which removes the
    // temporary file.
    AtomicFileWriter writer(host_path);
    const std::uint64_t size = download_from_guest(
      guest, guest_path, [&](std::string_view chunk) { writer.write(chunk); }, progress);
    writer.commit(static_cast<std::int64_t>(size));
  });
}

} // namespace vmrun::core
