// SPDX-License-Identifier: Apache-2.0

// Functions with no vSphere meaning (docs/behaviour.md#libvix-not-supported): each checks its VM
// handle, then its job fails with VIX_E_NOT_SUPPORTED. Hosted-only shared folders (HGFS),
// record/replay and OpenUrlInGuest (both removed in VIX 1.11, still exported for older programs).
#include "vix/api.h"

using namespace vmrun::vix;

extern "C" {

VIX_EXPORT VixHandle VixVM_EnableSharedFolders(VixHandle vmHandle, Bool /*enabled*/,
                                               int /*options*/, VixEventProc* callbackProc,
                                               void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_GetNumSharedFolders(VixHandle vmHandle, VixEventProc* callbackProc,
                                               void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_GetSharedFolderState(VixHandle vmHandle, int /*index*/,
                                                VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_SetSharedFolderState(VixHandle vmHandle, const char* /*shareName*/,
                                                const char* /*hostPathName*/,
                                                VixMsgSharedFolderOptions /*flags*/,
                                                VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_AddSharedFolder(VixHandle vmHandle, const char* /*shareName*/,
                                           const char* /*hostPathName*/,
                                           VixMsgSharedFolderOptions /*flags*/,
                                           VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_RemoveSharedFolder(VixHandle vmHandle, const char* /*shareName*/,
                                              int /*flags*/, VixEventProc* callbackProc,
                                              void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_BeginRecording(VixHandle vmHandle, const char* /*displayName*/,
                                          const char* /*description*/, int /*options*/,
                                          VixHandle /*propertyList*/, VixEventProc* callbackProc,
                                          void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_EndRecording(VixHandle vmHandle, int /*options*/,
                                        VixHandle /*propertyList*/, VixEventProc* callbackProc,
                                        void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_BeginReplay(VixHandle vmHandle, VixHandle /*snapshotHandle*/,
                                       int /*options*/, VixHandle /*propertyList*/,
                                       VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_EndReplay(VixHandle vmHandle, int /*options*/,
                                     VixHandle /*propertyList*/, VixEventProc* callbackProc,
                                     void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

VIX_EXPORT VixHandle VixVM_OpenUrlInGuest(VixHandle vmHandle, const char* /*url*/,
                                          int /*windowState*/, VixHandle /*propertyListHandle*/,
                                          VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] { return unsupported_vm_job(vmHandle, callbackProc, clientData); });
}

} // extern "C"
