// SPDX-License-Identifier: Apache-2.0

// VixVM_Clone (docs/behaviour.md#libvix-clone): the core's clone, as vmrun's `clone` does it
// (vCenter CloneVM_Task, else the ESXi file way), then the clone opened as the job's result.
#include "core/clone/clone.h"
#include "vix/api.h"
#include "vix/runtime.h"
#include "vix/snapshot.h"
#include "vix/vm.h"

using namespace vmrun::vix;
namespace core = vmrun::core;

extern "C" {

VIX_EXPORT VixHandle VixVM_Clone(VixHandle vmHandle, VixHandle snapshotHandle,
                                 VixCloneType cloneType, const char* destConfigPathName,
                                 int options, VixHandle /*propertyListHandle*/,
                                 VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if (destConfigPathName == nullptr || options != 0 ||
        (cloneType != VIX_CLONETYPE_FULL && cloneType != VIX_CLONETYPE_LINKED)) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    // The snapshot, when one is given, must be this VM's (its handle checked now, the snapshot
    // itself on the server when the job runs).
    std::shared_ptr<Snapshot> snapshot;
    if (snapshotHandle != VIX_INVALID_HANDLE) {
      try {
        snapshot = snapshot_of(vmHandle, snapshotHandle);
      } catch (...) {
        return failed_job(nullptr, callbackProc, clientData, current_failure().code);
      }
    }
    core::CloneRequest request;
    request.destination = destConfigPathName;
    // A linked clone without a snapshot is based on one the core takes first (doc).
    request.linked = cloneType == VIX_CLONETYPE_LINKED;
    return vm_job(vmHandle, callbackProc, clientData,
                  [snapshot, request](JobRun& run, Vm& vm) mutable {
                    request.source = vm.vmx();
                    if (snapshot) {
                      snapshot->check_usable();
                      request.snapshot_ref = snapshot->ref();
                    }
                    vm.host()->with_session([&](core::Session& session) {
                      core::clone_vm(session, request, k_job_deadline);
                    });
                    // Opened by the path the server stores ("[dc/ds] p" becomes "[ds] p").
                    const auto destination = core::parse_clone_destination(request.destination);
                    open_vm(run, vm.host(),
                            destination ? destination->server_form() : request.destination);
                  });
  });
}

} // extern "C"
