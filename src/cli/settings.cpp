// SPDX-License-Identifier: Apache-2.0

#include "cli/settings.h"

#include "cli/errors.h"
#include "cli/flags.h"
#include "util/terminal_text.h"
#include "util/text.h"
#include "util/url.h"

#include <fmt/format.h>

#include <algorithm>

namespace vmrun::cli {

namespace {

std::optional<std::string> first_of(const std::optional<std::string>& flag, const Environment& env,
                                    std::string_view variable)
{
  return flag ? flag : env(variable);
}

int parse_port_flag(std::string_view text)
{
  if (auto port = util::parse_port(text)) {
    return *port;
  }
  throw invalid_parameters(
    fmt::format("vmrun: -P wants a port number (1-65535), not '{}'", util::one_line(text)));
}

// The CLI's words for what core::ConnectConfigError reports (docs/behaviour.md#usage-errors).
core::Error invalid_setting(const core::ConnectConfigError& e)
{
  using Problem = core::ConnectConfigError::Problem;
  const std::string& text = e.text();
  switch (e.problem()) {
  case Problem::host:
    return invalid_parameters(
      fmt::format("vmrun: cannot use '{}' as the host: {}", util::one_line(text), e.detail()));
  case Problem::host_port:
    return invalid_parameters(
      fmt::format("vmrun: cannot use '{}' as the host: '{}' is not a port number",
                  util::one_line(text), util::one_line(e.detail())));
  case Problem::tls_mode:
    return invalid_parameters(
      fmt::format("vmrun: unknown TLS mode '{}' (use tofu, strict or insecure)",
                  util::one_line(text, util::k_max_message_chars)));
  case Problem::tls_contradiction:
    return invalid_parameters(
      fmt::format("vmrun: --insecure contradicts --tls={}", util::one_line(text)));
  case Problem::thumbprint:
    return invalid_parameters(
      fmt::format("vmrun: '{}' is not a SHA-256 or SHA-1 thumbprint (hex bytes, colons optional)",
                  util::one_line(text, util::k_max_message_chars)));
  case Problem::ca_file_empty: return invalid_parameters("vmrun: --ca-file needs a file name");
  case Problem::ca_file_unreadable:
    return invalid_parameters(
      fmt::format("vmrun: cannot read the --ca-file {}: {}", util::one_line(text), e.detail()));
  }
  return invalid_parameters(e.what());
}

transport::TlsPolicy resolve_tls(const GlobalOptions& options, const Environment& env)
{
  core::TlsChoice choice;
  choice.mode = options.tls;
  choice.insecure = options.insecure;
  choice.thumbprint = options.thumbprint;
  choice.ca_file = options.ca_file;
  try {
    return core::tls_policy(choice, env);
  } catch (const core::ConnectConfigError& e) {
    throw invalid_setting(e);
  }
}

std::chrono::seconds resolve_timeout(const GlobalOptions& options)
{
  if (!options.timeout) {
    return std::chrono::seconds(300);
  }
  if (auto seconds = util::parse_bounded(*options.timeout, 1, 7 * 24 * 3600)) {
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

bool is_vsphere_host_type(std::string_view type)
{
  const auto types = vsphere_host_types();
  return std::any_of(types.begin(), types.end(),
                     [&](std::string_view known) { return util::iequals(type, known); });
}

transport::Endpoint parse_endpoint(std::string_view host,
                                   const std::optional<std::string>& port_flag)
{
  const std::optional<int> flag_port = port_flag ? std::optional<int>(parse_port_flag(*port_flag))
                                                 : std::nullopt;
  try {
    return core::connect_endpoint(host, flag_port);
  } catch (const core::ConnectConfigError& e) {
    throw invalid_setting(e);
  }
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
