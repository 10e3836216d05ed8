// NOT YET IMPLEMENTED: the functions below exist so that the library exports all 73 and links
// with --no-undefined, but do not work yet. Each checks its VM (or snapshot) handle and then
// fails with VIX_E_NOT_SUPPORTED, the job's VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO saying
// so. A later session replaces them with the real ones (core already has each operation):
//   variables:  VixVM_ReadVariable, VixVM_WriteVariable
//   snapshots:  VixVM_GetNumRootSnapshots, VixVM_GetRootSnapshot, VixVM_GetCurrentSnapshot,
//               VixVM_GetNamedSnapshot, VixVM_RemoveSnapshot, VixVM_RevertToSnapshot,
//               VixVM_CreateSnapshot, VixSnapshot_GetNumChildren, VixSnapshot_GetChild,
//               VixSnapshot_GetParent (the synchronous getters return VIX_E_NOT_SUPPORTED)
//   console:    VixVM_CaptureScreenImage
//   clone:      VixVM_Clone
//   lifecycle:  VixVM_UpgradeVirtualHardware, VixVM_InstallTools
#include "vix/api.h"
#include "vix/runtime.h"

using namespace vmrun::vix;

namespace {

VixHandle not_yet(VixHandle vm_handle, VixEventProc* callback, void* client_data)
{
  return job_entry([&] {
    return vm_job(vm_handle, callback, client_data, [](JobRun&, Vm&) {
      throw VixFailure{VIX_E_NOT_SUPPORTED, "not yet implemented in this libvix"};
    });
  });
}

// A synchronous snapshot function: its handle is checked, then VIX_E_NOT_SUPPORTED.
VixError not_yet_sync(VixHandle handle, Kind kind)
{
  return guarded([&]() -> VixError {
    static_cast<void>(lookup<Object>(handle, kind));
    return VIX_E_NOT_SUPPORTED;
  });
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_ReadVariable(VixHandle vmHandle, int /*variableType*/,
                                        const char* /*name*/, int /*options*/,
                                        VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_WriteVariable(VixHandle vmHandle, int /*variableType*/,
                                         const char* /*valueName*/, const char* /*value*/,
                                         int /*options*/, VixEventProc* callbackProc,
                                         void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixError VixVM_GetNumRootSnapshots(VixHandle vmHandle, int* /*result*/)
{
  return not_yet_sync(vmHandle, Kind::vm);
}

VIX_EXPORT VixError VixVM_GetRootSnapshot(VixHandle vmHandle, int /*index*/,
                                          VixHandle* /*snapshotHandle*/)
{
  return not_yet_sync(vmHandle, Kind::vm);
}

VIX_EXPORT VixError VixVM_GetCurrentSnapshot(VixHandle vmHandle, VixHandle* /*snapshotHandle*/)
{
  return not_yet_sync(vmHandle, Kind::vm);
}

VIX_EXPORT VixError VixVM_GetNamedSnapshot(VixHandle vmHandle, const char* /*name*/,
                                           VixHandle* /*snapshotHandle*/)
{
  return not_yet_sync(vmHandle, Kind::vm);
}

VIX_EXPORT VixHandle VixVM_RemoveSnapshot(VixHandle vmHandle, VixHandle /*snapshotHandle*/,
                                          VixRemoveSnapshotOptions /*options*/,
                                          VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_RevertToSnapshot(VixHandle vmHandle, VixHandle /*snapshotHandle*/,
                                            VixVMPowerOpOptions /*options*/,
                                            VixHandle /*propertyListHandle*/,
                                            VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_CreateSnapshot(VixHandle vmHandle, const char* /*name*/,
                                          const char* /*description*/,
                                          VixCreateSnapshotOptions /*options*/,
                                          VixHandle /*propertyListHandle*/,
                                          VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixError VixSnapshot_GetNumChildren(VixHandle parentSnapshotHandle,
                                               int* /*numChildSnapshots*/)
{
  return not_yet_sync(parentSnapshotHandle, Kind::snapshot);
}

VIX_EXPORT VixError VixSnapshot_GetChild(VixHandle parentSnapshotHandle, int /*index*/,
                                         VixHandle* /*childSnapshotHandle*/)
{
  return not_yet_sync(parentSnapshotHandle, Kind::snapshot);
}

VIX_EXPORT VixError VixSnapshot_GetParent(VixHandle snapshotHandle,
                                          VixHandle* /*parentSnapshotHandle*/)
{
  return not_yet_sync(snapshotHandle, Kind::snapshot);
}

VIX_EXPORT VixHandle VixVM_CaptureScreenImage(VixHandle vmHandle, int /*captureType*/,
                                              VixHandle /*additionalProperties*/,
                                              VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_Clone(VixHandle vmHandle, VixHandle /*snapshotHandle*/,
                                 VixCloneType /*cloneType*/, const char* /*destConfigPathName*/,
                                 int /*options*/, VixHandle /*propertyListHandle*/,
                                 VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_UpgradeVirtualHardware(VixHandle vmHandle, int /*options*/,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_InstallTools(VixHandle vmHandle, int /*options*/,
                                        const char* /*commandLineArgs*/, VixEventProc* callbackProc,
                                        void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

} // extern "C"
