// SPDX-License-Identifier: Apache-2.0

#include "core/vm/snapshots.h"

#include "core/errors/faults.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"
#include "util/terminal_text.h"

#include <algorithm>

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlWriter;

namespace {

constexpr const char* k_snapshot = "snapshot";

// The VM and its snapshot tree, read in the lookup's round trip.
struct VmSnapshots {
  VmHandle vm;
  std::vector<SnapshotEntry> snapshots;
};

VmSnapshots find_with_snapshots(Session& session, const std::string& vmx,
                                std::vector<std::string> extra = {})
{
  extra.insert(extra.begin(), k_snapshot);
  VmSnapshots found{find_vm(session, vmx, extra), {}};
  found.snapshots = flatten_snapshots(found.vm.props.prop(k_snapshot));
  return found;
}

} // namespace

std::vector<SnapshotEntry> list_snapshots(Session& session, const std::string& vmx)
{
  std::vector<SnapshotEntry> result;
  with_vm_errors(vmx, [&] { result = find_with_snapshots(session, vmx).snapshots; });
  return result;
}

std::vector<std::string> snapshot_lines(const std::vector<SnapshotEntry>& snapshots, bool tree)
{
  std::vector<std::string> lines;
  lines.reserve(snapshots.size());
  for (const auto& s : snapshots) {
    lines.push_back((tree ? std::string(static_cast<std::size_t>(s.depth), '\t') : "") +
                    util::one_line(s.name));
  }
  return lines;
}

void create_snapshot(Session& session, const std::string& vmx, const std::string& name,
                     seconds timeout, const ProgressFn& progress)
{
  with_vm_errors(vmx, [&] {
    const auto found = find_with_snapshots(session, vmx, {paths::power_state, paths::is_template});
    if (found.vm.props.text(paths::is_template) == "true") {
      throw template_vm();
    }
    // vSphere allows duplicate names; vmrun refuses them, so that names stay resolvable.
    if (std::any_of(found.snapshots.begin(), found.snapshots.end(),
                    [&](const SnapshotEntry& s) { return s.name == name; })) {
      // vmrun's text, not the catalog's (docs/behaviour.md#snapshots).
      throw Error(vix::snapshot_exists, "The snapshot already exists");
    }
    // Memory for a running VM, so that reverting restores the running state (VMware listed
    // losing it as a known bug of VIX 1.7; docs/behaviour.md#snapshots).
    const bool memory = found.vm.props.text(paths::power_state) == "poweredOn";
    XmlWriter w("CreateSnapshot_Task", found.vm.ref);
    w.text("name", name).boolean("memory", memory).boolean("quiesce", false);
    run_task(session, w, timeout, progress, found.vm.ref);
  });
}

void delete_snapshot(Session& session, const std::string& vmx, const std::string& name,
                     bool with_children, seconds timeout, const ProgressFn& progress)
{
  with_vm_errors(vmx, [&] {
    const auto found = find_with_snapshots(session, vmx);
    const SnapshotEntry& target = resolve_snapshot(found.snapshots, name);
    XmlWriter w("RemoveSnapshot_Task", target.ref);
    w.boolean("removeChildren", with_children).boolean("consolidate", true);
    run_task(session, w, timeout, progress, found.vm.ref);
  });
}

void revert_to_snapshot(Session& session, const std::string& vmx, const std::string& name,
                        seconds timeout, const ProgressFn& progress)
{
  with_vm_errors(vmx, [&] {
    const auto found = find_with_snapshots(session, vmx);
    const SnapshotEntry& target = resolve_snapshot(found.snapshots, name);
    XmlWriter w("RevertToSnapshot_Task", target.ref);
    w.boolean("suppressPowerOn", true);
    run_task(session, w, timeout, progress, found.vm.ref);
  });
}

} // namespace vmrun::core
