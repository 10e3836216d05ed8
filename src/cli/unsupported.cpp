// SPDX-License-Identifier: Apache-2.0

// Verbs vSphere has no feature for (pause, unpause, shared folders): they check their
// parameters like any verb, then refuse without connecting (docs/behaviour.md#unsupported).
#include "cli/errors.h"
#include "cli/handlers.h"
#include "cli/keywords.h"

namespace vmrun::cli {

int handle_unsupported(Invocation& /*invocation*/)
{
  throw not_supported();
}

int handle_set_shared_folder_state(Invocation& invocation)
{
  require_keyword(invocation, 3, {"writable", "readonly"});
  throw not_supported();
}

int handle_toggle_shared_folders(Invocation& invocation)
{
  if (invocation.params.size() == 2) {
    require_keyword(invocation, 1, {"runtime"});
  }
  throw not_supported();
}

} // namespace vmrun::cli
