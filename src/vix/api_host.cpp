// SPDX-License-Identifier: Apache-2.0

// The host functions of the VIX C API: connect, disconnect, search, open, (un)register
// (docs/behaviour.md#libvix-connect, docs/behaviour.md#libvix-vm-handles).
#include "core/errors/error.h"
#include "core/vm/inventory.h"
#include "vix/api.h"
#include "vix/connect.h"
#include "vix/host.h"
#include "vix/runtime.h"
#include "vix/vm.h"

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace {

// The vSphere API is the only provider; DEFAULT counts as it when a host is named, the hosted
// products are not found (docs/behaviour.md#libvix-connect, as the CLI's
// docs/behaviour.md#host-type).
bool is_vsphere(VixServiceProvider provider, bool has_host)
{
  return provider == VIX_SERVICEPROVIDER_VMWARE_VI_SERVER ||
         provider == VIX_SERVICEPROVIDER_VMWARE_WORKSTATION_SHARED ||
         (provider == VIX_SERVICEPROVIDER_DEFAULT && has_host);
}

// The host of a host-handle argument; a failed job answers a bad one.
std::shared_ptr<Host> host_of(VixHandle handle)
{
  return lookup<Host>(handle, Kind::host);
}

template <typename Work>
VixHandle host_job(VixHandle host_handle, VixEventProc* callback, void* client_data, Work work)
{
  std::shared_ptr<Host> host;
  try {
    host = host_of(host_handle);
  } catch (...) {
    return failed_job(nullptr, callback, client_data, current_failure().code);
  }
  return start_job(host, callback, client_data,
                   [host, work = std::move(work)](JobRun& run) { work(run, host); });
}

// Runs `action` and takes a core error with one of `fine` codes for success (the doc's
// "already registered / not registered is not an error").
template <typename Action>
void tolerating(std::initializer_list<int> fine, Action&& action)
{
  try {
    action();
  } catch (const core::Error& error) {
    for (int code : fine) {
      if (error.code() == code) {
        return;
      }
    }
    throw;
  }
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixHost_Connect(int /*apiVersion*/, VixServiceProvider hostType,
                                     const char* hostName, int hostPort, const char* userName,
                                     const char* password, VixHostOptions options,
                                     VixHandle /*propertyListHandle*/, VixEventProc* callbackProc,
                                     void* clientData)
{
  return job_entry([&] {
    ConnectRequest request;
    request.provider = hostType == VIX_SERVICEPROVIDER_VMWARE_WORKSTATION_SHARED
                         ? hostType
                         : VIX_SERVICEPROVIDER_VMWARE_VI_SERVER;
    // "" like NULL: callers pass either (docs/behaviour.md#libvix-connect).
    request.host_name = copy_text(hostName);
    request.host_port = hostPort;
    request.user = copy_text(userName);
    request.password = copy_text(password);
    request.options = options;
    if (!is_vsphere(hostType, !request.host_name.empty())) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
    }
    if (request.host_name.empty()) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    if (request.user.empty() && request.password.empty()) {
      // Neither a user and password nor a clone ticket (no user, the ticket as password).
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return start_job(nullptr, callbackProc, clientData,
                     [request = std::move(request)](JobRun& run) { connect_host(run, request); });
  });
}

VIX_EXPORT void VixHost_Disconnect(VixHandle hostHandle)
{
  guarded([&] {
    const auto object = handles().find(hostHandle);
    if (!object || object->kind() != Kind::host) {
      return VIX_OK; // a no-op for anything else (docs/libvix.md#handle-values)
    }
    static_cast<Host&>(*object).mark_disconnected();
    // The session logs out when the last job still using it lets go (at once when none).
    handles().erase_host(hostHandle);
    return VIX_OK;
  });
}

VIX_EXPORT VixHandle VixHost_RegisterVM(VixHandle hostHandle, const char* vmxFilePath,
                                        VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return host_job(hostHandle, callbackProc, clientData,
                    [vmx = copy_text(vmxFilePath)](JobRun&, const std::shared_ptr<Host>& host) {
                      host->with_session([&](core::Session& session) {
                        try {
                          // Registering a registered VM is no error (doc).
                          tolerating({core::vix::already_exists, core::vix::vm_already_loaded},
                                     [&] { core::register_vm(session, vmx, k_job_deadline); });
                        } catch (const core::Error& error) {
                          if (error.code() == core::vix::file_not_found) {
                            throw VixFailure{VIX_E_NOT_FOUND, error.what()}; // doc
                          }
                          throw;
                        }
                      });
                    });
  });
}

VIX_EXPORT VixHandle VixHost_UnregisterVM(VixHandle hostHandle, const char* vmxFilePath,
                                          VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return host_job(hostHandle, callbackProc, clientData,
                    [vmx = copy_text(vmxFilePath)](JobRun&, const std::shared_ptr<Host>& host) {
                      host->with_session([&](core::Session& session) {
                        // Unregistering an unknown VM is no error (doc).
                        tolerating({core::vix::vm_not_found},
                                   [&] { core::unregister_vm(session, vmx); });
                      });
                    });
  });
}

VIX_EXPORT VixHandle VixHost_FindItems(VixHandle hostHandle, VixFindItemType searchType,
                                       VixHandle /*searchCriteria*/, int32 /*timeout*/,
                                       VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if (searchType != VIX_FIND_RUNNING_VMS && searchType != VIX_FIND_REGISTERED_VMS) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return host_job(hostHandle, callbackProc, clientData,
                    [searchType](JobRun& run, const std::shared_ptr<Host>& host) {
                      const auto paths = host->with_session([&](core::Session& session) {
                        return searchType == VIX_FIND_RUNNING_VMS
                                 ? core::list_running_vms(session)
                                 : core::list_registered_vms(session);
                      });
                      // Outside the session's lock: a callback may start jobs on this host.
                      for (const auto& path : paths) {
                        run.found_item(path);
                      }
                    });
  });
}

VIX_EXPORT VixHandle VixHost_OpenVM(VixHandle hostHandle, const char* vmxFilePathName,
                                    VixVMOpenOptions options, VixHandle /*propertyListHandle*/,
                                    VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if (options != VIX_VMOPEN_NORMAL || vmxFilePathName == nullptr) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    // An encryption password in the property list is accepted and ignored: bindings pass one
    // when they have it, and vSphere opens a VM without (docs/behaviour.md#libvix-vm-handles).
    return host_job(hostHandle, callbackProc, clientData,
                    [vmx = copy_text(vmxFilePathName)](JobRun& run,
                                                       const std::shared_ptr<Host>& host) {
                      open_vm(run, host, vmx);
                    });
  });
}

VIX_EXPORT VixHandle VixVM_Open(VixHandle hostHandle, const char* vmxFilePathName,
                                VixEventProc* callbackProc, void* clientData)
{
  return VixHost_OpenVM(hostHandle, vmxFilePathName, VIX_VMOPEN_NORMAL, VIX_INVALID_HANDLE,
                        callbackProc, clientData);
}

} // extern "C"
