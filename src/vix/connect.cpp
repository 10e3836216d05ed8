// SPDX-License-Identifier: Apache-2.0

#include "vix/connect.h"

#include "core/vsphere/connect_config.h"
#include "vix/errors.h"
#include "vix/host.h"

#include <optional>

namespace vmrun::vix {

namespace {

// libvix's codes for what core::ConnectConfigError reports (docs/behaviour.md#libvix-connect,
// docs/behaviour.md#libvix-tls): a bad host name, or a bad VMRUN_TLS word.
VixFailure failure_of(const core::ConnectConfigError& e)
{
  using Problem = core::ConnectConfigError::Problem;
  switch (e.problem()) {
  case Problem::host: return VixFailure{VIX_E_INVALID_HOSTNAME_SPECIFICATION, e.detail()};
  case Problem::host_port:
    return VixFailure{VIX_E_INVALID_HOSTNAME_SPECIFICATION, "not a port number"};
  case Problem::tls_mode:
    return VixFailure{VIX_E_INVALID_ARG, "VMRUN_TLS must be tofu, strict or insecure"};
  default: return VixFailure{VIX_E_INVALID_ARG, e.what()};
  }
}

// docs/behaviour.md#libvix-tls: without VIX_HOSTOPTION_VERIFY_SSL_CERT the CLI's policy (VMRUN_TLS,
// default trust on first use in the CLI's known_hosts, silently: a library prompts and prints
// nothing); with it, strict. VMRUN_THUMBPRINT pins a certificate in every mode; one that is not a
// thumbprint is the transport's to refuse (VIX_E_INVALID_ARG).
core::TlsChoice tls_choice(int options)
{
  core::TlsChoice choice;
  choice.strict = (options & VIX_HOSTOPTION_VERIFY_SSL_CERT) != 0;
  choice.check_thumbprint = false;
  return choice;
}

} // namespace

void connect_host(JobRun& run, const ConnectRequest& request)
{
  const core::Environment env = core::process_environment();
  core::ConnectOptions options;
  try {
    // A port in the name wins, then hostPort when it is one, then 443.
    const bool port_given = request.host_port > 0 && request.host_port <= 65535;
    options.endpoint = core::connect_endpoint(request.host_name,
                                              port_given ? std::optional<int>(request.host_port)
                                                         : std::nullopt);
    options.http = core::connect_http_options(k_job_deadline,
                                              core::tls_policy(tls_choice(request.options), env),
                                              "libvix/" VMRUN_VERSION);
  } catch (const core::ConnectConfigError& e) {
    throw failure_of(e);
  }
  options.user = request.user;
  options.clone_ticket = request.user.empty(); // CloneSession (doc: no user, a ticket)
  options.password = [password = request.password] { return password; };
  // No session cache: each host handle is its own session, logged out on disconnect
  // (docs/libvix.md#host-sessions),
  // logged in again when it expires while the handle lives.
  options.renew_expired = true;
  options.siblings = true; // jobs run at once, a connection each (docs/libvix.md#threads)
  auto host = std::make_shared<Host>(std::make_unique<core::Session>(std::move(options)),
                                     request.provider);
  const VixHandle handle = handles().add(host);
  run.set_result_handle(handle);
}

} // namespace vmrun::vix
