// SPDX-License-Identifier: Apache-2.0

#pragma once

// Guest operations, part 4: file transfers between the host and the guest
// (docs/behaviour.md#guest-transfers, docs/behaviour.md#guest-transfers-vcenter). Both directions
// stream through fixed-size buffers: memory does not grow with the file.
#include "core/guest/guest.h"
#include "core/vsphere/progress.h"
#include "transport/http_client.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vmrun::core {

// --- Pure helpers -----------------------------------------------------------------------------

// The transfer URL to use: a "*" host (with or without a port) becomes `authority` (the
// host:port we connected to, IPv6 in brackets); any other URL is returned unchanged.
std::string transfer_url(std::string_view url, std::string_view authority);

// --- A host file to upload --------------------------------------------------------------------

// A regular host file opened for reading. Opening fails with "A file was not found" (the reason
// as a hint) when it is missing, unreadable or not a regular file.
class HostFileReader
{
public:
  explicit HostFileReader(const std::filesystem::path& path);
  ~HostFileReader();
  HostFileReader(const HostFileReader&) = delete;
  HostFileReader& operator=(const HostFileReader&) = delete;

  std::uint64_t size() const { return m_size; }
  // Fills `buffer` with the next bytes; throws when the file ends before size() bytes.
  std::size_t read(std::span<char> buffer);
  // Back to the first byte, for an upload that starts over.
  void rewind();
  // The file as an upload's body; it must outlive the body.
  transport::UploadBody body();

private:
  std::filesystem::path m_path;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  std::uint64_t m_read = 0;
};

// --- Operations on an open guest (faults propagate as transport::SoapFault) --------------------

// InitiateFileTransferToGuest (overwrite) + PUT of `body`. `permissions`: POSIX mode bits for a
// new file on a POSIX guest. A transfer URL may serve one request, so the PUT is never sent to
// it twice; when the connection it reused drops it before any reply (NetErrorKind::dropped) and
// `body` can be rewound, the upload starts over once, from a new URL and the body's first byte.
void upload_to_guest(GuestVm& guest, const std::string& guest_path,
                     const transport::UploadBody& body,
                     std::optional<std::int64_t> permissions = {}, const ProgressFn& progress = {});
// InitiateFileTransferFromGuest + GET into `write`; throws unless exactly
// FileTransferInformation.size bytes arrived. Returns the size.
std::uint64_t download_from_guest(GuestVm& guest, const std::string& guest_path,
                                  const transport::WriteCallback& write,
                                  const ProgressFn& progress = {});

// --- Verbs --------------------------------------------------------------------------------------

// CopyFileFromHostToGuest: `source` opened by the caller before connecting.
void copy_file_to_guest(Session& session, const GuestTarget& target, HostFileReader& source,
                        const std::string& guest_path, const ProgressFn& progress = {});
// CopyFileFromGuestToHost: the host file appears only complete (AtomicFileWriter).
void copy_file_from_guest(Session& session, const GuestTarget& target,
                          const std::string& guest_path, const std::filesystem::path& host_path,
                          const ProgressFn& progress = {});

} // namespace vmrun::core
