// SPDX-License-Identifier: Apache-2.0

#include "core/vm/power.h"

#include "core/errors/faults.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlWriter;

namespace {

// hard|soft as asked, else the VM's default for this operation ("preset" counts as hard).
bool wants_soft(const VmHandle& vm, PowerMode mode, const char* default_field)
{
  if (mode != PowerMode::preset) {
    return mode == PowerMode::soft;
  }
  return vm.props.prop(paths::default_power_ops).child_text(default_field) == "soft";
}

VmHandle find_powered_on(Session& session, const std::string& vmx)
{
  VmHandle vm = find_vm_not_template(session, vmx, {paths::power_state, paths::default_power_ops});
  if (vm.props.text(paths::power_state) != "poweredOn") {
    throw vm_not_running(vmx);
  }
  return vm;
}

void wait_until_off(Session& session, const VmHandle& vm, seconds timeout)
{
  wait_for_vm_change(session, vm.ref, {paths::power_state}, timeout,
                     [](const std::string&, const XmlNode& value) {
                       return value.text() == "poweredOff";
                     });
}

} // namespace

void start_vm(Session& session, const std::string& vmx, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm_not_template(session, vmx, {paths::power_state});
    if (vm.props.text(paths::power_state) == "poweredOn") {
      throw vm_is_running();
    }
    // PowerOnVM_Task resumes a suspended VM as well.
    run_task(session, XmlWriter("PowerOnVM_Task", vm.ref), timeout, {}, vm.ref);
  });
}

void stop_vm(Session& session, const std::string& vmx, PowerMode mode, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm_not_template(session, vmx,
                                             {paths::power_state, paths::default_power_ops});
    const std::string state = vm.props.text(paths::power_state);
    if (state == "poweredOff") {
      throw vm_not_running(vmx);
    }
    if (wants_soft(vm, mode, "powerOffType")) {
      // ShutdownGuest returns at once; the guest powers off in its own time.
      session.call(XmlWriter("ShutdownGuest", vm.ref));
      wait_until_off(session, vm, timeout);
      return;
    }
    run_task(session, XmlWriter("PowerOffVM_Task", vm.ref), timeout, {}, vm.ref);
  });
}

void reset_vm(Session& session, const std::string& vmx, PowerMode mode, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_powered_on(session, vmx);
    if (wants_soft(vm, mode, "resetType")) {
      // RebootGuest has no completion signal: the guest restarts on its own.
      session.call(XmlWriter("RebootGuest", vm.ref));
      return;
    }
    run_task(session, XmlWriter("ResetVM_Task", vm.ref), timeout, {}, vm.ref);
  });
}

void suspend_vm(Session& session, const std::string& vmx, PowerMode mode, seconds timeout)
{
  // vSphere has one suspend; StandbyGuest is the guest OS's standby, not a VM suspend.
  (void)mode;
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_powered_on(session, vmx);
    run_task(session, XmlWriter("SuspendVM_Task", vm.ref), timeout, {}, vm.ref);
  });
}

} // namespace vmrun::core
