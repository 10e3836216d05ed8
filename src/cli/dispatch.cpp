#include "cli/dispatch.h"

#include "cli/connect.h"
#include "cli/errors.h"
#include "cli/help.h"
#include "cli/verbs.h"
#include "core/vsphere/session.h"

#include <unistd.h>

#include <iostream>
#include <memory>

namespace vmrun::cli {

namespace {

// The TOFU notice goes to stderr only when it is a terminal (decisions.md 11).
StderrTty stderr_tty(const std::ostream& err)
{
  return &err == &std::cerr && ::isatty(STDERR_FILENO) ? StderrTty::yes : StderrTty::no;
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
  if (!verb->handler) {
    throw not_supported();
  }

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
