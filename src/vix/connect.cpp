// SPDX-License-Identifier: Apache-2.0

#include "vix/connect.h"

#include "transport/known_hosts.h"
#include "util/text.h"
#include "util/url.h"
#include "vix/errors.h"
#include "vix/host.h"

#include <charconv>
#include <cstdlib>

namespace vmrun::vix {

namespace {

constexpr int k_default_port = 443;
// Connecting (TCP and TLS) gets at most this much of the job's time, as in the CLI.
constexpr long k_connect_timeout_s = 30;

std::optional<std::string> env(const char* name)
{
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

VixFailure bad_host_name(std::string_view reason)
{
  return VixFailure{VIX_E_INVALID_HOSTNAME_SPECIFICATION, std::string(reason)};
}

// A port in [1, 65535], or nullopt.
std::optional<int> parse_port(std::string_view text)
{
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > 65535) {
    return std::nullopt;
  }
  return value;
}

// `https://host[:port][/sdk]`, `host[:port]`, `[v6][:port]` (docs/behaviour.md#libvix-connect): a
// port in the name wins, then hostPort when positive, then 443.
transport::Endpoint endpoint_of(const std::string& name, int host_port)
{
  const util::UrlParts parts = util::split_url(name);
  if (parts.has_scheme && !util::iequals(parts.scheme, "https")) {
    throw bad_host_name("only https:// is supported");
  }
  const std::string_view path = parts.rest;
  if (!path.empty() && path != "/" && !util::iequals(path, "/sdk") &&
      !util::iequals(path, "/sdk/")) {
    throw bad_host_name("the only path allowed is /sdk");
  }
  const util::Authority authority = util::parse_authority(parts.authority);
  if (!authority.error.empty()) {
    throw bad_host_name(authority.error);
  }
  transport::Endpoint endpoint;
  endpoint.host = authority.host;
  if (authority.port) {
    const auto port = parse_port(*authority.port);
    if (!port) {
      throw bad_host_name("not a port number");
    }
    endpoint.port = *port;
  } else {
    endpoint.port = host_port > 0 && host_port <= 65535 ? host_port : k_default_port;
  }
  return endpoint;
}

// docs/behaviour.md#libvix-tls: without VIX_HOSTOPTION_VERIFY_SSL_CERT the CLI's policy (VMRUN_TLS,
// default trust on first use in the CLI's known_hosts, silently: a library prompts and prints
// nothing); with it, strict. VMRUN_THUMBPRINT pins a certificate in every mode.
transport::TlsPolicy tls_policy(int options)
{
  transport::TlsPolicy tls;
  if (auto word = env("VMRUN_TLS")) {
    const auto mode = transport::tls_mode_from_word(*word);
    if (!mode) {
      throw VixFailure{VIX_E_INVALID_ARG, "VMRUN_TLS must be tofu, strict or insecure"};
    }
    tls.mode = *mode;
  }
  if ((options & VIX_HOSTOPTION_VERIFY_SSL_CERT) != 0) {
    tls.mode = transport::TlsMode::strict;
  }
  if (auto pin = env("VMRUN_THUMBPRINT")) {
    tls.pin = *pin; // HttpClient refuses one that is not a thumbprint (VIX_E_INVALID_ARG)
  }
  tls.known_hosts_path = transport::default_known_hosts_path(env("XDG_CONFIG_HOME"), env("HOME"));
  return tls;
}

} // namespace

void connect_host(JobRun& run, const ConnectRequest& request)
{
  core::ConnectOptions options;
  options.endpoint = endpoint_of(request.host_name, request.host_port);
  options.user = request.user;
  options.clone_ticket = request.user.empty(); // CloneSession (doc: no user, a ticket)
  options.password = [password = request.password] { return password; };
  options.http.connect_timeout_s = k_connect_timeout_s;
  options.http.timeout_s = static_cast<long>(k_job_deadline.count());
  options.http.tls = tls_policy(request.options);
  options.http.user_agent = "libvix/" VMRUN_VERSION;
  // No session cache: each host handle is its own session, logged out on disconnect
  // (docs/libvix.md#host-sessions),
  // logged in again when it expires while the handle lives.
  options.renew_expired = true;
  auto host = std::make_shared<Host>(std::make_unique<core::Session>(std::move(options)),
                                     request.provider);
  const VixHandle handle = handles().add(host);
  run.set_result_handle(handle);
}

} // namespace vmrun::vix
