// SPDX-License-Identifier: Apache-2.0

#pragma once

// vSphere property paths that several verbs read.
namespace vmrun::core::paths {
inline constexpr const char* vm_path = "config.files.vmPathName";
inline constexpr const char* power_state = "runtime.powerState";
inline constexpr const char* default_power_ops = "config.defaultPowerOps";
// "true" for a template: vSphere neither powers on nor changes one (docs/behaviour.md#templates).
inline constexpr const char* is_template = "config.template";
// Where a VM runs: its host and resource pool (a template has no pool).
inline constexpr const char* runtime_host = "runtime.host";
inline constexpr const char* resource_pool = "resourcePool";
// VirtualMachineQuestionInfo while the VM waits for an answer, else unset.
inline constexpr const char* question = "runtime.question";
// Whether VMware Tools run in the guest (guestToolsRunning, ...), and whether they are installed
// and current (guestToolsNotInstalled, guestToolsCurrent, ...).
inline constexpr const char* tools_running = "guest.toolsRunningStatus";
inline constexpr const char* tools_version = "guest.toolsVersionStatus2";
} // namespace vmrun::core::paths
