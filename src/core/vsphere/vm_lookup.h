// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/datacenter.h"
#include "core/vsphere/properties.h"

#include <map>
#include <string>
#include <vector>

namespace vmrun::core {

// A VM found by its vmx path; `vmx` is the path exactly as the user wrote it, `props` the
// properties the caller asked for, read in the same round trip as the path check.
struct VmHandle {
  MoRef ref;
  std::string vmx;
  Datacenter datacenter;
  ObjectContent props;
};

// All datacenters, nested folders included, in inventory order (one round trip).
std::vector<Datacenter> list_datacenters(Session& session);

// The inventory path of an entity named `name` under `parent`, up to (not including) `root`,
// from the folders' names and parents.
std::string inventory_path(const std::string& name, MoRef parent, const MoRef& root,
                           const std::map<MoRef, std::pair<std::string, MoRef>>& folders);

// Finds a registered VM by "[ds] path" or "[dc/ds] path" (docs/behaviour.md#vm-paths):
// FindByDatastorePath in each datacenter, then an exact, case-sensitive check of
// config.files.vmPathName, read together with `props`.
// Throws Error "Cannot open VM: <vmx>, The virtual machine cannot be found".
VmHandle find_vm(Session& session, const std::string& vmx,
                 const std::vector<std::string>& props = {});

// find_vm for what a template cannot do (power, snapshots, guest operations, writeVariable, the
// console): reads paths::is_template in the same round trip and refuses a template with
// VIX_E_TEMPLATE_VM before anything is asked of it (docs/behaviour.md#templates).
VmHandle find_vm_not_template(Session& session, const std::string& vmx,
                              std::vector<std::string> props = {});

} // namespace vmrun::core
