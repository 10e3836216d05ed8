// SPDX-License-Identifier: Apache-2.0

// The power and VM-level functions of the VIX C API (docs/behaviour.md#libvix-power).
#include "core/errors/faults.h"
#include "core/vm/lifecycle.h"
#include "core/vm/power.h"
#include "core/vsphere/properties.h"
#include "core/vsphere/property_paths.h"
#include "vix/api.h"
#include "vix/runtime.h"
#include "vix/vm.h"

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace vmrun::vix {

VixHandle vm_job(VixHandle vm_handle, VixEventProc* callback, void* client_data,
                 std::function<void(JobRun&, Vm&)> work)
{
  std::shared_ptr<Vm> vm;
  try {
    vm = lookup<Vm>(vm_handle, Kind::vm);
  } catch (...) {
    return failed_job(nullptr, callback, client_data, current_failure().code);
  }
  return start_job(vm->host(), callback, client_data, [vm, work = std::move(work)](JobRun& run) {
    vm->check_usable();
    work(run, *vm);
  });
}

VixHandle unsupported_vm_job(VixHandle vm_handle, VixEventProc* callback, void* client_data)
{
  return vm_job(vm_handle, callback, client_data, [](JobRun&, Vm&) {
    throw VixFailure{VIX_E_NOT_SUPPORTED, {}};
  });
}

} // namespace vmrun::vix

namespace {

// NORMAL is the hard operation, FROM_GUEST the guest's own (docs/behaviour.md#libvix-power, as the
// CLI's docs/behaviour.md#power).
core::PowerMode mode_of(VixVMPowerOpOptions options)
{
  return (options & VIX_VMPOWEROP_FROM_GUEST) != 0 ? core::PowerMode::soft : core::PowerMode::hard;
}

// PowerOff and Reset need a powered-on VM: a suspended one stays suspended and the job fails
// with VIX_E_VM_NOT_RUNNING (doc), where vSphere (and vmrun's stop) would power it off. The
// state is read now, never remembered (docs/libvix.md#fresh-state).
void require_powered_on(core::Session& session, const Vm& vm)
{
  const auto content = core::with_vm_errors(vm.vmx(), [&] {
    return core::retrieve_object(session, vm.ref(), {core::paths::power_state});
  });
  if (content.text(core::paths::power_state) != "poweredOn") {
    throw core::vm_not_running(vm.vmx());
  }
}

// A power job whose options may hold only `allowed` bits (else VIX_E_INVALID_ARG).
template <typename Action>
VixHandle power_job(VixHandle vm_handle, VixVMPowerOpOptions options, int allowed,
                    VixEventProc* callback, void* client_data, Action action)
{
  if ((options & ~allowed) != 0) {
    return failed_job(nullptr, callback, client_data, VIX_E_INVALID_ARG);
  }
  return vm_job(vm_handle, callback, client_data, [options, action](JobRun&, Vm& vm) {
    vm.host()->with_session([&](core::Session& session) { action(session, vm, options); });
  });
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_PowerOn(VixHandle vmHandle, VixVMPowerOpOptions powerOnOptions,
                                   VixHandle /*propertyListHandle*/, VixEventProc* callbackProc,
                                   void* clientData)
{
  // The GUI and paused flags mean nothing on vSphere: ignored (docs/behaviour.md#libvix-power).
  return job_entry([&] {
    return power_job(vmHandle, powerOnOptions,
                     VIX_VMPOWEROP_LAUNCH_GUI | VIX_VMPOWEROP_START_VM_PAUSED, callbackProc,
                     clientData, [](core::Session& session, const Vm& vm, int) {
                       core::start_vm(session, vm.vmx(), k_job_deadline);
                     });
  });
}

VIX_EXPORT VixHandle VixVM_PowerOff(VixHandle vmHandle, VixVMPowerOpOptions powerOffOptions,
                                    VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return power_job(vmHandle, powerOffOptions, VIX_VMPOWEROP_FROM_GUEST, callbackProc, clientData,
                     [](core::Session& session, const Vm& vm, int options) {
                       require_powered_on(session, vm);
                       core::stop_vm(session, vm.vmx(), mode_of(options), k_job_deadline);
                     });
  });
}

VIX_EXPORT VixHandle VixVM_Reset(VixHandle vmHandle, VixVMPowerOpOptions resetOptions,
                                 VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return power_job(vmHandle, resetOptions, VIX_VMPOWEROP_FROM_GUEST, callbackProc, clientData,
                     [](core::Session& session, const Vm& vm, int options) {
                       require_powered_on(session, vm);
                       core::reset_vm(session, vm.vmx(), mode_of(options), k_job_deadline);
                     });
  });
}

VIX_EXPORT VixHandle VixVM_Suspend(VixHandle vmHandle, VixVMPowerOpOptions suspendOptions,
                                   VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return power_job(vmHandle, suspendOptions, VIX_VMPOWEROP_FROM_GUEST, callbackProc, clientData,
                     [](core::Session& session, const Vm& vm, int options) {
                       core::suspend_vm(session, vm.vmx(), mode_of(options), k_job_deadline);
                     });
  });
}

VIX_EXPORT VixHandle VixVM_Delete(VixHandle vmHandle, VixVMDeleteOptions deleteOptions,
                                  VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // vSphere always deletes the disks: VMware's documentation requires the flag
    // (docs/behaviour.md#libvix-power).
    if (deleteOptions != VIX_VMDELETE_DISK_FILES) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return vm_job(vmHandle, callbackProc, clientData, [](JobRun&, Vm& vm) {
      vm.host()->with_session(
        [&](core::Session& session) { core::delete_vm(session, vm.vmx(), k_job_deadline); });
      vm.mark_deleted(); // the handle stays, unusable (docs/libvix.md#deleted-handles)
    });
  });
}

VIX_EXPORT VixHandle VixVM_Pause(VixHandle vmHandle, int /*options*/, VixHandle /*propertyList*/,
                                 VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_Unpause(VixHandle vmHandle, int /*options*/, VixHandle /*propertyList*/,
                                   VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

} // extern "C"
