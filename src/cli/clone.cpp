// clone (decisions.md 21): parse, one core call with a progress bar, nothing printed on success.
#include "cli/handlers.h"

#include "cli/help.h"
#include "cli/progress.h"
#include "core/clone/clone.h"

namespace vmrun::cli {

int handle_clone(Invocation& invocation)
{
  const auto request = core::parse_clone_args(invocation.params);
  if (!request) {
    throw usage_error(invocation.verb);
  }
  ProgressBar bar(invocation.err, invocation.progress, "Cloning");
  core::clone_vm(invocation.session(), *request, invocation.timeout, bar.callback());
  return 0;
}

} // namespace vmrun::cli
