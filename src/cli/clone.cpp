#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_clone(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
