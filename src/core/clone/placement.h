// SPDX-License-Identifier: Apache-2.0

#pragma once

// Internal to the clone: where a clone goes on vCenter and which customization it gets.

#include "core/clone/clone.h"
#include "core/vsphere/vm_lookup.h"

#include <memory>

namespace vmrun::core {

// Folder, resource pool and host of a clone; an empty host lets vCenter pick one in the pool.
struct ClonePlacement {
  MoRef folder;
  MoRef pool;
  MoRef host;
};

// Refuses, before anything is looked up, the clone options a standalone ESXi host cannot honour
// (-pool, -host, -folder, -customize: docs/behaviour.md#clone-placement).
void check_clone_options(const Session& session, const CloneRequest& request);

// Where the clone of `source` goes (docs/behaviour.md#clone-placement). -folder, -pool and -host
// name an inventory path ("/DC0/host/C0/Resources/ci") or a name unique in the source's
// datacenter. Without -pool: -host's compute resource's root pool, else the source's pool, else
// (a template has none) the root pool of the compute resource of the template's host. Without
// -host: the source's host, unless -pool is given (vCenter then places the clone). Throws Error
// naming an unknown or ambiguous name.
ClonePlacement place_clone(Session& session, const CloneRequest& request, const VmHandle& source);

// A customization specification as the server keeps it, for the clone's spec.
struct CustomizationSpec {
  std::shared_ptr<const transport::SoapResponse> reply; // owns `spec`
  transport::XmlNode spec;                              // CustomizationSpec
};

// CustomizationSpecManager.GetCustomizationSpec(name); throws Error naming an unknown spec.
CustomizationSpec find_customization(Session& session, const std::string& name);

} // namespace vmrun::core
