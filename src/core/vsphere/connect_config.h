// SPDX-License-Identifier: Apache-2.0

#pragma once

// How the CLI and libvix turn what they are told (a host string, a port, the TLS words, the
// environment) into where and how a Session connects: one reading of the host forms and of
// VMRUN_TLS, VMRUN_THUMBPRINT and the known_hosts path, so both front ends accept and refuse
// the same things (docs/behaviour.md#tls, docs/behaviour.md#libvix-connect,
// docs/behaviour.md#libvix-tls). Errors carry facts, not texts: each front end words them.
#include "transport/http_client.h"
#include "transport/tls_policy.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vmrun::core {

// Looks up an environment variable; nullopt when unset. Injected so resolution stays pure.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv); an empty variable counts as unset.
Environment process_environment();

// A fixed environment: `values`, and nothing else (tests; a caller that builds its own).
Environment environment_of(std::map<std::string, std::string> values);

// What is wrong with a connection setting; what() is a plain description for logs, the front
// ends build their own texts from problem(), text() and detail().
class ConnectConfigError : public std::invalid_argument
{
public:
  enum class Problem {
    host,               // the host string text() is no host form: detail() says why
    host_port,          // the port detail() in the host string text() is not in 1-65535
    tls_mode,           // the TLS word text() is not tofu, strict or insecure
    tls_contradiction,  // --insecure beside --tls=text()
    thumbprint,         // text() is not a SHA-256 or SHA-1 thumbprint
    ca_file_empty,      // --ca-file ""
    ca_file_unreadable, // the CA file text() cannot be read: detail() is strerror
  };
  ConnectConfigError(Problem problem, std::string text, std::string detail = {});
  Problem problem() const { return m_problem; }
  const std::string& text() const { return m_text; }
  const std::string& detail() const { return m_detail; }

private:
  Problem m_problem;
  std::string m_text;
  std::string m_detail;
};

inline constexpr int k_default_port = 443;

// The host forms: host, host:port, https://host[:port][/sdk] (scheme and /sdk in any case),
// [v6], [v6]:port, a bare IPv6 literal. A port inside `host` wins over `port`; the default is
// 443. Throws ConnectConfigError (host, host_port).
transport::Endpoint connect_endpoint(std::string_view host, std::optional<int> port);

// What the caller was told about TLS; the environment fills in what it was not told.
struct TlsChoice {
  std::optional<std::string> mode; // --tls; else VMRUN_TLS; else tofu
  bool insecure = false;           // --insecure (contradicts any other --tls word)
  bool strict = false;             // strict whatever the words (VIX_HOSTOPTION_VERIFY_SSL_CERT)
  std::optional<std::string> thumbprint; // --thumbprint; else VMRUN_THUMBPRINT
  // Whether a malformed thumbprint is refused here; otherwise the transport refuses it when it
  // connects (libvix's way: a job's error, docs/behaviour.md#libvix-tls).
  bool check_thumbprint = true;
  std::optional<std::string> ca_file; // --ca-file: must name a readable file
};

// The TLS policy for `choice` (docs/behaviour.md#tls); on_first_use is left to the caller.
// Throws ConnectConfigError (tls_mode, tls_contradiction, thumbprint, ca_file_*).
transport::TlsPolicy tls_policy(const TlsChoice& choice, const Environment& env);

// Whether `text` is a SHA-256 or SHA-1 thumbprint: hex bytes, colons optional.
bool is_valid_thumbprint(std::string_view text);

// $XDG_CONFIG_HOME/vmrun/known_hosts, else $HOME/.config/vmrun/known_hosts; "" when neither.
std::string known_hosts_path(const Environment& env);

// Connecting (TCP and TLS) gets at most 30 s of the command's `timeout`
// (docs/behaviour.md#connecting).
long connect_timeout_seconds(std::chrono::seconds timeout);

// HTTP options for a command (or a libvix job) of `timeout`, with `tls` and `user_agent`; the
// trace is left to the caller.
transport::HttpOptions connect_http_options(std::chrono::seconds timeout, transport::TlsPolicy tls,
                                            std::string user_agent);

} // namespace vmrun::core
