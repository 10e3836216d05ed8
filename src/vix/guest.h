// SPDX-License-Identifier: Apache-2.0

#pragma once

// The guest login of a VM handle (docs/libvix.md#guest-login), and what the guest functions
// (api_guest*.cpp) share.
#include "core/guest/guest.h"
#include "core/vsphere/session.h"
#include "vmware-vix/vix.h"

#include <functional>
#include <mutex>
#include <optional>

namespace vmrun::vix {

class JobRun;
class Vm;

// Set by VixVM_LoginInGuest once the guest accepted it, dropped by VixVM_LogoutFromGuest, by the
// next login (a failed one too), or with the VM object. Every guest operation reads it when it
// starts.
class GuestContext
{
public:
  void set(core::GuestLogin login);
  void clear();
  // The login, or throws VixFailure{VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED}.
  core::GuestLogin login() const;

private:
  mutable std::mutex m_mutex;
  std::optional<core::GuestLogin> m_login;
};

// The work of a guest job: the VM, its session (held alone) and the guest target (the VM's
// path, the handle's login, and how long Tools may take to come up).
using GuestWork = std::function<void(JobRun&, Vm&, core::Session&, const core::GuestTarget&)>;

// A VM job that needs the guest login: VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED without one,
// before anything is asked of the server.
VixHandle guest_job(VixHandle vm_handle, VixEventProc* callback, void* client_data, GuestWork work);

} // namespace vmrun::vix
