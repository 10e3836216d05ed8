// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/argv.h"
#include "core/vsphere/connect_config.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vmrun::cli {

// The environment lookup of core's connection settings (tests inject a map).
using core::Environment;
using core::process_environment;

enum class OutputFormat { text, json };
enum class Trace { off, on };
enum class Progress { off, on };

// Everything the global flags and environment decide, validated (docs/behaviour.md#host-type,
// docs/behaviour.md#credentials, docs/behaviour.md#tls, docs/behaviour.md#command-line).
// Credentials stay optional here: prompting happens only when a verb needs them.
struct Settings {
  std::optional<transport::Endpoint> endpoint; // nullopt: no -h and no VMRUN_HOST
  std::optional<std::string> user;
  std::optional<std::string> password;
  std::optional<std::string> guest_user;
  std::optional<std::string> guest_password;
  transport::TlsPolicy tls; // on_first_use is wired by the caller
  std::chrono::seconds timeout{300};
  OutputFormat format = OutputFormat::text;
  Trace trace = Trace::off;
  Progress progress = Progress::on;
  // Where sessions are kept between commands; "" when off (--no-session-cache,
  // VMRUN_SESSION_CACHE=off) or when there is no HOME.
  std::string session_cache_dir;
};

// Resolves flags, then environment, into Settings. Throws core::Error: the provider error
// for a -T other than esx|vc|server|ws-shared or for neither -T nor a host, and the
// invalid-parameters error (with a hint) for a malformed host, port, thumbprint, TLS mode
// or timeout.
Settings resolve_settings(const GlobalOptions& options, const Environment& env);

// Parses vmrun's -h forms: host, host:port, https://host[:port][/sdk], [v6], [v6]:port,
// https://[v6]:port/sdk. A port inside `host` wins over `port_flag`; the default is 443.
// Throws core::Error (invalid parameters, with a hint).
transport::Endpoint parse_endpoint(std::string_view host,
                                   const std::optional<std::string>& port_flag);

// Whether `type` (any case) names the vSphere API: esx, vc, server or ws-shared.
bool is_vsphere_host_type(std::string_view type);

// $XDG_CACHE_HOME/vmrun/sessions, else $HOME/.cache/vmrun/sessions; "" when neither, or when
// VMRUN_SESSION_CACHE is "off".
std::string session_cache_dir(const Environment& env);

} // namespace vmrun::cli
