// SPDX-License-Identifier: Apache-2.0

#include "core/vm/lifecycle.h"

#include "core/errors/faults.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlWriter;

namespace {

constexpr const char* k_installer_mounted = "runtime.toolsInstallerMounted";

VmHandle find_with_power(Session& session, const std::string& vmx)
{
  return find_vm(session, vmx, {paths::power_state});
}

} // namespace

void delete_vm(Session& session, const std::string& vmx, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_with_power(session, vmx);
    if (vm.props.text(paths::power_state) == "poweredOn") {
      throw vm_is_running();
    }
    // A suspended VM can be destroyed: its suspend state is deleted with its other files.
    run_task(session, XmlWriter("Destroy_Task", vm.ref), timeout);
  });
}

void upgrade_vm(Session& session, const std::string& vmx, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_with_power(session, vmx);
    const std::string state = vm.props.text(paths::power_state);
    if (state == "poweredOn") {
      throw vm_is_running();
    }
    if (state == "suspended") {
      // The host needs the VM powered off; a suspended VM is still "in use".
      const Error running = vm_is_running();
      throw Error(running.code(), running.what(), {},
                  "vmrun: the virtual machine is suspended; power it off before upgrading it");
    }
    // No version: the newest the host supports (docs/behaviour.md#lifecycle).
    run_task(session, XmlWriter("UpgradeVM_Task", vm.ref), timeout);
  });
}

void install_tools(Session& session, const std::string& vmx)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx, {paths::power_state, k_installer_mounted});
    if (vm.props.text(paths::power_state) != "poweredOn") {
      throw vm_not_running(vmx);
    }
    // Already mounted: done (the host would refuse a second mount with InvalidState, which
    // reads as "not powered on").
    if (vm.props.text(k_installer_mounted) == "true") {
      return;
    }
    session.call(XmlWriter("MountToolsInstaller", vm.ref));
  });
}

} // namespace vmrun::core
