// SPDX-License-Identifier: Apache-2.0

#pragma once

// checkToolsState and getGuestIPAddress: what VMware Tools report through guest.*
// (docs/behaviour.md#lifecycle, docs/behaviour.md#guest-ip).
#include "core/vsphere/session.h"

#include <chrono>
#include <string>
#include <string_view>

namespace vmrun::core {

// The three answers of checkToolsState.
enum class ToolsState { running, installed, unknown };

// "running", "installed" or "unknown".
std::string_view tools_state_word(ToolsState state);

// Maps guest.toolsRunningStatus, guest.toolsVersionStatus2 and the deprecated guest.toolsStatus
// (any may be empty: unset, or an older server) to a ToolsState: running when Tools run; installed
// when they are known to be installed but do not run; unknown when they are not installed or
// nothing says.
ToolsState tools_state_from(std::string_view running_status, std::string_view version_status2,
                            std::string_view tools_status);

// The VM's Tools state (one lookup round trip).
ToolsState check_tools_state(Session& session, const std::string& vmx);

// guest.ipAddress. Not powered on: "The virtual machine is not powered on: <vmx>". Without
// `wait`: Tools not running is the VMware Tools error and no address is
// "Unable to get the IP address". With `wait`: watches guest.ipAddress (and the power state)
// with the PropertyCollector for up to `timeout` until an address appears; the VM powering off
// meanwhile ends the wait with the not-powered-on error.
std::string guest_ip_address(Session& session, const std::string& vmx, bool wait,
                             std::chrono::seconds timeout);

} // namespace vmrun::core
