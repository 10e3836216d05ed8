// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/connect_config.h"

#include "transport/known_hosts.h"
#include "util/text.h"
#include "util/url.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace vmrun::core {

namespace {

using Problem = ConnectConfigError::Problem;

[[noreturn]] void bad_host(std::string_view host, std::string_view detail)
{
  throw ConnectConfigError(Problem::host, std::string(host), std::string(detail));
}

// Strips "https://" and a trailing "/sdk" (or "/"); returns the authority.
std::string_view strip_url(std::string_view host)
{
  const util::UrlParts parts = util::split_url(host);
  if (parts.has_scheme && !util::iequals(parts.scheme, "https")) {
    bad_host(host, "only https:// is supported");
  }
  const std::string_view path = parts.rest;
  if (!path.empty() && path != "/" && !util::iequals(path, "/sdk") &&
      !util::iequals(path, "/sdk/")) {
    bad_host(host, "the only path allowed is /sdk");
  }
  return parts.authority;
}

transport::TlsMode tls_mode(const std::string& word)
{
  if (auto mode = transport::tls_mode_from_word(word)) {
    return *mode;
  }
  throw ConnectConfigError(Problem::tls_mode, word);
}

transport::TlsMode resolve_mode(const TlsChoice& choice, const Environment& env)
{
  if (choice.mode) {
    const auto mode = tls_mode(*choice.mode);
    if (choice.insecure && mode != transport::TlsMode::insecure) {
      throw ConnectConfigError(Problem::tls_contradiction, *choice.mode);
    }
    return mode;
  }
  if (choice.insecure) {
    return transport::TlsMode::insecure;
  }
  const auto from_env = env("VMRUN_TLS");
  return from_env ? tls_mode(*from_env) : transport::TlsMode::tofu;
}

std::string description(Problem problem, const std::string& text, const std::string& detail)
{
  switch (problem) {
  case Problem::host: return "cannot use '" + text + "' as the host: " + detail;
  case Problem::host_port:
    return "cannot use '" + text + "' as the host: '" + detail + "' is not a port number";
  case Problem::tls_mode: return "unknown TLS mode '" + text + "'";
  case Problem::tls_contradiction: return "--insecure contradicts --tls=" + text;
  case Problem::thumbprint: return "'" + text + "' is not a SHA-256 or SHA-1 thumbprint";
  case Problem::ca_file_empty: return "--ca-file needs a file name";
  case Problem::ca_file_unreadable: return "cannot read the --ca-file " + text + ": " + detail;
  }
  return "invalid connection settings";
}

} // namespace

ConnectConfigError::ConnectConfigError(Problem problem, std::string text, std::string detail)
  : std::invalid_argument(description(problem, text, detail)), m_problem(problem),
    m_text(std::move(text)), m_detail(std::move(detail))
{
}

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

Environment environment_of(std::map<std::string, std::string> values)
{
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto it = values.find(std::string(name));
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

transport::Endpoint connect_endpoint(std::string_view host, std::optional<int> port)
{
  const util::Authority authority = util::parse_authority(strip_url(host));
  if (!authority.error.empty()) {
    bad_host(host, authority.error);
  }
  transport::Endpoint endpoint;
  endpoint.host = authority.host;
  if (authority.port) {
    const auto in_host = util::parse_port(*authority.port);
    if (!in_host) {
      throw ConnectConfigError(Problem::host_port, std::string(host), std::string(*authority.port));
    }
    endpoint.port = *in_host;
  } else {
    endpoint.port = port.value_or(k_default_port);
  }
  return endpoint;
}

transport::TlsPolicy tls_policy(const TlsChoice& choice, const Environment& env)
{
  transport::TlsPolicy tls;
  tls.mode = resolve_mode(choice, env); // a bad word is refused even where `strict` overrides it
  if (choice.strict) {
    tls.mode = transport::TlsMode::strict;
  }
  if (auto pin = choice.thumbprint ? choice.thumbprint : env("VMRUN_THUMBPRINT")) {
    if (choice.check_thumbprint && !is_valid_thumbprint(*pin)) {
      throw ConnectConfigError(Problem::thumbprint, *pin);
    }
    tls.pin = *pin;
  }
  if (choice.ca_file) {
    if (choice.ca_file->empty()) {
      throw ConnectConfigError(Problem::ca_file_empty, {});
    }
    // Checked here: TLS would only say that its context callback failed.
    if (::access(choice.ca_file->c_str(), R_OK) != 0) {
      throw ConnectConfigError(Problem::ca_file_unreadable, *choice.ca_file, std::strerror(errno));
    }
    tls.ca_file = *choice.ca_file;
  }
  tls.known_hosts_path = known_hosts_path(env);
  return tls;
}

bool is_valid_thumbprint(std::string_view text)
{
  std::size_t digits = 0;
  const bool has_colons = text.find(':') != std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // With colons, every third character is one: "AB:CD:...".
    const bool colon_slot = has_colons && i % 3 == 2;
    if (colon_slot ? text[i] != ':' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
    digits += colon_slot ? 0 : 1;
  }
  const bool whole_bytes = !has_colons || text.size() % 3 == 2;
  return whole_bytes && (digits == 40 || digits == 64);
}

std::string known_hosts_path(const Environment& env)
{
  return transport::default_known_hosts_path(env("XDG_CONFIG_HOME"), env("HOME"));
}

long connect_timeout_seconds(std::chrono::seconds timeout)
{
  return std::min<long>(static_cast<long>(timeout.count()), 30);
}

transport::HttpOptions connect_http_options(std::chrono::seconds timeout, transport::TlsPolicy tls,
                                            std::string user_agent)
{
  transport::HttpOptions http;
  http.connect_timeout_s = connect_timeout_seconds(timeout);
  http.timeout_s = static_cast<long>(timeout.count());
  http.tls = std::move(tls);
  http.user_agent = std::move(user_agent);
  return http;
}

} // namespace vmrun::core
