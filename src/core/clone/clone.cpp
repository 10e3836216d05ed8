// SPDX-License-Identifier: Apache-2.0

// clone: checks, then CloneVM_Task (vCenter) or the file way (clone_esx.cpp).
#include "core/clone/clone.h"

#include "core/clone/plan.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "core/vm/snapshot_tree.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/wait.h"
#include "util/text.h"

#include "util/terminal_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlWriter;

namespace {

constexpr const char* k_devices = "config.hardware.device";

Error invalid_destination(const std::string& dst, const std::string& why)
{
  return Error(vix::invalid_arg, vix_text(vix::invalid_arg), {},
               fmt::format("vmrun: cannot create the clone at {}: {}", util::one_line(dst), why));
}

// The vmx prefix of a controller type: scsi, ide, sata or nvme ("" for other devices).
std::string controller_prefix(const std::string& type)
{
  if (type == "VirtualIDEController") {
    return "ide";
  }
  if (type == "VirtualAHCIController") {
    return "sata";
  }
  if (type == "VirtualNVMEController") {
    return "nvme";
  }
  if (type.find("SCSI") != std::string::npos || type.find("LsiLogic") != std::string::npos ||
      type.find("BusLogic") != std::string::npos) {
    return "scsi";
  }
  return {};
}

// The virtual disks in an ArrayOfVirtualDevice, with their vmx device ids.
std::vector<CloneDisk> disks_of(const XmlNode& devices)
{
  std::map<int, std::string> controllers; // key -> "scsi0"
  for (const auto& device : devices.children()) {
    const std::string prefix = controller_prefix(device.xsi_type());
    if (!prefix.empty()) {
      controllers[std::stoi(device.child_text("key"))] = prefix + device.child_text("busNumber");
    }
  }
  std::vector<CloneDisk> disks;
  for (const auto& device : devices.children()) {
    if (device.xsi_type() != "VirtualDisk") {
      continue;
    }
    const XmlNode backing = device.child("backing");
    CloneDisk disk;
    disk.file = backing.child_text("fileName");
    disk.backing_type = backing.xsi_type();
    disk.disk_mode = backing.child_text("diskMode");
    disk.controller_key = std::stoi(device.child_text("controllerKey"));
    disk.unit = std::stoi(device.child_text("unitNumber"));
    disk.capacity_kb = std::stoll(device.child_text("capacityInKB"));
    disk.controller = controllers[disk.controller_key];
    disk.device_id = fmt::format("{}:{}", disk.controller, disk.unit);
    disks.push_back(std::move(disk));
  }
  return disks;
}

// The snapshot's own hardware (VirtualMachineSnapshot.config), as the vmx keys it sets: memory,
// CPUs, cores per socket, firmware. Devices other than disks are not mapped back to vmx keys.
constexpr std::array<std::pair<const char*, const char*>, 4> k_snapshot_hardware{{
  {"config.hardware.memoryMB", "memSize"},
  {"config.hardware.numCPU", "numvcpus"},
  {"config.hardware.numCoresPerSocket", "cpuid.coresPerSocket"},
  {"config.firmware", "firmware"},
}};

// The disks of the state cloned (the snapshot's, or the VM's current ones) and, for a snapshot,
// its hardware: one read.
void read_cloned_state(Session& session, ClonePlan& plan)
{
  if (plan.snapshot.empty()) {
    plan.disks = disks_of(plan.source.props.prop(k_devices));
    return;
  }
  std::vector<std::string> paths{k_devices};
  for (const auto& [path, key] : k_snapshot_hardware) {
    paths.emplace_back(path);
  }
  const ObjectContent snapshot = retrieve_object(session, plan.snapshot, paths);
  plan.disks = disks_of(snapshot.prop(k_devices));
  plan.hardware.clear();
  for (const auto& [path, key] : k_snapshot_hardware) {
    const std::string value = snapshot.text(path);
    if (!value.empty() && value != "0") {
      plan.hardware.push_back({key, vmx_escape(value)});
    }
  }
}

// The datastore named `name` in the datacenter, or an empty MoRef.
MoRef find_datastore(Session& session, const Datacenter& dc, const std::string& name)
{
  const FilterSpec spec{{{"Datastore", {"name"}}},
                        {dc.ref, true, {{"dcDatastores", "Datacenter", "datastore", {}}}}};
  for (const auto& ds : retrieve(session, spec)) {
    if (ds.text("name") == name) {
      return ds.obj;
    }
  }
  return {};
}

// Whether a VM is registered at exactly `path` in the datacenter.
bool registered_at(Session& session, const Datacenter& dc, const std::string& path)
{
  XmlWriter w("FindByDatastorePath", session.service().search_index);
  w.moref("datacenter", dc.ref).text("path", path);
  const MoRef ref = session.call(w).returnval().as_moref();
  return !ref.empty() &&
         retrieve_object(session, ref, {paths::vm_path}).text(paths::vm_path) == path;
}

// Takes the snapshot a linked clone without -snapshot is based on (VixVM_Clone: "a new snapshot
// will be created ... reflect[ing] the current state").
MoRef take_base_snapshot(Session& session, const ClonePlan& plan, seconds timeout)
{
  XmlWriter w("CreateSnapshot_Task", plan.source.ref);
  w.text("name", fmt::format("Linked clone {}", plan.dst))
    .text("description", "Created by vmrun clone as the base of the linked clone " + plan.dst)
    .boolean("memory", false)
    .boolean("quiesce", false);
  return run_task(session, w, timeout).ref;
}

void remove_snapshot(Session& session, const MoRef& snapshot, seconds timeout) noexcept
{
  try {
    const auto grace = session.cleanup();
    XmlWriter w("RemoveSnapshot_Task", snapshot);
    w.boolean("removeChildren", false);
    run_task(session, w, timeout);
  } catch (...) {
    // Best effort: the clone's own error is what the user needs to see.
  }
}

void destroy_clone(Session& session, const MoRef& clone, seconds timeout) noexcept
{
  try {
    const auto grace = session.cleanup();
    run_task(session, XmlWriter("Destroy_Task", clone), timeout);
  } catch (...) {
    // Best effort: the clone's own error is what the user needs to see.
  }
}

// The VM a clone task made although vmrun stopped waiting for it (a signal or the deadline came
// after the task had finished, too late to cancel it): it goes, so that nothing is left behind.
void destroy_made_clone(Session& session, const MoRef& task, seconds timeout) noexcept
{
  try {
    const auto grace = session.cleanup();
    const ObjectContent info = retrieve_object(session, task, {"info.state", "info.result"});
    const MoRef clone = info.prop("info.result").as_moref();
    if (info.text("info.state") == "success" && clone.type == "VirtualMachine") {
      destroy_clone(session, clone, timeout);
    }
  } catch (...) {
  }
}

// CloneVM_Task puts the clone at "[ds] <name>/<name>.vmx" (vSphere names the folder and files
// after the VM; the config's files.vmPathName does not move them), so it is called with DST's
// stem as the name, then the clone is renamed to the display name.
void clone_on_vcenter(Session& session, const ClonePlan& plan, seconds timeout,
                      const ProgressFn& progress)
{
  XmlWriter w("CloneVM_Task", plan.source.ref);
  w.moref("folder", plan.folder).text("name", plan.stem);
  w.open("spec").open("location").moref("datastore", plan.datastore);
  if (plan.linked) {
    w.text("diskMoveType", "createNewChildDiskBacking");
  }
  w.moref("pool", plan.pool);
  if (!plan.host.empty()) {
    w.moref("host", plan.host);
  }
  w.close().boolean("template", false);
  w.open("config").open("files").text("vmPathName", plan.dst).close().close();
  if (plan.customization.spec) {
    w.copy("customization", plan.customization.spec);
  }
  w.boolean("powerOn", false);
  if (!plan.snapshot.empty()) {
    w.moref("snapshot", plan.snapshot);
  }
  w.close();
  MoRef task;
  {
    // A signal now must not lose the reply that names the task.
    const transport::Deadline::Finish finish(session.http().deadline());
    task = session.call(w).returnval().as_moref();
  }
  MoRef clone;
  try {
    clone = wait_for_task(session, task, timeout, progress, plan.source.ref).ref;
  } catch (...) {
    destroy_made_clone(session, task, timeout);
    throw;
  }
  try {
    if (plan.name != plan.stem) {
      XmlWriter rename("Rename_Task", clone);
      rename.text("newName", plan.name);
      run_task(session, rename, timeout);
    }
    const std::string landed =
      retrieve_object(session, clone, {paths::vm_path}).text(paths::vm_path);
    if (landed != plan.dst) {
      throw Error(vix::fail,
                  fmt::format("The clone was created at {} instead of {}", landed, plan.dst));
    }
  } catch (...) {
    // Rollback: the clone is not where DST says, so it goes; the first error is the one shown.
    destroy_clone(session, clone, timeout);
    throw;
  }
}

ClonePlan make_plan(Session& session, const CloneRequest& request, const DatastorePath& dst)
{
  ClonePlan plan;
  plan.source = find_vm(session, request.source,
                        {paths::power_state, "parent", paths::resource_pool, paths::runtime_host,
                         "snapshot", k_devices, paths::is_template});
  plan.source_vmx = plan.source.props.text(paths::vm_path);
  plan.destination = dst;
  plan.dst = dst.server_form();
  const auto slash = dst.path.rfind('/');
  plan.directory = dst.path.substr(0, slash);
  plan.stem = dst.path.substr(slash + 1, dst.path.size() - slash - 1 - 4);
  plan.name = clone_display_name(request, dst);
  plan.linked = request.linked;
  return plan;
}

} // namespace

std::optional<DatastorePath> parse_clone_destination(const std::string& destination)
{
  auto parsed = parse_datastore_path(destination);
  if (!parsed) {
    return std::nullopt;
  }
  const std::string& path = parsed->path;
  const auto slash = path.rfind('/');
  if (path.front() == '/' || slash == std::string::npos || !util::iends_with(path, ".vmx") ||
      path.size() - slash - 1 <= 4) {
    return std::nullopt;
  }
  std::string_view rest = path;
  while (!rest.empty()) {
    const auto end = rest.find('/');
    const std::string_view part = rest.substr(0, end);
    if (part.empty() || part == "." || part == "..") {
      return std::nullopt;
    }
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return parsed;
}

std::string clone_display_name(const CloneRequest& request, const DatastorePath& destination)
{
  if (request.clone_name) {
    return *request.clone_name;
  }
  const auto slash = destination.path.rfind('/');
  const std::string file = destination.path.substr(slash == std::string::npos ? 0 : slash + 1);
  return file.substr(0, file.size() - 4);
}

void clone_vm(Session& session, const CloneRequest& request, seconds timeout,
              const ProgressFn& progress)
{
  with_vm_errors(request.source, [&] {
    const auto dst = parse_clone_destination(request.destination);
    if (!dst) {
      throw invalid_destination(request.destination,
                                "the destination must be \"[datastore] directory/name.vmx\"");
    }
    check_clone_options(session, request);
    ClonePlan plan = make_plan(session, request, *dst);
    // A template cannot take the snapshot a linked clone would otherwise be based on.
    if (request.linked && !request.snapshot && request.snapshot_ref.empty() &&
        plan.source.props.text(paths::is_template) == "true") {
      throw Error(vix::template_vm, "A linked clone of a template needs one of its snapshots: "
                                    "name it with -snapshot=NAME");
    }
    const std::string state = plan.source.props.text(paths::power_state);
    // VixVM_Clone: no full clone of a powered-on VM; no linked clone of a suspended one.
    if ((!request.linked && state == "poweredOn") || (request.linked && state == "suspended")) {
      throw vm_is_running();
    }
    const auto snapshots = flatten_snapshots(plan.source.props.prop("snapshot"));
    if (request.snapshot) {
      plan.snapshot = resolve_snapshot(snapshots, *request.snapshot).ref;
    } else if (!request.snapshot_ref.empty()) {
      if (std::none_of(snapshots.begin(), snapshots.end(),
                       [&](const SnapshotEntry& s) { return s.ref == request.snapshot_ref; })) {
        throw Error(vix::snapshot_notfound, vix_text(vix::snapshot_notfound));
      }
      plan.snapshot = request.snapshot_ref;
    }
    const Datacenter& dc = plan.source.datacenter;
    if (!dst->datacenter.empty() && dst->datacenter != dc.name) {
      throw invalid_destination(request.destination,
                                "the clone must be in the datacenter of " + request.source);
    }
    const ClonePlacement placement = place_clone(session, request, plan.source);
    plan.folder = placement.folder;
    plan.pool = placement.pool;
    plan.host = placement.host;
    if (request.customize) {
      plan.customization = find_customization(session, *request.customize);
    }
    plan.datastore = find_datastore(session, dc, dst->datastore);
    if (plan.datastore.empty()) {
      throw Error(vix::file_not_found, vix_text(vix::file_not_found), {},
                  fmt::format("vmrun: no datastore named {} in datacenter {}",
                              util::one_line(dst->datastore), dc.name));
    }
    if (registered_at(session, dc, plan.dst)) {
      throw Error(vix::vm_already_loaded, vix_text(vix::vm_already_loaded), {},
                  "vmrun: a virtual machine is already registered at " + plan.dst);
    }
    if (datastore_item_exists(session, dc, *dst)) {
      throw Error(vix::file_already_exists, vix_text(vix::file_already_exists), {},
                  "vmrun: " + plan.dst + " already exists");
    }
    const bool vcenter_places_it =
      session.is_vcenter() && plan.directory == plan.stem &&
      !datastore_item_exists(session, dc, DatastorePath{{}, dst->datastore, plan.directory + "/"});
    if (!vcenter_places_it) {
      // The file way needs the disks now, to check their target names are free.
      read_cloned_state(session, plan);
      for (const auto& target : clone_disk_targets(plan)) {
        if (datastore_item_exists(session, dc, target)) {
          throw Error(vix::file_already_exists, vix_text(vix::file_already_exists), {},
                      "vmrun: " + target.server_form() + " already exists");
        }
      }
    }
    // Every check passed: from here on things change.
    bool took_snapshot = false;
    if (request.linked && plan.snapshot.empty()) {
      plan.snapshot = take_base_snapshot(session, plan, timeout);
      took_snapshot = true;
    }
    try {
      if (took_snapshot && !vcenter_places_it) {
        // The new snapshot's disks are the files the VM used until now (on a real host the VM
        // moves on to new child disks).
        read_cloned_state(session, plan);
      }
      if (vcenter_places_it) {
        clone_on_vcenter(session, plan, timeout, progress);
      } else {
        clone_with_files(session, plan, timeout, progress);
      }
    } catch (...) {
      // Rollback of the base snapshot this run took; the error itself goes on unchanged.
      if (took_snapshot) {
        remove_snapshot(session, plan.snapshot, timeout);
      }
      throw;
    }
  });
}

} // namespace vmrun::core
