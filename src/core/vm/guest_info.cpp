// SPDX-License-Identifier: Apache-2.0

#include "core/vm/guest_info.h"

#include "core/errors/faults.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

namespace vmrun::core {

using std::chrono::seconds;

namespace {

constexpr const char* k_tools_status = "guest.toolsStatus";
constexpr const char* k_ip_address = "guest.ipAddress";

Error no_ip_address()
{
  return Error(vix::fail, "Unable to get the IP address");
}

} // namespace

std::string_view tools_state_word(ToolsState state)
{
  switch (state) {
  case ToolsState::running: return "running";
  case ToolsState::installed: return "installed";
  case ToolsState::unknown: break;
  }
  return "unknown";
}

ToolsState tools_state_from(std::string_view running_status, std::string_view version_status2,
                            std::string_view tools_status)
{
  // guestToolsExecutingScripts: Tools run and are busy with power scripts.
  if (running_status == "guestToolsRunning" || running_status == "guestToolsExecutingScripts") {
    return ToolsState::running;
  }
  if (version_status2 == "guestToolsNotInstalled" || tools_status == "toolsNotInstalled") {
    return ToolsState::unknown;
  }
  if (running_status.empty() && (tools_status == "toolsOk" || tools_status == "toolsOld")) {
    return ToolsState::running; // a server without toolsRunningStatus: toolsOk/Old mean running
  }
  // Any other version status (current, unmanaged, too old, ...) means some Tools are installed.
  if (!version_status2.empty() || tools_status == "toolsNotRunning" || tools_status == "toolsOk" ||
      tools_status == "toolsOld") {
    return ToolsState::installed;
  }
  return ToolsState::unknown;
}

ToolsState check_tools_state(Session& session, const std::string& vmx)
{
  return with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx,
                                {paths::tools_running, paths::tools_version, k_tools_status});
    return tools_state_from(vm.props.text(paths::tools_running),
                            vm.props.text(paths::tools_version), vm.props.text(k_tools_status));
  });
}

std::string guest_ip_address(Session& session, const std::string& vmx, bool wait, seconds timeout)
{
  return with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx,
                                {paths::power_state, paths::tools_running, k_ip_address});
    if (vm.props.text(paths::power_state) != "poweredOn") {
      throw vm_not_running(vmx);
    }
    std::string ip = vm.props.text(k_ip_address);
    if (!ip.empty()) {
      return ip;
    }
    if (!wait) {
      if (vm.props.text(paths::tools_running) != "guestToolsRunning") {
        throw tools_not_running(vmx);
      }
      throw no_ip_address();
    }
    // The first update repeats the current values; then only changes arrive. The power state
    // is watched too, so that a VM powered off meanwhile ends the wait at once, and so is a
    // question the VM asks (it does nothing until answered).
    bool powered_off = false;
    wait_for_vm_change(session, vm.ref, {k_ip_address, paths::power_state}, timeout,
                       [&](const std::string& path, const XmlNode& value) {
                         if (path == paths::power_state) {
                           powered_off = value.text() != "poweredOn";
                           return powered_off;
                         }
                         if (path == k_ip_address) {
                           ip = value.text();
                         }
                         return !ip.empty();
                       });
    if (powered_off) {
      throw vm_not_running(vmx);
    }
    return ip;
  });
}

} // namespace vmrun::core
