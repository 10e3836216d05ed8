// SPDX-License-Identifier: Apache-2.0

#pragma once

// Guest operations, part 1: the guest login, readiness (power state and Tools) and the guest
// managers that every guest verb needs (docs/behaviour.md#guest-operations).
#include "core/vsphere/session.h"
#include "core/vsphere/vm_lookup.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace vmrun::core {

// NamePasswordAuthentication; `interactive` asks for the logged-in desktop session.
struct GuestLogin {
  std::string user;
  std::string password;
  bool interactive = false;
};

// What a guest verb acts on: the VM as typed, the guest login, and how long to wait for Tools
// (and, for programs, for the exit code).
struct GuestTarget {
  std::string vmx;
  GuestLogin login;
  std::chrono::seconds timeout{300};
};

// The guest shell dialect: how arguments are quoted and how output is redirected.
enum class GuestFamily { posix, windows };

// GuestOperationsManager's sub-managers.
struct GuestManagers {
  MoRef process;
  MoRef file;
  MoRef auth;
};

// A powered-on VM whose Tools run, ready for guest calls.
struct GuestVm {
  Session* session = nullptr;
  VmHandle vm;
  MoRef host; // runtime.host: the ESXi host that serves guest file transfers
  GuestManagers managers;
  GuestLogin login;
  GuestFamily family = GuestFamily::posix;
  std::chrono::seconds timeout{300};
};

// Finds the VM (its power and Tools state read in the same round trip), refuses a VM that is not
// powered on ("The virtual machine is not powered on: <vmx>") or whose Tools are not installed
// (the Tools error at once: waiting cannot help), waits up to target.timeout for
// guest.toolsRunningStatus == guestToolsRunning and guest.guestOperationsReady (no round trip
// when they already are; "The operation timed out after N seconds" when they never are), then
// reads the guest managers (one RetrieveProperties).
GuestVm open_guest(Session& session, const GuestTarget& target);

// The family from guest.guestFamily (and guest.toolsInstallType: an MSI install is Windows even
// when the family is not reported, as govmomi does).
GuestFamily guest_family(std::string_view guest_family, std::string_view tools_install_type);

// Seconds since the epoch of an xsd:dateTime ("2024-01-02T03:04:05.123Z", "+01:00" offsets);
// 0 when `text` is empty or malformed.
std::int64_t epoch_seconds(std::string_view text);

// Starts a guest method request: <_this>, <vm>, and the <auth> element.
transport::XmlWriter guest_request(const GuestVm& guest, std::string_view method,
                                   const MoRef& manager);

} // namespace vmrun::core
