// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/session_cache.h"

#include "core/vsphere/password_verifier.h"

#include "transport/errors.h"
#include "util/local_file.h"

#include "util/terminal_text.h"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace vmrun::core {

namespace {

// 2: datacenters carry their inventory path.
constexpr std::string_view k_magic = "vmrun-session 2";
// The last line of a whole file.
constexpr std::string_view k_end = "end\n";
// Far above a real file (a few hundred bytes per datacenter); keeps a planted file harmless.
constexpr std::size_t k_max_file_bytes = 1 << 20;
// Below NAME_MAX (255) with room for the ".lock" suffix and for the temporary file the writer
// makes beside it (util::AtomicFileWriter: 21 bytes more).
constexpr std::size_t k_max_name_bytes = 200;

bool plain(unsigned char c)
{
  return c > 0x20 && c < 0x7f && c != '%';
}

void encode(std::string& out, std::string_view token)
{
  if (token.empty()) {
    out += '%'; // a lone '%' is the empty token
    return;
  }
  for (const unsigned char c : token) {
    if (plain(c)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
}

std::optional<std::string> decode(std::string_view token)
{
  if (token == "%") {
    return std::string();
  }
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '%') {
      out += token[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= token.size()) {
      return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(token.data() + i + 1, token.data() + i + 3, value, 16);
    if (ec != std::errc() || end != token.data() + i + 3) {
      return std::nullopt;
    }
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

void line(std::string& out, std::string_view key, std::initializer_list<std::string_view> tokens)
{
  out += key;
  for (const auto token : tokens) {
    out += ' ';
    encode(out, token);
  }
  out += '\n';
}

// The references a cache file carries, by the name each line gives.
std::array<std::pair<std::string_view, MoRef ServiceContent::*>, 8> references()
{
  return {{{"root_folder", &ServiceContent::root_folder},
           {"property_collector", &ServiceContent::property_collector},
           {"view_manager", &ServiceContent::view_manager},
           {"session_manager", &ServiceContent::session_manager},
           {"search_index", &ServiceContent::search_index},
           {"file_manager", &ServiceContent::file_manager},
           {"virtual_disk_manager", &ServiceContent::virtual_disk_manager},
           {"guest_operations_manager", &ServiceContent::guest_operations_manager}}};
}

std::array<std::pair<std::string_view, std::string ServiceContent::*>, 3> about()
{
  return {{{"api_type", &ServiceContent::api_type},
           {"api_version", &ServiceContent::api_version},
           {"full_name", &ServiceContent::full_name}}};
}

// A cookie value goes back into a Cookie header: printable ASCII without ';'.
bool valid_cookie(std::string_view value)
{
  if (value.empty()) {
    return false;
  }
  for (const unsigned char c : value) {
    if (c <= 0x20 || c >= 0x7f || c == ';') {
      return false;
    }
  }
  return true;
}

bool valid_version(std::string_view value)
{
  return !value.empty() && value.find_first_not_of("0123456789.") == std::string_view::npos;
}

// Splits a line into its key and decoded tokens; nullopt when a token is malformed.
std::optional<std::vector<std::string>> tokens_of(std::string_view line)
{
  std::vector<std::string> tokens;
  while (!line.empty()) {
    const auto space = line.find(' ');
    const auto raw = line.substr(0, space);
    if (raw.empty()) {
      return std::nullopt;
    }
    auto decoded = tokens.empty() ? std::optional<std::string>(std::string(raw)) : decode(raw);
    if (!decoded) {
      return std::nullopt;
    }
    tokens.push_back(std::move(*decoded));
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  }
  return tokens;
}

// The lines of a file that starts with `magic` and ends with the `end` line; nullopt when it
// does not.
std::optional<std::string_view> framed_body(std::string_view text, std::string_view magic)
{
  if (text.size() > k_max_file_bytes || !text.starts_with(magic) ||
      text.substr(magic.size(), 1) != "\n") {
    return std::nullopt;
  }
  text.remove_prefix(magic.size() + 1);
  if (!text.ends_with(k_end) ||
      (text.size() > k_end.size() && text[text.size() - k_end.size() - 1] != '\n')) {
    return std::nullopt; // cut short (a crash before the disk had it all)
  }
  text.remove_suffix(k_end.size());
  return text;
}

// Reads each line of `body` into tokens for `field`; false at the first that does not fit.
template <typename Field>
bool read_lines(std::string_view body, Field&& field)
{
  while (!body.empty()) {
    const auto end = body.find('\n');
    if (end == std::string_view::npos) {
      return false;
    }
    const auto tokens = tokens_of(body.substr(0, end));
    if (!tokens || !field(*tokens)) {
      return false;
    }
    body.remove_prefix(end + 1);
  }
  return true;
}

bool read_field(CachedSession& session, const std::vector<std::string>& t)
{
  if (t.empty()) {
    return false; // an empty line
  }
  const std::string& key = t[0];
  if (t.size() == 2 && key == "cookie" && valid_cookie(t[1])) {
    session.cookie = t[1];
    return true;
  }
  if (t.size() == 2 && key == "version" && valid_version(t[1])) {
    session.version = t[1];
    return true;
  }
  if (t.size() == 2 && key == "certificate") {
    session.certificate = t[1];
    return true;
  }
  for (const auto& [name, member] : about()) {
    if (t.size() == 2 && key == name) {
      session.service.*member = t[1];
      return true;
    }
  }
  if (t.size() == 4 && key == "ref") {
    for (const auto& [name, member] : references()) {
      if (t[1] == name) {
        session.service.*member = MoRef{t[2], t[3]};
        return true;
      }
    }
    return false;
  }
  if (t.size() == 7 && key == "datacenter") {
    if (!session.datacenters) {
      session.datacenters.emplace();
    }
    session.datacenters->push_back({MoRef{t[2], t[3]}, t[1], MoRef{t[4], t[5]}, t[6]});
    return true;
  }
  if (t.size() == 6 && key == "vm") {
    if (session.vms.size() < k_max_known_vms) { // more are dropped, never trusted to fit
      session.vms.push_back({t[1], MoRef{t[2], t[3]}, MoRef{t[4], t[5]}});
    }
    return true;
  }
  if (t.size() == 2 && key == "verifier" && parse_verifier(t[1])) {
    session.verifier = t[1];
    return true;
  }
  if (t.size() == 1 && key == "datacenters") { // listed, and there were none
    session.datacenters.emplace();
    return true;
  }
  return false;
}

} // namespace

std::string format_cached_session(const CachedSession& session)
{
  std::string out(k_magic);
  out += '\n';
  line(out, "cookie", {session.cookie});
  line(out, "version", {session.version});
  line(out, "certificate", {session.certificate});
  if (!session.verifier.empty()) {
    line(out, "verifier", {session.verifier});
  }
  for (const auto& [name, member] : about()) {
    line(out, name, {session.service.*member});
  }
  for (const auto& [name, member] : references()) {
    const MoRef& ref = session.service.*member;
    if (!ref.empty()) {
      line(out, "ref", {name, ref.type, ref.value});
    }
  }
  if (session.datacenters) {
    line(out, "datacenters", {});
    for (const auto& dc : *session.datacenters) {
      line(out, "datacenter",
           {dc.name, dc.ref.type, dc.ref.value, dc.vm_folder.type, dc.vm_folder.value, dc.path});
    }
  }
  for (const auto& vm : session.vms) {
    line(out, "vm", {vm.path, vm.ref.type, vm.ref.value, vm.datacenter.type, vm.datacenter.value});
  }
  out += k_end; // the file is written without waiting for the disk: a torn one lacks this line
  return out;
}

std::optional<CachedSession> parse_cached_session(std::string_view text)
{
  const auto body = framed_body(text, k_magic);
  CachedSession session;
  if (!body || !read_lines(*body, [&](const std::vector<std::string>& t) {
        return read_field(session, t);
      })) {
    return std::nullopt;
  }
  if (session.cookie.empty() || session.version.empty() || session.certificate.empty() ||
      session.service.session_manager.empty() || session.service.property_collector.empty() ||
      session.service.root_folder.empty()) {
    return std::nullopt;
  }
  return session;
}

namespace {

constexpr std::string_view k_watch_magic = "vmrun-watch 1";

// Server text kept in a file and sent back: short printable tokens only (a reference's type and
// value).
bool plain_token(std::string_view value)
{
  return !value.empty() && value.size() <= 256 &&
         std::all_of(value.begin(), value.end(), [](char c) { return plain(c); });
}

bool read_watch_field(KeptWatchState& watch, const std::vector<std::string>& t)
{
  if (t.size() == 2 && t[0] == "login" && plain_token(t[1])) {
    watch.login = t[1];
    return true;
  }
  const std::array<std::pair<std::string_view, MoRef KeptWatchState::*>, 4> refs{
    {{"collector", &KeptWatchState::collector},
     {"view", &KeptWatchState::view},
     {"filter", &KeptWatchState::filter},
     {"vm", &KeptWatchState::vm}}};
  for (const auto& [name, member] : refs) {
    if (t.size() == 3 && t[0] == name && plain_token(t[1]) && plain_token(t[2])) {
      watch.*member = MoRef{t[1], t[2]};
      return true;
    }
  }
  return false;
}

} // namespace

std::string format_kept_watch(const KeptWatchState& watch)
{
  std::string out(k_watch_magic);
  out += '\n';
  line(out, "login", {watch.login});
  line(out, "collector", {watch.collector.type, watch.collector.value});
  line(out, "view", {watch.view.type, watch.view.value});
  line(out, "filter", {watch.filter.type, watch.filter.value});
  line(out, "vm", {watch.vm.type, watch.vm.value});
  out += k_end;
  return out;
}

std::optional<KeptWatchState> parse_kept_watch(std::string_view text)
{
  const auto body = framed_body(text, k_watch_magic);
  KeptWatchState watch;
  if (!body || !read_lines(*body, [&](const std::vector<std::string>& t) {
        return read_watch_field(watch, t);
      })) {
    return std::nullopt;
  }
  if (watch.login.empty() || watch.collector.empty() || watch.view.empty() ||
      watch.filter.empty() || watch.vm.empty()) {
    return std::nullopt;
  }
  return watch;
}

std::optional<std::string> session_file_name(std::string_view key)
{
  std::string name;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (plain(c) && c != '/' && !(i == 0 && c == '.')) {
      name += static_cast<char>(c);
    } else {
      name += fmt::format("%{:02X}", c);
    }
  }
  if (name.empty() || name.size() > k_max_name_bytes) {
    return std::nullopt;
  }
  return name;
}

SessionCache::SessionCache(std::string dir, std::function<void(const std::string&)> warn,
                           bool quiet_without_home)
  : m_dir(std::move(dir)), m_warn(std::move(warn)), m_quiet_without_home(quiet_without_home)
{
}

std::optional<std::string> SessionCache::path(const std::string& key) const
{
  const auto name = session_file_name(key);
  if (!name) {
    return std::nullopt;
  }
  return m_dir + "/" + *name;
}

std::string SessionCache::lock_path(const std::string& key) const
{
  return m_dir + "/" + session_file_name(key).value_or("session") + ".lock";
}

std::optional<CachedSession> SessionCache::load(const std::string& key) const
{
  const auto file = path(key);
  if (!file) {
    return std::nullopt;
  }
  if (const auto why = util::not_private(*file)) {
    if (*why != "missing" && m_warn && !std::exchange(m_warned, true)) {
      m_warn(fmt::format("vmrun: ignoring the cached session {}: {}", util::one_line(*file), *why));
    }
    return std::nullopt;
  }
  const auto text = transport::with_local_files(
    [&] { return util::read_private_file(*file, k_max_file_bytes); });
  return text ? parse_cached_session(*text) : std::nullopt;
}

void SessionCache::store(const std::string& key, const CachedSession& session) const
{
  const auto file = path(key);
  if (!file) {
    throw CacheUnusable{"the user and host make too long a file name"};
  }
  try {
    util::make_private_dirs(m_dir);
  } catch (const std::system_error& e) {
    throw CacheUnusable{e.what(), true};
  }
  if (const auto why = util::not_private_dir(m_dir)) {
    throw CacheUnusable{fmt::format("the directory {} is not private: {}", m_dir, *why)};
  }
  try {
    util::replace_private_file(*file, format_cached_session(session), util::Durability::cache);
  } catch (const std::system_error& e) {
    throw CacheUnusable{e.what()};
  }
}

void SessionCache::not_kept(const CacheUnusable& why) const
{
  if (std::exchange(m_said_not_kept, true) || !m_warn || (why.no_home && m_quiet_without_home)) {
    return;
  }
  m_warn(fmt::format("vmrun: not keeping the session ({}); it is logged out at the end",
                     util::one_line(why.why)));
}

void SessionCache::remove(const std::string& key) const noexcept
{
  if (const auto file = path(key)) {
    ::unlink(file->c_str());
  }
}

std::optional<std::string> SessionCache::kept_watch_path(const std::string& key, int slot) const
{
  const auto file = path(key);
  if (!file) {
    return std::nullopt;
  }
  return *file + ".watch" + std::to_string(slot);
}

void SessionCache::remove_kept_watches(const std::string& key) const noexcept
{
  for (int slot = 0; slot < k_kept_watches; ++slot) {
    if (const auto file = kept_watch_path(key, slot)) {
      ::unlink(file->c_str());
    }
  }
}

} // namespace vmrun::core
