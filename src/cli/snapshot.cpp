#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_list_snapshots(Invocation&)
{
  throw not_supported();
}

int handle_snapshot(Invocation&)
{
  throw not_supported();
}

int handle_delete_snapshot(Invocation&)
{
  throw not_supported();
}

int handle_revert_to_snapshot(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
