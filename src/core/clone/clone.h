// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/datastore_path.h"
#include "core/vsphere/progress.h"
#include "core/vsphere/session.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace vmrun::core {

// What to clone, where and how (docs/behaviour.md#clone); cli/clone.h builds it
// from the command line.
struct CloneRequest {
  std::string source;      // the source vmx, as typed
  std::string destination; // DST, as typed
  bool linked = false;
  std::optional<std::string> snapshot;   // -snapshot
  std::optional<std::string> clone_name; // -cloneName
  transport::MoRef snapshot_ref = {};    // else a snapshot already known (VixVM_Clone's)
  // vCenter only (docs/behaviour.md#clone-placement): an inventory path or a name unique in the
  // source's datacenter, and a customization specification's name.
  std::optional<std::string> pool;      // -pool
  std::optional<std::string> host;      // -host
  std::optional<std::string> folder;    // -folder
  std::optional<std::string> customize; // -customize
};

// DST as the clone's vmx: "[ds] dir/name.vmx" (or "[dc/ds] ..."), a relative path of at least
// one directory, no "." or ".." component, ending in ".vmx" with a non-empty stem. nullopt when
// the clone cannot be put exactly there.
std::optional<DatastorePath> parse_clone_destination(const std::string& destination);

// The clone's display name: -cloneName, else DST's file name without ".vmx".
std::string clone_display_name(const CloneRequest& request, const DatastorePath& destination);

// Clones the VM so that the clone's vmx is exactly DST, registered, powered off (nothing is
// changed when a check fails). vCenter: CloneVM_Task when vCenter's own placement
// ("<name>/<name>.vmx") is DST; otherwise, and always on a standalone ESXi host, disks are
// copied (full) or child disks created on the snapshot's disks (linked), the vmx is written and
// registered. Throws Error with vmrun's texts; `progress` hears task percentages.
void clone_vm(Session& session, const CloneRequest& request, std::chrono::seconds timeout,
              const ProgressFn& progress = {});

} // namespace vmrun::core
