// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/session.h"

#include <chrono>
#include <string>
#include <vector>

namespace vmrun::core {

// vmx paths of powered-on VMs across all datacenters, sorted (docs/behaviour.md#verb-output).
std::vector<std::string> list_running_vms(Session& session);
// vmx paths of all registered VMs and templates, sorted.
std::vector<std::string> list_registered_vms(Session& session);

// The root resource pool of the compute resource (standalone host or cluster) the host belongs
// to, read in one round trip from the host; empty when it has none.
MoRef resource_pool_of_host(Session& session, const MoRef& host);

// Adds the VM at "[ds] path" to the inventory of the datacenter holding that datastore.
void register_vm(Session& session, const std::string& vmx, std::chrono::seconds timeout);
// Removes the VM from the inventory, keeping its files.
void unregister_vm(Session& session, const std::string& vmx);

} // namespace vmrun::core
