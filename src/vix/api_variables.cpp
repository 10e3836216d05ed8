// SPDX-License-Identifier: Apache-2.0

// VM variables of the VIX C API (docs/behaviour.md#libvix-variables), on the core's readVariable /
// writeVariable.
#include "core/guest/processes.h"
#include "core/vm/variables.h"
#include "vix/api.h"
#include "vix/guest.h"
#include "vix/runtime.h"
#include "vix/vm.h"

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace {

// The core's variable type; guest environment variables are a guest operation (nullopt).
std::optional<core::VariableType> variable_type(int type)
{
  switch (type) {
  case VIX_VM_GUEST_VARIABLE: return core::VariableType::guest_var;
  case VIX_VM_CONFIG_RUNTIME_ONLY: return core::VariableType::runtime_config;
  default: return std::nullopt;
  }
}

bool known_type(int type)
{
  return variable_type(type) || type == VIX_GUEST_ENVIRONMENT_VARIABLE;
}

// vSphere can read a guest's environment (ReadEnvironmentVariableInGuest) but not change it.
VixFailure no_environment_writes()
{
  return {VIX_E_NOT_SUPPORTED, "guest environment variables cannot be set"};
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_ReadVariable(VixHandle vmHandle, int variableType, const char* name,
                                        int options, VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if (name == nullptr || options != 0 || !known_type(variableType)) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    if (variableType == VIX_GUEST_ENVIRONMENT_VARIABLE) {
      // A guest operation: the guest login of the handle, as the user's environment.
      return guest_job(vmHandle, callbackProc, clientData,
                       [name = copy_text(name)](JobRun& run, Vm&, core::Session& session,
                                                const core::GuestTarget& target) {
                         run.set(VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING,
                                 core::read_guest_environment(session, target, name));
                       });
    }
    return vm_job(vmHandle, callbackProc, clientData,
                  [type = *variable_type(variableType), name = copy_text(name)](JobRun& run,
                                                                                Vm& vm) {
                    // An unset variable: VIX_OK and "".
                    run.set(VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING,
                            vm.host()->with_session([&](core::Session& session) {
                              return core::read_variable(session, vm.vmx(), type, name);
                            }));
                  });
  });
}

VIX_EXPORT VixHandle VixVM_WriteVariable(VixHandle vmHandle, int variableType,
                                         const char* valueName, const char* value, int options,
                                         VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // No '=' in a name, no '/' in a guest variable's (doc).
    const std::string name = copy_text(valueName);
    if (valueName == nullptr || value == nullptr || options != 0 || !known_type(variableType) ||
        name.find('=') != std::string::npos ||
        (variableType == VIX_VM_GUEST_VARIABLE && name.find('/') != std::string::npos)) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    // VIX_VM_CONFIG_RUNTIME_ONLY writes the extraConfig key, as vmrun's writeVariable does
    // (VMware's ESX answered VIX_E_NOT_SUPPORTED; docs/behaviour.md#libvix-variables), so that
    // ReadVariable reads back what was written. Guest variables persist in extraConfig (no
    // runtime-only store).
    return vm_job(vmHandle, callbackProc, clientData,
                  [type = variable_type(variableType), name, value = copy_text(value)](JobRun&,
                                                                                       Vm& vm) {
                    if (!type) {
                      throw no_environment_writes();
                    }
                    vm.host()->with_session([&](core::Session& session) {
                      core::write_variable(session, vm.vmx(), *type, name, value, k_job_deadline);
                    });
                  });
  });
}

} // extern "C"
