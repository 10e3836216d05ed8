// SPDX-License-Identifier: Apache-2.0

#pragma once

// Local files written whole or not at all, kept private, and locked across processes: the
// known_hosts file and its lock (transport), the session cache and its locks, and the host files
// that transfers and screenshots write (core). Failures throw FileError, a std::system_error
// whose code() is the errno and whose what() names the path; each layer words it as its own
// error.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace vmrun::util {

// A local file operation failed: code() is the errno (ECANCELED for a wait a signal ended,
// EFBIG for a file larger than its reader's limit), what() the whole sentence, e.g.
// "Cannot write /p: No space left on device".
class FileError : public std::system_error
{
public:
  FileError(int error, std::string message)
    : std::system_error(error, std::generic_category()), m_message(std::move(message))
  {
  }
  const char* what() const noexcept override { return m_message.c_str(); }

private:
  std::string m_message;
};

// Whether a replaced file must be on disk before it replaces the old one. A trust decision
// (known_hosts) or a host file a command wrote is; a cache is not: after a crash it may be torn
// or empty, its reader rejects it and the command logs in again, and no command waits on the
// disk (many processes saving at once on a busy disk made each wait seconds).
enum class Durability { cache, durable };

// The mode a written file ends with: private (0600: secrets, trust decisions) or the ordinary
// mode the umask gives (a file the user asked for).
enum class FileMode { private_, ordinary };

// Writes a file so that it appears only complete: the bytes go to a temporary file (0600,
// O_EXCL) in the target's directory, and commit() sets the final mode, syncs (when durable) and
// renames it over the target. Destroyed uncommitted, it removes the temporary file and leaves any
// existing target untouched.
class AtomicFileWriter
{
public:
  explicit AtomicFileWriter(std::filesystem::path target, FileMode mode = FileMode::private_);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view chunk);
  std::uint64_t written() const { return m_written; }
  void commit(Durability durability = Durability::durable);

private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  FileMode m_mode;
  int m_fd = -1;
  std::uint64_t m_written = 0;
};

// Files that hold trust decisions or secrets (known_hosts, cached sessions): their directories
// are created 0700, the files written 0600 through AtomicFileWriter, so a reader never sees a
// partial file.

// Creates each missing directory of `dir` with mode 0700.
void make_private_dirs(const std::string& dir);

// The file's contents, or "" when it does not exist; a file larger than `max_bytes` is refused
// (EFBIG, saying so) after reading no more than that.
std::string read_file_or_empty(const std::string& path, std::size_t max_bytes);

// Replaces `path` with `content` (mode 0600), atomically.
void replace_private_file(const std::string& path, const std::string& content,
                          Durability durability);

// Why `path` must not be trusted with a secret (as ssh judges its keys): not a regular file,
// not owned by this user, or open to group or others; also when its directory is writable by
// group or others. nullopt when it is private; "" is never returned. ENOENT, ENOTDIR: "missing".
std::optional<std::string> not_private(const std::string& path);

// Why the directory `dir` must not hold secrets or their locks: not a directory, not owned by
// this user, or writable by group or others; nullopt when it is private.
std::optional<std::string> not_private_dir(const std::string& dir);

// Reads a private file of at most `limit` bytes; nullopt when it is missing, larger, or not
// private (not_private()).
std::optional<std::string> read_private_file(const std::string& path, std::size_t limit);

// An exclusive advisory lock (flock) on a sibling lock file, held for the object's lifetime:
// processes that update a shared file (known_hosts, a session cache) take it around their
// read-modify-write, so concurrent updates neither lose nor repeat lines. The lock file (mode
// 0600) stays in place: removing it would let two processes lock different files.
class FileLock
{
public:
  // Locks `lock_path` (created if missing, never through a symbolic link: a link planted there
  // would make us create its target), waiting up to `wait` for another holder; throws FileError
  // when it cannot be created or the wait runs out, and FileError(ECANCELED) as soon as a signal
  // is recorded under an InterruptGuard while it waits.
  explicit FileLock(const std::string& lock_path,
                    std::chrono::milliseconds wait = std::chrono::seconds(10));
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock(FileLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  FileLock& operator=(FileLock&&) = delete;

  // The locked file, open for reading and writing: a small state file can be its own lock.
  int fd() const { return m_fd; }

private:
  int m_fd = -1;
};

} // namespace vmrun::util
