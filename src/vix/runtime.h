// SPDX-License-Identifier: Apache-2.0

#pragma once

// The process-wide handle table of libvix (docs/libvix.md#handles): one mutex, handle values from a
// counter that never repeats, VIX reference counts, and the internal references objects hold on
// each other (a VM on its host, a job on its result).
#include "vmware-vix/vix.h"

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace vmrun::vix {

// What a handle names; the values are VixHandleType's.
enum class Kind {
  host = VIX_HANDLETYPE_HOST,
  vm = VIX_HANDLETYPE_VM,
  job = VIX_HANDLETYPE_JOB,
  snapshot = VIX_HANDLETYPE_SNAPSHOT,
  property_list = VIX_HANDLETYPE_PROPERTY_LIST,
};

// A thing a handle names. The table owns one shared_ptr per live handle; workers hold their own
// while they run, so an object outlives its handle until the work on it ends.
class Object
{
public:
  explicit Object(Kind kind) : m_kind(kind) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  Kind kind() const { return m_kind; }
  // The handle value, set once when the object enters the table.
  VixHandle handle() const { return m_handle; }
  // The host handle this object was obtained through (0: none); VixHost_Disconnect erases
  // every object carrying its handle (docs/libvix.md#disconnect).
  VixHandle owner_host() const { return m_owner_host; }
  void set_owner_host(VixHandle host) { m_owner_host = host; }

private:
  friend class HandleTable;
  Kind m_kind;
  VixHandle m_handle = VIX_INVALID_HANDLE;
  VixHandle m_owner_host = VIX_INVALID_HANDLE;
  int m_refs = 0;                // guarded by the table's mutex
  std::vector<VixHandle> m_held; // references this object holds on others (guarded likewise)
};

// The failure of a handle lookup: VIX_E_INVALID_HANDLE or VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE.
struct HandleError {
  VixError code;
};

class HandleTable
{
public:
  HandleTable() = default;
  ~HandleTable();
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  // Enters `object` with one reference (the caller's, or an owner's) and returns its handle.
  VixHandle add(const std::shared_ptr<Object>& object);
  // The live object, or nullptr (unknown, released, erased by a disconnect).
  std::shared_ptr<Object> find(VixHandle handle) const;
  // No-op for an unknown handle (docs/libvix.md#handle-values).
  void add_ref(VixHandle handle);
  // Drops one reference; at zero the handle goes, with the references its object held (a
  // no-op for an unknown handle: docs/libvix.md#handle-values). Objects are destroyed after the
  // mutex is released: a host's destruction logs out over the network.
  void release(VixHandle handle);
  // `holder` takes a reference on `target` (docs/libvix.md#held-handles), dropped when `holder`'s
  // handle goes. False when either is no longer alive.
  bool hold(const Object& holder, VixHandle target);
  // Erases `host` and every handle obtained through it, whatever their counts
  // (docs/libvix.md#disconnect).
  void erase_host(VixHandle host);
  // The live handle of kind `kind` obtained through `host` that `same` says is the wanted object,
  // with one more reference, or VIX_INVALID_HANDLE: one VM or snapshot, one handle number while
  // it is referenced (docs/libvix.md#same-vm-handle).
  template <typename Same>
  VixHandle share(VixHandle host, Kind kind, Same&& same)
  {
    const std::lock_guard lock(m_mutex);
    for (auto& [handle, entry] : m_objects) {
      if (entry->kind() == kind && entry->owner_host() == host && same(*entry)) {
        ++entry->m_refs;
        return handle;
      }
    }
    return VIX_INVALID_HANDLE;
  }

private:
  void drop_locked(VixHandle handle, std::vector<std::shared_ptr<Object>>& dead);

  mutable std::mutex m_mutex;
  std::unordered_map<VixHandle, std::shared_ptr<Object>> m_objects;
  VixHandle m_next = 0;
};

// The library's one table.
HandleTable& handles();

// The live object of `handle` as a T of kind `kind`; throws HandleError otherwise.
template <typename T>
std::shared_ptr<T> lookup(VixHandle handle, Kind kind)
{
  auto object = handles().find(handle);
  if (!object) {
    throw HandleError{VIX_E_INVALID_HANDLE};
  }
  if (object->kind() != kind) {
    throw HandleError{VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE};
  }
  return std::static_pointer_cast<T>(object);
}

} // namespace vmrun::vix
