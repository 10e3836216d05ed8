// SPDX-License-Identifier: Apache-2.0

// Upgrades of a VM in the VIX C API (docs/behaviour.md#libvix-hardware): its virtual hardware and
// its VMware Tools, on the core's upgradevm / installTools.
#include "core/errors/error.h"
#include "core/vm/lifecycle.h"
#include "vix/api.h"
#include "vix/runtime.h"
#include "vix/vm.h"

using namespace vmrun::vix;
namespace core = vmrun::core;

extern "C" {

VIX_EXPORT VixHandle VixVM_UpgradeVirtualHardware(VixHandle vmHandle, int options,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if (options != 0) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return vm_job(vmHandle, callbackProc, clientData, [](JobRun&, Vm& vm) {
      try {
        vm.host()->with_session(
          [&](core::Session& session) { core::upgrade_vm(session, vm.vmx(), k_job_deadline); });
      } catch (const core::Error& error) {
        if (error.code() != core::vix::vm_already_up_to_date) {
          throw;
        }
        // Already at the newest version: VIX_OK, as VMware documented it, unlike vmrun's
        // upgradevm (docs/behaviour.md#libvix-hardware).
      }
    });
  });
}

VIX_EXPORT VixHandle VixVM_InstallTools(VixHandle vmHandle, int options,
                                        const char* /*commandLineArgs*/, VixEventProc* callbackProc,
                                        void* clientData)
{
  return job_entry([&] {
    // On vSphere the job ends once the installer is mounted, RETURN_IMMEDIATELY or not (doc).
    // Programs written for VIX pass VIX_VM_SUPPORT_TOOLS_INSTALL (4, a VM feature bit) here as
    // if it were an option; it asks for nothing more than a mount (docs/libvix.md#install-tools).
    const int ignored = static_cast<int>(VIX_INSTALLTOOLS_RETURN_IMMEDIATELY) |
                        VIX_VM_SUPPORT_TOOLS_INSTALL;
    const int mode = options & ~ignored;
    if (mode == VIX_INSTALLTOOLS_AUTO_UPGRADE) {
      // UpgradeTools_Task is not done yet (no server here to test it against).
      return vm_job(vmHandle, callbackProc, clientData, [](JobRun&, Vm&) {
        throw VixFailure{VIX_E_NOT_SUPPORTED, "VIX_INSTALLTOOLS_AUTO_UPGRADE is not supported"};
      });
    }
    if (mode != VIX_INSTALLTOOLS_MOUNT_TOOLS_INSTALLER) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return vm_job(vmHandle, callbackProc, clientData, [](JobRun&, Vm& vm) {
      vm.host()->with_session(
        [&](core::Session& session) { core::install_tools(session, vm.vmx()); });
    });
  });
}

} // extern "C"
