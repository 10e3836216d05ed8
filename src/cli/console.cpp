#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_capture_screen(Invocation&)
{
  throw not_supported();
}

int handle_type_keystrokes_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_connect_named_device(Invocation&)
{
  throw not_supported();
}

int handle_disconnect_named_device(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
