#pragma once

// vSphere property paths that several verbs read.
namespace vmrun::core::paths {
inline constexpr const char* vm_path = "config.files.vmPathName";
inline constexpr const char* power_state = "runtime.powerState";
inline constexpr const char* default_power_ops = "config.defaultPowerOps";
} // namespace vmrun::core::paths
