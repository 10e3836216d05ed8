// SPDX-License-Identifier: Apache-2.0

// The snapshot functions of the VIX C API (docs/behaviour.md#libvix-snapshots). Handles name
// snapshots by MoRef; the tree itself is read from the server at every call
// (docs/libvix.md#fresh-state).
#include "core/errors/faults.h"
#include "core/vsphere/wait.h"
#include "vix/api.h"
#include "vix/runtime.h"
#include "vix/snapshot.h"
#include "vix/vm.h"

#include <algorithm>

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace {

using Tree = std::vector<core::SnapshotEntry>;

// A synchronous function on a VM handle: the handle, then the output, then `body` with the tree.
template <typename Out, typename Body>
VixError with_vm_tree(VixHandle vm_handle, Out* out, Body&& body)
{
  return guarded([&]() -> VixError {
    const auto vm = lookup<Vm>(vm_handle, Kind::vm);
    if (out == nullptr) {
      return VIX_E_INVALID_ARG;
    }
    return body(vm, read_snapshot_tree(*vm));
  });
}

// The same on a snapshot handle: `body` gets the snapshot, the tree and its place in it.
template <typename Out, typename Body>
VixError with_snapshot_tree(VixHandle snapshot_handle, Out* out, Body&& body)
{
  return guarded([&]() -> VixError {
    const auto snapshot = lookup<Snapshot>(snapshot_handle, Kind::snapshot);
    if (out == nullptr) {
      return VIX_E_INVALID_ARG;
    }
    snapshot->check_usable();
    const Tree tree = read_snapshot_tree(*snapshot->vm());
    return body(*snapshot, tree, snapshot_index(tree, snapshot->ref()));
  });
}

std::vector<std::size_t> roots(const Tree& tree)
{
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    if (tree[i].depth == 0) {
      found.push_back(i);
    }
  }
  return found;
}

// A path may use backslashes instead of slashes, not both (doc).
std::string slash_path(std::string name)
{
  if (name.find('/') == std::string::npos) {
    std::replace(name.begin(), name.end(), '\\', '/');
  }
  return name;
}

// A job on a VM with one of its snapshots: both handles checked first (a snapshot of another VM
// is VIX_E_INVALID_ARG), the snapshot checked again on the server when the job runs.
template <typename Action>
VixHandle snapshot_job(VixHandle vm_handle, VixHandle snapshot_handle, VixEventProc* callback,
                       void* client_data, Action action)
{
  std::shared_ptr<Snapshot> snapshot;
  try {
    snapshot = snapshot_of(vm_handle, snapshot_handle);
  } catch (...) {
    return failed_job(nullptr, callback, client_data, current_failure().code);
  }
  return vm_job(vm_handle, callback, client_data, [snapshot, action](JobRun&, Vm& vm) {
    snapshot->check_usable();
    const Tree tree = read_snapshot_tree(vm);
    static_cast<void>(snapshot_index(tree, snapshot->ref()));
    vm.host()->with_session([&](core::Session& session) {
      core::with_vm_errors(vm.vmx(), [&] { action(session, vm, *snapshot); });
    });
  });
}

} // namespace

extern "C" {

VIX_EXPORT VixError VixVM_GetNumRootSnapshots(VixHandle vmHandle, int* result)
{
  return with_vm_tree(vmHandle, result, [&](const std::shared_ptr<Vm>&, const Tree& tree) {
    *result = static_cast<int>(roots(tree).size());
    return VIX_OK;
  });
}

VIX_EXPORT VixError VixVM_GetRootSnapshot(VixHandle vmHandle, int index, VixHandle* snapshotHandle)
{
  return with_vm_tree(
    vmHandle, snapshotHandle, [&](const std::shared_ptr<Vm>& vm, const Tree& tree) -> VixError {
      const auto found = roots(tree);
      if (index < 0 || static_cast<std::size_t>(index) >= found.size()) {
        return VIX_E_INVALID_ARG;
      }
      *snapshotHandle = new_snapshot_handle(vm, tree[found[static_cast<std::size_t>(index)]].ref);
      return VIX_OK;
    });
}

VIX_EXPORT VixError VixVM_GetCurrentSnapshot(VixHandle vmHandle, VixHandle* snapshotHandle)
{
  return with_vm_tree(
    vmHandle, snapshotHandle, [&](const std::shared_ptr<Vm>& vm, const Tree& tree) -> VixError {
      for (const auto& entry : tree) {
        if (entry.current) {
          *snapshotHandle = new_snapshot_handle(vm, entry.ref);
          return VIX_OK;
        }
      }
      return VIX_E_SNAPSHOT_NOTFOUND; // no current one (docs/behaviour.md#libvix-snapshots)
    });
}

VIX_EXPORT VixError VixVM_GetNamedSnapshot(VixHandle vmHandle, const char* name,
                                           VixHandle* snapshotHandle)
{
  if (name == nullptr) {
    return guarded([&] {
      static_cast<void>(lookup<Vm>(vmHandle, Kind::vm));
      return VIX_E_INVALID_ARG;
    });
  }
  return with_vm_tree(vmHandle, snapshotHandle,
                      [&](const std::shared_ptr<Vm>& vm, const Tree& tree) -> VixError {
                        // vmrun's resolution: a path from a root, a unique name, a unique
                        // path suffix (13017 when several match, 13003 when none).
                        const auto& entry = core::resolve_snapshot(tree, slash_path(name));
                        *snapshotHandle = new_snapshot_handle(vm, entry.ref);
                        return VIX_OK;
                      });
}

VIX_EXPORT VixError VixSnapshot_GetNumChildren(VixHandle parentSnapshotHandle,
                                               int* numChildSnapshots)
{
  return with_snapshot_tree(parentSnapshotHandle, numChildSnapshots,
                            [&](Snapshot&, const Tree& tree, std::size_t index) {
                              *numChildSnapshots = static_cast<int>(
                                snapshot_children(tree, index).size());
                              return VIX_OK;
                            });
}

VIX_EXPORT VixError VixSnapshot_GetChild(VixHandle parentSnapshotHandle, int index,
                                         VixHandle* childSnapshotHandle)
{
  return with_snapshot_tree(parentSnapshotHandle, childSnapshotHandle,
                            [&](Snapshot& parent, const Tree& tree, std::size_t at) -> VixError {
                              const auto children = snapshot_children(tree, at);
                              if (index < 0 || static_cast<std::size_t>(index) >= children.size()) {
                                return VIX_E_INVALID_ARG;
                              }
                              *childSnapshotHandle = new_snapshot_handle(
                                parent.vm(), tree[children[static_cast<std::size_t>(index)]].ref);
                              return VIX_OK;
                            });
}

VIX_EXPORT VixError VixSnapshot_GetParent(VixHandle snapshotHandle, VixHandle* parentSnapshotHandle)
{
  return with_snapshot_tree(snapshotHandle, parentSnapshotHandle,
                            [&](Snapshot& child, const Tree& tree, std::size_t at) -> VixError {
                              // A root's parent: VIX_OK and VIX_INVALID_HANDLE (doc).
                              *parentSnapshotHandle = VIX_INVALID_HANDLE;
                              for (std::size_t i = at; i-- > 0;) {
                                if (tree[i].depth < tree[at].depth) {
                                  *parentSnapshotHandle = new_snapshot_handle(child.vm(),
                                                                              tree[i].ref);
                                  break;
                                }
                              }
                              return VIX_OK;
                            });
}

VIX_EXPORT VixHandle VixVM_CreateSnapshot(VixHandle vmHandle, const char* name,
                                          const char* description, VixCreateSnapshotOptions options,
                                          VixHandle /*propertyListHandle*/,
                                          VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if ((options & ~VIX_SNAPSHOT_INCLUDE_MEMORY) != 0) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    std::shared_ptr<Vm> owner;
    try {
      owner = lookup<Vm>(vmHandle, Kind::vm);
    } catch (...) {
      return failed_job(nullptr, callbackProc, clientData, current_failure().code);
    }
    // The caller's flag decides the memory, as VMware documented option 0 (unlike vmrun's CLI,
    // which includes it for a running VM); names need not be unique
    // (docs/behaviour.md#libvix-snapshots); a NULL name is an empty one.
    const bool memory = (options & VIX_SNAPSHOT_INCLUDE_MEMORY) != 0;
    return vm_job(vmHandle, callbackProc, clientData,
                  [owner, memory, name = copy_text(name),
                   description = copy_text(description)](JobRun& run, Vm& vm) {
                    const core::TaskResult result = vm.host()->with_session(
                      [&](core::Session& session) {
                        return core::with_vm_errors(vm.vmx(), [&] {
                          vmrun::transport::XmlWriter w("CreateSnapshot_Task", vm.ref());
                          w.text("name", name);
                          if (!description.empty()) {
                            w.text("description", description);
                          }
                          w.boolean("memory", memory).boolean("quiesce", false);
                          return core::run_task(session, w, k_job_deadline, {}, vm.ref());
                        });
                      });
                    run.set_result_handle(new_snapshot_handle(owner, result.ref));
                  });
  });
}

VIX_EXPORT VixHandle VixVM_RevertToSnapshot(VixHandle vmHandle, VixHandle snapshotHandle,
                                            VixVMPowerOpOptions options,
                                            VixHandle /*propertyListHandle*/,
                                            VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // SUPPRESS_SNAPSHOT_POWERON stands alone; LAUNCH_GUI means nothing on vSphere.
    const bool suppress = (options & VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON) != 0;
    if ((options & ~(VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON | VIX_VMPOWEROP_LAUNCH_GUI)) != 0 ||
        (suppress && options != VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON)) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    return snapshot_job(vmHandle, snapshotHandle, callbackProc, clientData,
                        [suppress](core::Session& session, Vm& vm, Snapshot& snapshot) {
                          vmrun::transport::XmlWriter w("RevertToSnapshot_Task", snapshot.ref());
                          w.boolean("suppressPowerOn", suppress);
                          core::run_task(session, w, k_job_deadline, {}, vm.ref());
                        });
  });
}

VIX_EXPORT VixHandle VixVM_RemoveSnapshot(VixHandle vmHandle, VixHandle snapshotHandle,
                                          VixRemoveSnapshotOptions options,
                                          VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    if ((options & ~VIX_SNAPSHOT_REMOVE_CHILDREN) != 0) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_INVALID_ARG);
    }
    const bool children = (options & VIX_SNAPSHOT_REMOVE_CHILDREN) != 0;
    return snapshot_job(vmHandle, snapshotHandle, callbackProc, clientData,
                        [children](core::Session& session, Vm& vm, Snapshot& snapshot) {
                          vmrun::transport::XmlWriter w("RemoveSnapshot_Task", snapshot.ref());
                          w.boolean("removeChildren", children).boolean("consolidate", true);
                          core::run_task(session, w, k_job_deadline, {}, vm.ref());
                          snapshot.mark_removed(); // docs/libvix.md#deleted-handles
                        });
  });
}

} // extern "C"
