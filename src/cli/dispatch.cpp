// SPDX-License-Identifier: Apache-2.0

#include "cli/dispatch.h"

#include "cli/connect.h"
#include "cli/display.h"
#include "cli/errors.h"
#include "cli/help.h"
#include "cli/verbs.h"
#include "core/vsphere/session.h"
#include "util/interrupt.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace vmrun::cli {

namespace {

// The TOFU notice goes to stderr only when it is a terminal (docs/behaviour.md#tls-notices).
StderrTty stderr_tty(const std::ostream& err)
{
  return &err == &std::cerr && ::isatty(STDERR_FILENO) ? StderrTty::yes : StderrTty::no;
}

// Refuses, before connecting, a parameter or credential that XML 1.0 cannot carry: sent, it
// would come back as the server's XML parser message (or not at all).
void check_xml_safe(const std::vector<std::string>& params, const Settings& settings)
{
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!xml_safe(params[i])) {
      throw invalid_parameters(
        fmt::format("vmrun: parameter {} holds a control character or bytes that are not UTF-8",
                    i + 1));
    }
  }
  for (const auto* credential :
       {&settings.user, &settings.password, &settings.guest_user, &settings.guest_password}) {
    if (*credential && !xml_safe(**credential)) {
      throw invalid_parameters(
        "vmrun: a user name or password holds a control character or bytes that are not UTF-8");
    }
  }
}

} // namespace

int dispatch(const CommandLine& line, const GlobalOptions& options, std::ostream& out,
             std::ostream& err)
{
  const Verb* verb = find_verb(line.verb);
  if (!verb) {
    throw unrecognized_command(line.verb);
  }
  const Settings settings = resolve_settings(options, process_environment());
  if (!accepts_param_count(*verb, line.params.size())) {
    throw usage_error(*verb);
  }
  check_xml_safe(line.params, settings);
  if (!verb->handler) {
    throw not_supported();
  }

  // From here a signal (SIGINT, SIGTERM, SIGHUP) only asks the command to stop: the call or wait
  // under way ends with "The operation was cancelled", a started task is cancelled, temporaries
  // are removed, the terminal restored and the session logged out (all while the guard lives,
  // so it is declared first). A second signal ends the process at once.
  const util::InterruptGuard interrupts;
  // Declared before the invocation so the session (and its logout) outlives the handler.
  std::unique_ptr<core::Session> session;
  Invocation invocation{
    *verb, line.params, out, err, settings.format, settings.progress, settings.timeout, {}, {}};
  if (verb->needs_host == NeedsHost::yes) {
    invocation.session = [&]() -> core::Session& {
      if (!session) {
        session = std::make_unique<core::Session>(
          connect_options(settings, prompt_on_tty, err, stderr_tty(err)));
      }
      return *session;
    };
  }
  if (verb->needs_guest != NeedsGuest::no) {
    invocation.guest_credentials = [&] { return guest_credentials(settings, prompt_on_tty); };
  }
  return verb->handler(invocation);
}

} // namespace vmrun::cli
