// SPDX-License-Identifier: Apache-2.0

#pragma once

// A VM handle: a VM found through a host, by its exact vmx path
// (docs/behaviour.md#libvix-vm-handles).
#include "vix/guest.h"
#include "vix/host.h"
#include "vix/outputs.h"
#include "vix/runtime.h"

#include <atomic>
#include <memory>
#include <string>

namespace vmrun::vix {

class JobRun;

class Vm : public Object
{
public:
  Vm(std::shared_ptr<Host> host, std::string vmx, transport::MoRef ref)
    : Object(Kind::vm), m_host(std::move(host)), m_vmx(std::move(vmx)), m_ref(std::move(ref))
  {
    set_owner_host(m_host->handle());
  }

  const std::shared_ptr<Host>& host() const { return m_host; }
  const std::string& vmx() const { return m_vmx; }
  const transport::MoRef& ref() const { return m_ref; }
  // After VixVM_Delete every call but Vix_ReleaseHandle fails (docs/libvix.md#deleted-handles) and
  // opening the path again makes a new handle.
  bool deleted() const { return m_deleted.load(); }
  void mark_deleted() { m_deleted.store(true); }
  // Throws VIX_E_VM_NOT_FOUND once deleted.
  void check_usable() const;
  // The guest login (docs/libvix.md#guest-login): two opens of one VM share it, as they share the
  // handle.
  GuestContext& guest() { return m_guest; }

private:
  std::shared_ptr<Host> m_host;
  std::string m_vmx;
  transport::MoRef m_ref;
  std::atomic<bool> m_deleted{false};
  GuestContext m_guest;
};

// The open job's work (VixVM_Open, VixHost_OpenVM): finds the VM (exact, case-sensitive path)
// and hands out its handle, the same one while it lives (docs/libvix.md#same-vm-handle).
void open_vm(JobRun& run, const std::shared_ptr<Host>& host, const std::string& vmx);

// Vix_GetProperties on a VM: everything asked for is read from the server now, in one
// RetrieveProperties (docs/libvix.md#fresh-state), then written as `write_outputs` does.
void read_vm_properties(Vm& vm, const std::vector<OutputRequest>& requests);

} // namespace vmrun::vix
