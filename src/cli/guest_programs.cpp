#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_run_program_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_run_script_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_list_processes_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_kill_process_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_read_guest_env(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
