// SPDX-License-Identifier: Apache-2.0

// The guest login and Tools functions of the VIX C API (docs/behaviour.md#libvix-guest,
// docs/libvix.md#guest-login), and how every guest function reaches the guest.
#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/guest/guest.h"
#include "vix/api.h"
#include "vix/guest.h"
#include "vix/vm.h"

#include <algorithm>
#include <string_view>

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace vmrun::vix {

VixHandle guest_job(VixHandle vm_handle, VixEventProc* callback, void* client_data, GuestWork work)
{
  return vm_job(vm_handle, callback, client_data, [work = std::move(work)](JobRun& run, Vm& vm) {
    const core::GuestTarget target{vm.vmx(), vm.guest().login(), k_job_deadline};
    vm.host()->with_session([&](core::Session& session) { work(run, vm, session, target); });
  });
}

} // namespace vmrun::vix

namespace {

// The names VIX 1.11 retired: an administrator or console login without a password.
bool retired_user_name(std::string_view user)
{
  return user == "__VMware_Vix_Guest_User_Admin__" || user == "__VMware_Vix_Guest_Console_User__";
}

// Waiting for Tools ran out of time: the wait's own limit, or the job's deadline on the wire.
bool tools_wait_timed_out(const core::Error& error)
{
  if (error.net_kind()) {
    return *error.net_kind() == vmrun::transport::NetErrorKind::deadline;
  }
  return error.code() == core::vix::fail &&
         std::string_view(error.what()).starts_with("The operation timed out");
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_WaitForToolsInGuest(VixHandle vmHandle, int timeoutInSeconds,
                                               VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // "Forever" (<= 0) and longer waits end with the job's own deadline.
    const std::chrono::seconds limit = timeoutInSeconds > 0
                                         ? std::min(std::chrono::seconds(timeoutInSeconds),
                                                    k_job_deadline)
                                         : k_job_deadline;
    return vm_job(vmHandle, callbackProc, clientData, [limit](JobRun&, Vm& vm) {
      const core::GuestTarget target{vm.vmx(), {}, limit};
      vm.host()->with_session([&](core::Session& session) {
        try {
          static_cast<void>(core::open_guest(session, target));
        } catch (const core::Error& error) {
          if (tools_wait_timed_out(error)) {
            throw VixFailure{VIX_E_TIMEOUT_WAITING_FOR_TOOLS, error.what()};
          }
          throw;
        }
      });
    });
  });
}

VIX_EXPORT VixHandle VixVM_LoginInGuest(VixHandle vmHandle, const char* userName,
                                        const char* password, int options,
                                        VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if ((options & ~VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT) != 0) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    core::GuestLogin login{copy_text(userName), copy_text(password),
                           (options & VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT) != 0};
    return vm_job(vmHandle, callbackProc, clientData, [login](JobRun&, Vm& vm) {
      // Whatever happens next, the handle's previous login is over.
      vm.guest().clear();
      if (retired_user_name(login.user)) {
        throw VixFailure{VIX_E_LOGIN_TYPE_NOT_SUPPORTED,
                         "the special guest user names are no longer supported"};
      }
      const core::GuestTarget target{vm.vmx(), login, k_job_deadline};
      vm.host()->with_session([&](core::Session& session) {
        core::GuestVm guest = core::open_guest(session, target);
        core::with_vm_errors(vm.vmx(), [&] {
          session.call(
            core::guest_request(guest, "ValidateCredentialsInGuest", guest.managers.auth));
        });
      });
      vm.guest().set(login);
    });
  });
}

VIX_EXPORT VixHandle VixVM_LogoutFromGuest(VixHandle vmHandle, VixEventProc* callbackProc,
                                           void* clientData)
{
  // Nothing to tell the server: the login is only the credentials each call carries.
  return job_entry([&] {
    return vm_job(vmHandle, callbackProc, clientData, [](JobRun&, Vm& vm) { vm.guest().clear(); });
  });
}

} // extern "C"
