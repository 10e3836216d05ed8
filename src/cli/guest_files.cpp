#include "cli/handlers.h"

#include "cli/errors.h"

namespace vmrun::cli {

// Not implemented yet: vmrun's not-supported error, exit 255.
int handle_file_exists_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_directory_exists_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_delete_file_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_create_directory_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_delete_directory_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_create_tempfile_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_list_directory_in_guest(Invocation&)
{
  throw not_supported();
}

int handle_copy_file_from_host_to_guest(Invocation&)
{
  throw not_supported();
}

int handle_copy_file_from_guest_to_host(Invocation&)
{
  throw not_supported();
}

int handle_rename_file_in_guest(Invocation&)
{
  throw not_supported();
}

} // namespace vmrun::cli
