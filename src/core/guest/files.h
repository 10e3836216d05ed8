// SPDX-License-Identifier: Apache-2.0

#pragma once

// Guest operations, part 3: files and directories in the guest (docs/behaviour.md#guest-files,
// docs/behaviour.md#verb-output).
#include "core/guest/guest.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// One GuestFileInfo; `type` is "file", "directory" or "symlink" as the server said.
struct GuestFileEntry {
  std::string name;
  std::string type;
  std::uint64_t size = 0;
  std::int64_t mod_time = 0; // attributes.modificationTime, seconds since the epoch (0: unknown)
};

// --- Pure helpers -----------------------------------------------------------------------------

// A guest path split into its directory and last name; separators are '/' and '\' and trailing
// ones are ignored. "/a/b" -> {"/a", "b"}; "/b" -> {"/", "b"}; "C:\x" -> {"C:\", "x"};
// "/" -> {"/", ""}; "b" -> {".", "b"}.
struct GuestPathParts {
  std::string parent;
  std::string name;
};
GuestPathParts split_guest_path(std::string_view path);
// A regular expression matching exactly `text` (metacharacters escaped; PCRE and RE2 agree).
std::string regex_literal(std::string_view text);
// "." and "..", which listings leave out.
bool is_dot_entry(std::string_view name);

// --- Operations on an open guest (faults propagate as transport::SoapFault) --------------------

// ListFilesInGuest, all pages (index/remaining); `match_pattern` empty: the server's default.
std::vector<GuestFileEntry> list_files(GuestVm& guest, const std::string& path,
                                       const std::string& match_pattern = {});
// CreateTemporaryFileInGuest in the guest's temp directory; returns its path.
std::string create_temp_file(GuestVm& guest, std::string_view prefix, std::string_view suffix);
// DeleteFileInGuest.
void delete_file(GuestVm& guest, const std::string& path);
// DeleteFileInGuest that never throws: for cleaning up our own temp files.
void delete_file_quietly(GuestVm& guest, const std::string& path) noexcept;

// --- Verbs --------------------------------------------------------------------------------------

enum class GuestEntryKind { file, directory };

// fileExistsInGuest / directoryExistsInGuest: whether `path` exists and is of that kind (a
// symlink counts as a file). A missing path or parent is false, not an error.
bool guest_path_exists(Session& session, const GuestTarget& target, const std::string& path,
                       GuestEntryKind kind);
// createDirectoryInGuest (parents created too).
void create_directory_in_guest(Session& session, const GuestTarget& target,
                               const std::string& path);
// deleteDirectoryInGuest (recursive).
void delete_directory_in_guest(Session& session, const GuestTarget& target,
                               const std::string& path);
// deleteFileInGuest.
void delete_file_in_guest(Session& session, const GuestTarget& target, const std::string& path);
// renameFileInGuest: MoveFileInGuest (overwriting, as rename does), a directory through
// MoveDirectoryInGuest.
void rename_file_in_guest(Session& session, const GuestTarget& target, const std::string& from,
                          const std::string& to);
// CreateTempfileInGuest: the new file's path.
std::string create_temp_file_in_guest(Session& session, const GuestTarget& target);
// listDirectoryInGuest: the entries without "." and "..", in server order, all pages.
std::vector<GuestFileEntry> list_directory_in_guest(Session& session, const GuestTarget& target,
                                                    const std::string& path);

} // namespace vmrun::core
