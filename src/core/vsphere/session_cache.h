// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/datacenter.h"
#include "core/vsphere/service_content.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// A VM a command found by its path: the next one reads it directly (its facts and the exact-path
// check in one RetrieveProperties), without FindByDatastorePath.
struct KnownVm {
  std::string path; // "[ds] dir/name.vmx", as the server spells it
  MoRef ref;
  MoRef datacenter;
  friend bool operator==(const KnownVm&, const KnownVm&) = default;
};

// Enough for the VMs one pipeline drives; the oldest go first.
inline constexpr std::size_t k_max_known_vms = 256;

// What a later command needs to go on with a logged-in session: no version GET, no
// RetrieveServiceContent, no Login, no datacenter listing.
struct CachedSession {
  std::string cookie;      // the vmware_soap_session cookie's value
  std::string version;     // the vim25 version spoken (SOAPAction)
  std::string certificate; // SHA-256 of the certificate the server logged us in with
  ServiceContent service;
  std::optional<std::vector<Datacenter>> datacenters; // once a command listed them
  std::vector<KnownVm> vms; // VMs found by path, newest last (at most k_max_known_vms)
  // The password's verifier (password_verifier.h); "" when the session was not made with a
  // password that can be checked (a clone ticket), or by an older vmrun.
  std::string verifier;
};

// The cache file's text: a version line, then one "key token..." line per field, tokens
// percent-encoded (anything outside printable ASCII, space and '%').
std::string format_cached_session(const CachedSession& session);
// nullopt for anything but a complete, well-formed file of this version.
std::optional<CachedSession> parse_cached_session(std::string_view text);

// A watch for tasks kept on the server with a cached session, for later commands to reuse
// (docs/behaviour.md#kept-watches): a private PropertyCollector, a ListView and one filter over
// the view, and the VM in the view.
struct KeptWatchState {
  std::string login; // Session::login_tag() of the session that made it
  MoRef collector;
  MoRef view;
  MoRef filter;
  MoRef vm; // what the view holds
  friend bool operator==(const KeptWatchState&, const KeptWatchState&) = default;
};

// The number of kept watches one cached session has at most: as many commands at once can wait
// for tasks through one; more wait as commands without a cache do.
inline constexpr int k_kept_watches = 32;

// A kept watch file's text, in the cache file's line format.
std::string format_kept_watch(const KeptWatchState& watch);
// nullopt for anything but a complete, well-formed file.
std::optional<KeptWatchState> parse_kept_watch(std::string_view text);

// The file name for "user@host:port": printable, with '/', '%', spaces, control bytes and a
// leading '.' percent-encoded; nullopt when it would be too long for a file name.
std::optional<std::string> session_file_name(std::string_view key);

// Why a session cannot be kept: `no_home` when the cache's directory cannot be made at all (a
// missing or read-only home, as on CI runners and in containers).
struct CacheUnusable {
  std::string why;
  bool no_home = false;
};

// One directory of cached sessions, shared by concurrent vmrun processes: files 0600 in a 0700
// directory, replaced atomically; a file that is not private (as ssh judges keys) is ignored,
// with a warning through `warn`.
class SessionCache
{
public:
  SessionCache(std::string dir, std::function<void(const std::string&)> warn,
               bool quiet_without_home = false);

  // The cached session for `key`, if there is a usable one.
  std::optional<CachedSession> load(const std::string& key) const;
  // Writes (or replaces) the file for `key`. Throws CacheUnusable saying why it cannot be kept:
  // no name for it (too long), a directory that cannot be made, one others can write to, or a
  // failed write.
  void store(const std::string& key, const CachedSession& session) const;
  // Says once, through `warn`, why this command's session is not kept (it is logged out at the
  // end instead); silent about a missing or read-only home when `quiet_without_home`.
  void not_kept(const CacheUnusable& why) const;
  // Deletes the file for `key`, if any; never throws.
  void remove(const std::string& key) const noexcept;
  // The lock that serializes logins for `key` across processes (util::FileLock's path).
  std::string lock_path(const std::string& key) const;
  // The file of kept watch `slot` (0 .. k_kept_watches - 1) of the session for `key`, locked by
  // the command using it; nullopt when the key makes no file name.
  std::optional<std::string> kept_watch_path(const std::string& key, int slot) const;
  // Deletes the kept watch files of `key`; never throws.
  void remove_kept_watches(const std::string& key) const noexcept;
  const std::string& dir() const { return m_dir; }

private:
  std::optional<std::string> path(const std::string& key) const;

  std::string m_dir;
  std::function<void(const std::string&)> m_warn;
  bool m_quiet_without_home = false;
  mutable bool m_warned = false; // once per command, however often the file is looked at
  mutable bool m_said_not_kept = false;
};

} // namespace vmrun::core
