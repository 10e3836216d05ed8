// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/errors/error.h"
#include "transport/errors.h"

#include <string>

namespace vmrun::core {

// The user-facing error for a vSphere fault raised while acting on the VM `vmx`
// (docs/behaviour.md#faults).
Error error_from_fault(const transport::SoapFault& fault, const std::string& vmx);

// The user-facing error for a transport failure; `connecting` adds vmrun's
// "Unable to connect to host." line (not to "The operation timed out after N seconds").
Error error_from_net(const transport::NetError& error, bool connecting);

// Runs `action`, turning the vSphere faults it raises into vmrun's messages for the VM `vmx`.
template <typename Action>
decltype(auto) with_vm_errors(const std::string& vmx, Action&& action)
{
  try {
    return action();
  } catch (const transport::SoapFault& fault) {
    throw error_from_fault(fault, vmx);
  }
}

// Texts that several verbs share.
Error vm_not_found(const std::string& vmx);
Error vm_not_running(const std::string& vmx);
Error vm_is_running();
Error tools_not_running(const std::string& vmx);
Error template_vm();

// "The operation was cancelled": SIGINT, SIGTERM or SIGHUP arrived under a util::InterruptGuard.
Error cancelled();
// Throws cancelled() when such a signal has arrived (see util/interrupt.h).
void check_interrupted();

} // namespace vmrun::core
