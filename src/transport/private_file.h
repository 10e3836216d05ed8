// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace vmrun::transport {

// Files that hold trust decisions or secrets (known_hosts, cached sessions): their directories
// are created 0700, the files written 0600 through a temporary file and rename(), so a reader
// never sees a partial file. Failures throw NetError(io) naming the path.

// Creates each missing directory of `dir` with mode 0700.
void make_private_dirs(const std::string& dir);

// The file's contents, or "" when it does not exist; a file larger than `max_bytes` is refused
// (NetError(io) saying so) after reading no more than that.
std::string read_file_or_empty(const std::string& path, std::size_t max_bytes);

// Whether a replaced file must be on disk before it replaces the old one. A trust decision
// (known_hosts) is; a cache is not: after a crash it may be torn or empty, its reader rejects it
// and the command logs in again, and no command waits on the disk (many processes saving at once
// on a busy disk made each wait seconds).
enum class Durability { cache, durable };

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

} // namespace vmrun::transport
