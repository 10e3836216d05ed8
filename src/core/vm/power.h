// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/session.h"

#include <chrono>
#include <string>

namespace vmrun::core {

// hard|soft, or neither: the VM's config.defaultPowerOps decides (docs/behaviour.md#power).
enum class PowerMode { preset, hard, soft };

// start (resumes a suspended VM too); `gui|nogui` is accepted and ignored by the caller.
void start_vm(Session& session, const std::string& vmx, std::chrono::seconds timeout);
void stop_vm(Session& session, const std::string& vmx, PowerMode mode,
             std::chrono::seconds timeout);
void reset_vm(Session& session, const std::string& vmx, PowerMode mode,
              std::chrono::seconds timeout);
void suspend_vm(Session& session, const std::string& vmx, PowerMode mode,
                std::chrono::seconds timeout);

} // namespace vmrun::core
