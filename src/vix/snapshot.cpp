// SPDX-License-Identifier: Apache-2.0

#include "vix/snapshot.h"

#include "core/errors/faults.h"
#include "core/vsphere/properties.h"
#include "vix/errors.h"

namespace vmrun::vix {

namespace {

constexpr const char* k_snapshot = "snapshot";

// VirtualMachineSnapshotTree.state in VIX_POWERSTATE_* bits.
int snapshot_power_state(const std::string& state)
{
  if (state == "poweredOn") {
    return VIX_POWERSTATE_POWERED_ON;
  }
  if (state == "suspended") {
    return VIX_POWERSTATE_SUSPENDED;
  }
  return VIX_POWERSTATE_POWERED_OFF;
}

} // namespace

void Snapshot::check_usable() const
{
  m_vm->check_usable();
  if (m_removed.load()) {
    throw VixFailure{VIX_E_SNAPSHOT_NOTFOUND, "The snapshot was removed"};
  }
}

std::vector<core::SnapshotEntry> read_snapshot_tree(Vm& vm)
{
  vm.check_usable();
  const core::ObjectContent content = vm.host()->with_session([&](core::Session& session) {
    return core::with_vm_errors(vm.vmx(), [&] {
      return core::retrieve_object(session, vm.ref(), {k_snapshot});
    });
  });
  return core::flatten_snapshots(content.prop(k_snapshot));
}

std::size_t snapshot_index(const std::vector<core::SnapshotEntry>& tree,
                           const transport::MoRef& ref)
{
  for (std::size_t i = 0; i < tree.size(); ++i) {
    if (tree[i].ref == ref) {
      return i;
    }
  }
  throw VixFailure{VIX_E_SNAPSHOT_NOTFOUND, "The snapshot no longer exists"};
}

std::vector<std::size_t> snapshot_children(const std::vector<core::SnapshotEntry>& tree,
                                           std::size_t index)
{
  std::vector<std::size_t> children;
  const int depth = tree[index].depth;
  for (std::size_t i = index + 1; i < tree.size() && tree[i].depth > depth; ++i) {
    if (tree[i].depth == depth + 1) {
      children.push_back(i);
    }
  }
  return children;
}

VixHandle new_snapshot_handle(const std::shared_ptr<Vm>& vm, const transport::MoRef& ref)
{
  const VixHandle existing =
    handles().share(vm->host()->handle(), Kind::snapshot, [&](const Object& object) {
      const auto& snapshot = static_cast<const Snapshot&>(object);
      return snapshot.vm() == vm && snapshot.ref() == ref && !snapshot.removed();
    });
  if (existing != VIX_INVALID_HANDLE) {
    return existing;
  }
  auto snapshot = std::make_shared<Snapshot>(vm, ref);
  const VixHandle handle = handles().add(snapshot);
  // The snapshot keeps its VM (docs/libvix.md#held-handles).
  if (!handles().hold(*snapshot, vm->handle())) {
    handles().release(handle);
    throw VixFailure{VIX_E_INVALID_HANDLE, "The VM handle was released or disconnected"};
  }
  return handle;
}

std::shared_ptr<Snapshot> snapshot_of(VixHandle vm_handle, VixHandle snapshot_handle)
{
  const auto vm = lookup<Vm>(vm_handle, Kind::vm);
  auto snapshot = lookup<Snapshot>(snapshot_handle, Kind::snapshot);
  if (snapshot->vm() != vm) {
    throw VixFailure{VIX_E_INVALID_ARG, "The snapshot belongs to another virtual machine"};
  }
  return snapshot;
}

void read_snapshot_properties(Snapshot& snapshot, const std::vector<OutputRequest>& requests)
{
  snapshot.check_usable();
  for (const auto& request : requests) {
    if (!carries(Kind::snapshot, request.id)) {
      throw VixFailure{VIX_E_UNRECOGNIZED_PROPERTY, {}};
    }
  }
  if (requests.empty()) {
    return;
  }
  const auto tree = read_snapshot_tree(*snapshot.vm());
  const core::SnapshotEntry& entry = tree[snapshot_index(tree, snapshot.ref())];
  const Record record{
    {VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, entry.name},
    {VIX_PROPERTY_SNAPSHOT_DESCRIPTION, entry.description},
    {VIX_PROPERTY_SNAPSHOT_POWERSTATE, snapshot_power_state(entry.state)},
    {VIX_PROPERTY_SNAPSHOT_IS_REPLAYABLE, false},
  };
  write_outputs(requests, [&](int id) -> const Value* {
    auto it = record.find(id);
    return it == record.end() ? nullptr : &it->second;
  });
}

} // namespace vmrun::vix
