// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::transport {

// One line of a known_hosts file: "<host:port> <thumbprint>".
struct KnownHostEntry {
  std::string host_port;  // as written; ":443" added when the line has no port
  std::string thumbprint; // as written (any accepted spelling; may even be invalid)
  std::string line;       // the whole line, for "remove this line" advice
};

// Parses known_hosts text: each line split on its first space; lines that do not split into
// two fields are ignored.
std::vector<KnownHostEntry> parse_known_hosts(std::string_view text);

// The largest known_hosts read (about 40,000 hosts); a larger file is refused as an I/O error
// naming it, never read whole.
inline constexpr std::size_t k_max_known_hosts = 4 * 1024 * 1024;

// The first entry for `host_port` in the file at `path`; nullopt when there is none or the
// file does not exist. Throws NetError(io) when the file exists but cannot be read.
std::optional<KnownHostEntry> find_known_host(const std::string& path, std::string_view host_port);

// Appends "<host_port> <thumbprint>" to the file at `path`, creating missing directories
// (0700) and the file (0600). Works under the lock `<path>.lock` (util::FileLock) and re-reads the
// file under it: when an entry for `host_port` is already there (another vmrun recorded it first),
// nothing is written and that entry is returned. Writes a temporary file beside it and renames
// it, so readers never see a partial file. Throws NetError(io) on failure.
std::optional<KnownHostEntry> record_known_host(const std::string& path, std::string_view host_port,
                                                std::string_view thumbprint);

// The known_hosts file that vmrun and libvix share: <xdg_config_home>/vmrun/known_hosts when
// XDG_CONFIG_HOME is absolute, else <home>/.config/vmrun/known_hosts; "" when neither applies.
// The arguments are the two variables' values (nullopt when unset or empty).
std::string default_known_hosts_path(const std::optional<std::string>& xdg_config_home,
                                     const std::optional<std::string>& home);

} // namespace vmrun::transport
