// SPDX-License-Identifier: Apache-2.0

#include "cli/settings.h"

#include "cli/errors.h"
#include "cli/flags.h"
#include "transport/known_hosts.h"
#include "util/terminal_text.h"
#include "util/text.h"
#include "util/url.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace vmrun::cli {

namespace {

constexpr int k_default_port = 443;

std::optional<std::string> first_of(const std::optional<std::string>& flag, const Environment& env,
                                    std::string_view variable)
{
  return flag ? flag : env(variable);
}

bool is_hex(char c)
{
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// A decimal number in [1, max], or nullopt.
std::optional<int> parse_positive(std::string_view text, int max)
{
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

core::Error bad_host(std::string_view host, std::string_view reason)
{
  return invalid_parameters(
    fmt::format("vmrun: cannot use '{}' as the host: {}", util::one_line(host), reason));
}

int parse_port(std::string_view host, std::string_view text)
{
  if (auto port = parse_positive(text, 65535)) {
    return *port;
  }
  throw bad_host(host, fmt::format("'{}' is not a port number", util::one_line(text)));
}

int parse_port_flag(std::string_view text)
{
  if (auto port = parse_positive(text, 65535)) {
    return *port;
  }
  throw invalid_parameters(
    fmt::format("vmrun: -P wants a port number (1-65535), not '{}'", util::one_line(text)));
}

// Strips "https://" and a trailing "/sdk" (or "/"); returns the authority.
std::string_view strip_url(std::string_view host)
{
  const util::UrlParts parts = util::split_url(host);
  if (parts.has_scheme && !util::iequals(parts.scheme, "https")) {
    throw bad_host(host, "only https:// is supported");
  }
  const std::string_view path = parts.rest;
  if (!path.empty() && path != "/" && !util::iequals(path, "/sdk") &&
      !util::iequals(path, "/sdk/")) {
    throw bad_host(host, "the only path allowed is /sdk");
  }
  return parts.authority;
}

transport::TlsMode parse_tls_mode(std::string_view text)
{
  if (auto mode = transport::tls_mode_from_word(text)) {
    return *mode;
  }
  throw invalid_parameters(
    fmt::format("vmrun: unknown TLS mode '{}' (use tofu, strict or insecure)",
                util::one_line(text, util::k_max_message_chars)));
}

transport::TlsMode resolve_tls_mode(const GlobalOptions& options, const Environment& env)
{
  if (options.tls) {
    const auto mode = parse_tls_mode(*options.tls);
    if (options.insecure && mode != transport::TlsMode::insecure) {
      throw invalid_parameters(
        fmt::format("vmrun: --insecure contradicts --tls={}", util::one_line(*options.tls)));
    }
    return mode;
  }
  if (options.insecure) {
    return transport::TlsMode::insecure;
  }
  const auto from_env = env("VMRUN_TLS");
  return from_env ? parse_tls_mode(*from_env) : transport::TlsMode::tofu;
}

transport::TlsPolicy resolve_tls(const GlobalOptions& options, const Environment& env)
{
  transport::TlsPolicy tls;
  tls.mode = resolve_tls_mode(options, env);
  if (auto pin = first_of(options.thumbprint, env, "VMRUN_THUMBPRINT")) {
    if (!is_valid_thumbprint(*pin)) {
      throw invalid_parameters(
        fmt::format("vmrun: '{}' is not a SHA-256 or SHA-1 thumbprint (hex bytes, colons optional)",
                    util::one_line(*pin, util::k_max_message_chars)));
    }
    tls.pin = *pin;
  }
  if (options.ca_file) {
    if (options.ca_file->empty()) {
      throw invalid_parameters("vmrun: --ca-file needs a file name");
    }
    // Checked here: TLS would only say that its context callback failed.
    if (::access(options.ca_file->c_str(), R_OK) != 0) {
      throw invalid_parameters(fmt::format("vmrun: cannot read the --ca-file {}: {}",
                                           util::one_line(*options.ca_file), std::strerror(errno)));
    }
    tls.ca_file = *options.ca_file;
  }
  tls.known_hosts_path = known_hosts_path(env);
  return tls;
}

std::chrono::seconds resolve_timeout(const GlobalOptions& options)
{
  if (!options.timeout) {
    return std::chrono::seconds(300);
  }
  if (auto seconds = parse_positive(*options.timeout, 7 * 24 * 3600)) {
    return std::chrono::seconds(*seconds);
  }
  throw invalid_parameters(
    fmt::format("vmrun: --timeout wants a whole number of seconds, not '{}'",
                util::one_line(*options.timeout, util::k_max_message_chars)));
}

// -T (or VMRUN_HOST_TYPE) must name vSphere; without it a host must be given
// (docs/behaviour.md#host-type).
void check_provider(const std::optional<std::string>& host_type, bool has_host)
{
  if (host_type && !is_vsphere_host_type(*host_type)) {
    throw provider_not_found(fmt::format(
      "vmrun: this vmrun manages VMware ESXi and vCenter Server only; '-T {}' is not one of "
      "esx, vc, server, ws-shared",
      util::one_line(*host_type)));
  }
  if (!host_type && !has_host) {
    throw provider_not_found(
      "vmrun: this vmrun manages VMware ESXi and vCenter Server; give -T esx or -T vc and the "
      "host with -h");
  }
}

} // namespace

Environment process_environment()
{
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value || !*value) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

bool is_vsphere_host_type(std::string_view type)
{
  const auto types = vsphere_host_types();
  return std::any_of(types.begin(), types.end(),
                     [&](std::string_view known) { return util::iequals(type, known); });
}

bool is_valid_thumbprint(std::string_view text)
{
  std::size_t digits = 0;
  const bool has_colons = text.find(':') != std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // With colons, every third character is one: "AB:CD:...".
    const bool colon_slot = has_colons && i % 3 == 2;
    if (colon_slot ? text[i] != ':' : !is_hex(text[i])) {
      return false;
    }
    digits += colon_slot ? 0 : 1;
  }
  const bool whole_bytes = !has_colons || text.size() % 3 == 2;
  return whole_bytes && (digits == 40 || digits == 64);
}

transport::Endpoint parse_endpoint(std::string_view host,
                                   const std::optional<std::string>& port_flag)
{
  const std::optional<int> flag_port = port_flag ? std::optional<int>(parse_port_flag(*port_flag))
                                                 : std::nullopt;
  const util::Authority authority = util::parse_authority(strip_url(host));
  if (!authority.error.empty()) {
    throw bad_host(host, authority.error);
  }
  transport::Endpoint endpoint;
  endpoint.host = authority.host;
  endpoint.port = authority.port ? parse_port(host, *authority.port)
                                 : flag_port.value_or(k_default_port);
  return endpoint;
}

std::string known_hosts_path(const Environment& env)
{
  return transport::default_known_hosts_path(env("XDG_CONFIG_HOME"), env("HOME"));
}

std::string session_cache_dir(const Environment& env)
{
  if (auto switch_ = env("VMRUN_SESSION_CACHE")) {
    for (const char* off : {"off", "0", "false", "no"}) {
      if (util::iequals(*switch_, off)) {
        return {};
      }
    }
  }
  if (auto cache = env("XDG_CACHE_HOME"); cache && cache->starts_with('/')) {
    return *cache + "/vmrun/sessions";
  }
  if (auto home = env("HOME")) {
    return *home + "/.cache/vmrun/sessions";
  }
  return {};
}

Settings resolve_settings(const GlobalOptions& options, const Environment& env)
{
  const auto host = first_of(options.host, env, "VMRUN_HOST");
  check_provider(first_of(options.host_type, env, "VMRUN_HOST_TYPE"), host.has_value());
  Settings settings;
  if (host) {
    settings.endpoint = parse_endpoint(*host, options.port);
  } else if (options.port) {
    parse_port_flag(*options.port);
  }
  settings.user = first_of(options.user, env, "VMRUN_USER");
  settings.password = first_of(options.password, env, "VMRUN_PASSWORD");
  settings.guest_user = first_of(options.guest_user, env, "VMRUN_GUEST_USER");
  settings.guest_password = first_of(options.guest_password, env, "VMRUN_GUEST_PASSWORD");
  settings.tls = resolve_tls(options, env);
  settings.timeout = resolve_timeout(options);
  settings.format = options.json ? OutputFormat::json : OutputFormat::text;
  settings.trace = options.debug ? Trace::on : Trace::off;
  settings.progress = options.no_progress ? Progress::off : Progress::on;
  if (!options.no_session_cache) {
    settings.session_cache_dir = session_cache_dir(env);
  }
  return settings;
}

} // namespace vmrun::cli
