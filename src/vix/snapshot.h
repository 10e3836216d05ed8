// SPDX-License-Identifier: Apache-2.0

#pragma once

// A snapshot handle (docs/behaviour.md#libvix-snapshots): one snapshot of one VM, known by its
// MoRef. Everything else about it (name, description, place in the tree) is read from the server
// when asked (docs/libvix.md#fresh-state).
#include "core/vm/snapshot_tree.h"
#include "vix/outputs.h"
#include "vix/runtime.h"
#include "vix/vm.h"

#include <atomic>
#include <memory>
#include <vector>

namespace vmrun::vix {

class Snapshot : public Object
{
public:
  Snapshot(std::shared_ptr<Vm> vm, transport::MoRef ref)
    : Object(Kind::snapshot), m_vm(std::move(vm)), m_ref(std::move(ref))
  {
    set_owner_host(m_vm->host()->handle());
  }

  const std::shared_ptr<Vm>& vm() const { return m_vm; }
  const transport::MoRef& ref() const { return m_ref; }
  // After VixVM_RemoveSnapshot every call but Vix_ReleaseHandle fails
  // (docs/libvix.md#deleted-handles).
  void mark_removed() { m_removed.store(true); }
  bool removed() const { return m_removed.load(); }
  // Throws VIX_E_SNAPSHOT_NOTFOUND once removed, VIX_E_VM_NOT_FOUND once its VM is deleted.
  void check_usable() const;

private:
  std::shared_ptr<Vm> m_vm;
  transport::MoRef m_ref;
  std::atomic<bool> m_removed{false};
};

// The VM's snapshot tree as the server has it now, depth-first pre-order.
std::vector<core::SnapshotEntry> read_snapshot_tree(Vm& vm);

// The position of `ref` in `tree`; throws VIX_E_SNAPSHOT_NOTFOUND when it is not there (removed
// by someone else).
std::size_t snapshot_index(const std::vector<core::SnapshotEntry>& tree,
                           const transport::MoRef& ref);

// The positions of the children of tree[index], in order.
std::vector<std::size_t> snapshot_children(const std::vector<core::SnapshotEntry>& tree,
                                           std::size_t index);

// A snapshot handle for `ref` of `vm`, with the caller's reference
// (docs/libvix.md#handle-references): the live one of that snapshot when there is one
// (docs/libvix.md#same-vm-handle), else a new one, which keeps its VM handle alive
// (docs/libvix.md#held-handles).
VixHandle new_snapshot_handle(const std::shared_ptr<Vm>& vm, const transport::MoRef& ref);

// The snapshot of `snapshot_handle`, which must belong to the VM of `vm_handle`: throws
// HandleError for a dead or wrong handle, VIX_E_INVALID_ARG for another VM's snapshot.
std::shared_ptr<Snapshot> snapshot_of(VixHandle vm_handle, VixHandle snapshot_handle);

// Vix_GetProperties on a snapshot: name, description and power state read fresh from the tree.
void read_snapshot_properties(Snapshot& snapshot, const std::vector<OutputRequest>& requests);

} // namespace vmrun::vix
