// NOT YET IMPLEMENTED: the functions below exist so that the library exports all 73 and links
// with --no-undefined, but do not work yet. Each checks its VM handle and then
// fails with VIX_E_NOT_SUPPORTED, the job's VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO saying
// so. A later session replaces them with the real ones (core already has each operation):
//   guest:      VixVM_WaitForToolsInGuest, VixVM_LoginInGuest, VixVM_LogoutFromGuest,
//               VixVM_RunProgramInGuest, VixVM_ListProcessesInGuest, VixVM_KillProcessInGuest,
//               VixVM_RunScriptInGuest, VixVM_CopyFileFromHostToGuest,
//               VixVM_CopyFileFromGuestToHost, VixVM_DeleteFileInGuest, VixVM_FileExistsInGuest,
//               VixVM_RenameFileInGuest, VixVM_CreateTempFileInGuest, VixVM_GetFileInfoInGuest,
//               VixVM_ListDirectoryInGuest, VixVM_CreateDirectoryInGuest,
//               VixVM_DeleteDirectoryInGuest, VixVM_DirectoryExistsInGuest
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

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_WaitForToolsInGuest(VixHandle vmHandle, int /*timeoutInSeconds*/,
                                               VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_LoginInGuest(VixHandle vmHandle, const char* /*userName*/,
                                        const char* /*password*/, int /*options*/,
                                        VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_LogoutFromGuest(VixHandle vmHandle, VixEventProc* callbackProc,
                                           void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_RunProgramInGuest(VixHandle vmHandle, const char* /*guestProgramName*/,
                                             const char* /*commandLineArgs*/,
                                             VixRunProgramOptions /*options*/,
                                             VixHandle /*propertyListHandle*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_ListProcessesInGuest(VixHandle vmHandle, int /*options*/,
                                                VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_KillProcessInGuest(VixHandle vmHandle, uint64 /*pid*/, int /*options*/,
                                              VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_RunScriptInGuest(VixHandle vmHandle, const char* /*interpreter*/,
                                            const char* /*scriptText*/,
                                            VixRunProgramOptions /*options*/,
                                            VixHandle /*propertyListHandle*/,
                                            VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_CopyFileFromHostToGuest(VixHandle vmHandle, const char* /*hostPathName*/,
                                                   const char* /*guestPathName*/, int /*options*/,
                                                   VixHandle /*propertyListHandle*/,
                                                   VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_CopyFileFromGuestToHost(VixHandle vmHandle,
                                                   const char* /*guestPathName*/,
                                                   const char* /*hostPathName*/, int /*options*/,
                                                   VixHandle /*propertyListHandle*/,
                                                   VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_DeleteFileInGuest(VixHandle vmHandle, const char* /*guestPathName*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_FileExistsInGuest(VixHandle vmHandle, const char* /*guestPathName*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_RenameFileInGuest(VixHandle vmHandle, const char* /*oldName*/,
                                             const char* /*newName*/, int /*options*/,
                                             VixHandle /*propertyListHandle*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_CreateTempFileInGuest(VixHandle vmHandle, int /*options*/,
                                                 VixHandle /*propertyListHandle*/,
                                                 VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_GetFileInfoInGuest(VixHandle vmHandle, const char* /*pathName*/,
                                              VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_ListDirectoryInGuest(VixHandle vmHandle, const char* /*pathName*/,
                                                int /*options*/, VixEventProc* callbackProc,
                                                void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_CreateDirectoryInGuest(VixHandle vmHandle, const char* /*pathName*/,
                                                  VixHandle /*propertyListHandle*/,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_DeleteDirectoryInGuest(VixHandle vmHandle, const char* /*pathName*/,
                                                  int /*options*/, VixEventProc* callbackProc,
                                                  void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

VIX_EXPORT VixHandle VixVM_DirectoryExistsInGuest(VixHandle vmHandle, const char* /*pathName*/,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return not_yet(vmHandle, callbackProc, clientData);
}

} // extern "C"
