// SPDX-License-Identifier: Apache-2.0

#pragma once

// deleteVM, upgradevm, installTools (docs/behaviour.md#lifecycle).
#include "core/vsphere/session.h"

#include <chrono>
#include <string>

namespace vmrun::core {

// Destroy_Task: the VM's files and its inventory entry go. Powered on: the VM_IS_RUNNING
// message (checked from the lookup; the server's InvalidPowerState says the same).
void delete_vm(Session& session, const std::string& vmx, std::chrono::seconds timeout);

// UpgradeVM_Task to the newest hardware version the host supports. Powered on or suspended:
// the VM_IS_RUNNING message; already newest (AlreadyUpgraded): "The virtual machine is already
// up-to-date".
void upgrade_vm(Session& session, const std::string& vmx, std::chrono::seconds timeout);

// MountToolsInstaller: connects the VM's CD-ROM to the Tools ISO. Not powered on:
// "The virtual machine is not powered on: <vmx>". Already mounted (runtime.toolsInstallerMounted,
// read with the lookup): success without a second mount.
void install_tools(Session& session, const std::string& vmx);

} // namespace vmrun::core
