// SPDX-License-Identifier: Apache-2.0

#include "core/vm/inventory.h"

#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "core/vsphere/datastore_path.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

#include <algorithm>
#include <optional>

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlWriter;

namespace {

// One walk from the root folder to every VM: folders, datacenters' VM folders, vApps.
std::vector<Traversal> vm_walk()
{
  return {
    {"folderChildren", "Folder", "childEntity", {"folderChildren", "dcVms", "vappVms"}},
    {"dcVms", "Datacenter", "vmFolder", {"folderChildren"}},
    {"vappVms", "VirtualApp", "vm", {}},
  };
}

std::vector<std::string> vm_paths(Session& session, bool running_only)
{
  const FilterSpec spec{{{"VirtualMachine", {paths::vm_path, paths::power_state}}},
                        {session.service().root_folder, true, vm_walk()}};
  std::vector<std::string> vmx_paths;
  retrieve_each(session, spec, [&](const ObjectContent& vm) {
    std::string path = vm.text(paths::vm_path);
    // An inaccessible VM has no config; it has no vmx path to print.
    if (!path.empty() && (!running_only || vm.text(paths::power_state) == "poweredOn")) {
      vmx_paths.push_back(std::move(path));
    }
  });
  std::sort(vmx_paths.begin(), vmx_paths.end());
  return vmx_paths;
}

// Where RegisterVM_Task puts a VM: the VM folder of the datacenter holding the datastore, and
// the resource pool of a host that mounts the datastore (vCenter requires a pool).
struct Placement {
  MoRef folder;
  MoRef pool;
  MoRef host;
};

bool holds(const XmlNode& morefs, const MoRef& wanted)
{
  const auto items = morefs.children();
  return std::any_of(items.begin(), items.end(),
                     [&](const XmlNode& item) { return item.as_moref() == wanted; });
}

std::optional<Placement> place_on_datastore(Session& session, const DatastorePath& path)
{
  const FilterSpec spec{
    {{"Datacenter", {"name", "vmFolder", "datastore"}}, {"Datastore", {"name", "host"}}},
    {session.service().root_folder,
     true,
     {{"folderChildren", "Folder", "childEntity", {"folderChildren", "dcDatastores"}},
      {"dcDatastores", "Datacenter", "datastore", {}}}}};
  const auto objects = retrieve(session, spec);
  for (const auto& ds : objects) {
    if (ds.obj.type != "Datastore" || ds.text("name") != path.datastore) {
      continue;
    }
    for (const auto& dc : objects) {
      if (dc.obj.type != "Datacenter" || !holds(dc.prop("datastore"), ds.obj) ||
          (!path.datacenter.empty() && dc.text("name") != path.datacenter)) {
        continue;
      }
      Placement placement{dc.prop("vmFolder").as_moref(), {}, {}};
      if (const XmlNode mount = ds.prop("host").child("DatastoreHostMount")) {
        placement.host = mount.child("key").as_moref();
        placement.pool = resource_pool_of_host(session, placement.host);
      }
      return placement;
    }
  }
  return std::nullopt;
}

} // namespace

MoRef resource_pool_of_host(Session& session, const MoRef& host)
{
  const FilterSpec spec{{{"ComputeResource", {"resourcePool"}},
                         {"ClusterComputeResource", {"resourcePool"}}},
                        {host, true, {{"hostParent", "HostSystem", "parent", {}}}}};
  for (const auto& compute : retrieve(session, spec)) {
    if (const MoRef pool = compute.prop("resourcePool").as_moref(); !pool.empty()) {
      return pool;
    }
  }
  return {};
}

namespace {

// A cached session's root folder the server no longer knows (ManagedObjectNotFound): the
// ServiceContent is read again once, and kept, rather than failing until `logout`.
std::vector<std::string> listed(Session& session, bool running_only)
{
  try {
    return vm_paths(session, running_only);
  } catch (const transport::SoapFault& fault) {
    if (fault.type() != "ManagedObjectNotFound" || !session.reused()) {
      throw;
    }
  }
  session.refresh_service();
  return vm_paths(session, running_only);
}

} // namespace

// The listings name no VM: a fault maps as for an empty vmx.
std::vector<std::string> list_running_vms(Session& session)
{
  return with_vm_errors({}, [&] { return listed(session, true); });
}

std::vector<std::string> list_registered_vms(Session& session)
{
  return with_vm_errors({}, [&] { return listed(session, false); });
}

void register_vm(Session& session, const std::string& vmx, seconds timeout)
{
  const auto parsed = parse_datastore_path(vmx);
  if (!parsed) {
    throw vm_not_found(vmx);
  }
  with_vm_errors(vmx, [&] {
    const auto placement = place_on_datastore(session, *parsed);
    if (!placement) {
      throw Error(vix::file_not_found, vix_text(vix::file_not_found));
    }
    XmlWriter w("RegisterVM_Task", placement->folder);
    w.text("path", parsed->server_form()).boolean("asTemplate", false);
    if (!placement->pool.empty()) {
      w.moref("pool", placement->pool).moref("host", placement->host);
    }
    run_task(session, w, timeout);
  });
}

void unregister_vm(Session& session, const std::string& vmx)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx);
    session.call(XmlWriter("UnregisterVM", vm.ref));
  });
}

} // namespace vmrun::core
