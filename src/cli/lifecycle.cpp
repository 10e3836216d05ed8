#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_delete_vm(Invocation&)
{
  throw not_supported();
}

int handle_upgrade_vm(Invocation&)
{
  throw not_supported();
}

int handle_install_tools(Invocation&)
{
  throw not_supported();
}

int handle_check_tools_state(Invocation&)
{
  throw not_supported();
}

int handle_get_guest_ip_address(Invocation&)
{
  throw not_supported();
}

int handle_read_variable(Invocation&)
{
  throw not_supported();
}

int handle_write_variable(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
