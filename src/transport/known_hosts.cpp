// SPDX-License-Identifier: Apache-2.0

#include "transport/known_hosts.h"

#include "transport/errors.h"
#include "util/local_file.h"
#include "util/terminal_text.h"

#include <fmt/format.h>

#include <filesystem>

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
  return first_entry(with_local_files(
                       [&] { return util::read_file_or_empty(path, k_max_known_hosts); }),
                     host_port);
}

std::optional<KnownHostEntry> record_known_host(const std::string& path, std::string_view host_port,
                                                std::string_view thumbprint)
{
  const fs::path target(path);
  if (target.has_parent_path()) {
    with_local_files([&] { util::make_private_dirs(target.parent_path().string()); });
    // Others who can write there could plant the lock or the file: nothing is recorded.
    if (const auto why = util::not_private_dir(target.parent_path().string())) {
      throw NetError(NetErrorKind::io, fmt::format("Cannot record the certificate in {}: its "
                                                   "directory is {}",
                                                   util::one_line(path), *why));
    }
  }
  return with_local_files([&]() -> std::optional<KnownHostEntry> {
    const util::FileLock lock(path + ".lock");
    std::string content = util::read_file_or_empty(path, k_max_known_hosts);
    if (auto existing = first_entry(content, host_port)) {
      return existing;
    }
    if (!content.empty() && content.back() != '\n') {
      content += '\n';
    }
    content.append(host_port).append(" ").append(thumbprint).append("\n");
    util::replace_private_file(path, content, util::Durability::durable);
    return std::nullopt;
  });
}

std::string default_known_hosts_path(const std::optional<std::string>& xdg_config_home,
                                     const std::optional<std::string>& home)
{
  if (xdg_config_home && xdg_config_home->starts_with('/')) {
    return *xdg_config_home + "/vmrun/known_hosts";
  }
  if (home) {
    return *home + "/.config/vmrun/known_hosts";
  }
  return {};
}

} // namespace vmrun::transport
