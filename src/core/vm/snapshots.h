// SPDX-License-Identifier: Apache-2.0

#pragma once

// Snapshot verbs: snapshot, listSnapshots, deleteSnapshot, revertToSnapshot
// (docs/behaviour.md#snapshots). Names are resolved with snapshot_tree.h.
#include "core/vm/snapshot_tree.h"
#include "core/vsphere/progress.h"
#include "core/vsphere/session.h"

#include <chrono>
#include <string>
#include <vector>

namespace vmrun::core {

// The VM's snapshots, depth-first pre-order (one lookup round trip: `snapshot` is read with the
// path check).
std::vector<SnapshotEntry> list_snapshots(Session& session, const std::string& vmx);

// The lines `listSnapshots` prints after its header: names, each indented with one TAB per
// depth level when `tree` (docs/behaviour.md#verb-output). A name is shown as util::one_line shows
// it: its own tabs and line breaks cannot pass for the tree's.
std::vector<std::string> snapshot_lines(const std::vector<SnapshotEntry>& snapshots, bool tree);

// CreateSnapshot_Task(name, memory = the VM is powered on, quiesce = false). A name that any of
// the VM's snapshots already has is refused first: Error "The snapshot already exists".
void create_snapshot(Session& session, const std::string& vmx, const std::string& name,
                     std::chrono::seconds timeout, const ProgressFn& progress = {});

// RemoveSnapshot_Task(removeChildren = with_children, consolidate = true); without
// `with_children` the children move up to the removed snapshot's parent.
void delete_snapshot(Session& session, const std::string& vmx, const std::string& name,
                     bool with_children, std::chrono::seconds timeout,
                     const ProgressFn& progress = {});

// RevertToSnapshot_Task(suppressPowerOn = true): the VM takes the snapshot's state, except that
// a snapshot taken while running leaves it suspended (vmrun's documented behaviour).
void revert_to_snapshot(Session& session, const std::string& vmx, const std::string& name,
                        std::chrono::seconds timeout, const ProgressFn& progress = {});

} // namespace vmrun::core
