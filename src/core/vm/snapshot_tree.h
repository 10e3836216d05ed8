// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/xml.h"

#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// One snapshot of a VM's tree, flattened depth-first as `listSnapshots showTree` prints it.
struct SnapshotEntry {
  transport::MoRef ref;
  std::string name;
  std::string description;
  std::string path;  // names from the root, joined by "/"
  int depth = 0;     // 0 for a root snapshot
  std::string state; // the VM's power state when it was taken (poweredOn: memory included)
  bool current = false;
};

// Flattens a VirtualMachineSnapshotInfo (the VM's `snapshot` property; an empty node when the
// VM has none) in depth-first pre-order.
std::vector<SnapshotEntry> flatten_snapshots(const transport::XmlNode& snapshot_info);

// Finds the snapshot a user named (docs/behaviour.md#snapshots): an exact path from a root ("a/b"),
// else a unique name, else a unique path suffix. Throws Error "Invalid snapshot name" when nothing
// or more than one snapshot matches (the candidates' paths go to the hint).
const SnapshotEntry& resolve_snapshot(const std::vector<SnapshotEntry>& snapshots,
                                      std::string_view name);

} // namespace vmrun::core
