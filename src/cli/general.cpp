// SPDX-License-Identifier: Apache-2.0

// GENERAL COMMANDS: list, listRegisteredVM, logout, register, unregister.
#include "cli/handlers.h"
#include "cli/output.h"
#include "core/vm/inventory.h"

namespace vmrun::cli {

int handle_list(Invocation& invocation)
{
  print_vm_list("Total running VMs: ", core::list_running_vms(invocation.session()),
                invocation.format, invocation.out);
  return 0;
}

int handle_list_registered_vm(Invocation& invocation)
{
  print_vm_list("Total registered VMs: ", core::list_registered_vms(invocation.session()),
                invocation.format, invocation.out);
  return 0;
}

int handle_logout(Invocation& invocation)
{
  invocation.session().logout();
  return 0;
}

int handle_register(Invocation& invocation)
{
  core::register_vm(invocation.session(), invocation.params[0], invocation.timeout);
  return 0;
}

int handle_unregister(Invocation& invocation)
{
  core::unregister_vm(invocation.session(), invocation.params[0]);
  return 0;
}

} // namespace vmrun::cli
