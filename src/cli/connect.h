// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/invocation.h"
#include "cli/prompt.h"
#include "cli/settings.h"
#include "core/vsphere/session.h"

#include <iosfwd>

namespace vmrun::cli {

// Whether stderr is a terminal (the TOFU notice is shown only then, docs/behaviour.md#tls-notices).
enum class StderrTty { no, yes };

// connect = min(timeout, 30) s, within the command's deadline of `timeout`
// (docs/behaviour.md#connecting).
using core::connect_timeout_seconds;

// The "vmrun: trusting ... on first use" notice (docs/behaviour.md#tls-notices), with its newline.
std::string first_use_notice(const std::string& host_port, const std::string& thumbprint,
                             const std::string& known_hosts_path);

// HTTP options for `settings`: deadline, TLS policy, user agent, and --debug / TOFU notices
// written to `err`.
transport::HttpOptions http_options(const Settings& settings, std::ostream& err,
                                    StderrTty stderr_tty);

// Endpoint and host credentials: flag, environment, then prompt (docs/behaviour.md#credentials).
// Throws the host-, user- or password-required error.
core::ConnectOptions connect_options(const Settings& settings, const Prompter& prompter,
                                     std::ostream& err, StderrTty stderr_tty);

// Guest credentials: flag, environment, then prompt. Throws the user- or password-required
// error.
GuestCredentials guest_credentials(const Settings& settings, const Prompter& prompter);

} // namespace vmrun::cli
