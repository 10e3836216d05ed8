// SPDX-License-Identifier: Apache-2.0

#pragma once

// Internal to clone.cpp and clone_esx.cpp: what the checks found, for the step that copies.

#include "core/clone/clone.h"
#include "core/clone/placement.h"
#include "core/clone/vmx_rewrite.h"
#include "core/vsphere/vm_lookup.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vmrun::core {

// One virtual disk of the state being cloned (the snapshot's, or the VM's current one).
struct CloneDisk {
  std::string file;         // "[ds] dir/disk.vmdk"
  std::string backing_type; // xsi:type of the backing, e.g. VirtualDiskFlatVer2BackingInfo
  std::string disk_mode;    // persistent, ...
  int controller_key = 0;
  int unit = 0;
  std::int64_t capacity_kb = 0;
  std::string device_id;  // "scsi0:0": the vmx keys of this disk
  std::string controller; // "scsi0": the controller, matched on the clone by this name
};

struct ClonePlan {
  VmHandle source;
  std::string source_vmx;    // the source's config.files.vmPathName
  DatastorePath destination; // DST parsed
  std::string dst;           // "[ds] dir/name.vmx" (server form)
  std::string directory;     // "dir" (may hold "/")
  std::string stem;          // "name"
  std::string name;          // the clone's display name
  bool linked = false;
  MoRef datastore;
  MoRef folder;
  MoRef pool;
  MoRef host;
  MoRef snapshot;                  // the snapshot cloned from; empty: the current state
  CustomizationSpec customization; // -customize; spec empty: none
  std::vector<CloneDisk> disks;
  // The snapshot's hardware as vmx settings (memSize, numvcpus, ...), for the file way's vmx;
  // empty when cloning the current state.
  std::vector<VmxEntry> hardware;
};

// Whether a datastore file or, with a trailing "/", a directory exists (HTTP GET; 404: no).
bool datastore_item_exists(Session& session, const Datacenter& datacenter,
                           const DatastorePath& item);

// The ESXi way: copy or create child disks, write the vmx, register, attach child disks,
// customize. On failure it removes what it made, then rethrows.
void clone_with_files(Session& session, const ClonePlan& plan, std::chrono::seconds timeout,
                      const ProgressFn& progress);

// The disk file names the clone gets: "<dir>/<stem>.vmdk", "<dir>/<stem>_1.vmdk", ...
std::vector<DatastorePath> clone_disk_targets(const ClonePlan& plan);

} // namespace vmrun::core
