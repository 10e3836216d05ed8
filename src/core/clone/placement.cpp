// SPDX-License-Identifier: Apache-2.0

// Clone placement on vCenter (-folder, -pool, -host) and customization specifications
// (-customize): inventory paths through SearchIndex.FindByInventoryPath, names through one walk
// of the datacenter, a compute resource's root pool through one read from its host.
#include "core/clone/placement.h"

#include "core/errors/error.h"
#include "core/vm/inventory.h"
#include "core/vsphere/property_paths.h"

#include <fmt/format.h>

#include <algorithm>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;

namespace {

// What a placement option names: its label in messages, the type walked for, the types accepted.
struct Kind {
  const char* label;
  const char* type;
  std::vector<std::string> accepted;
};

const Kind k_folder{"folder", "Folder", {"Folder"}};
const Kind k_pool{"resource pool", "ResourcePool", {"ResourcePool", "VirtualApp"}};
const Kind k_host{"host", "HostSystem", {"HostSystem"}};

Error not_found(const Kind& kind, const std::string& what)
{
  return Error(vix::invalid_arg, fmt::format("Cannot find {}: {}", kind.label, what));
}

// An inventory path ("/DC0/vm/ci", the leading "/" optional for vSphere, trailing ones ignored).
MoRef find_by_path(Session& session, const Kind& kind, const std::string& path)
{
  const auto start = path.find_first_not_of('/');
  if (start == std::string::npos) {
    throw not_found(kind, path);
  }
  std::string inventory = path.substr(start);
  inventory.erase(inventory.find_last_not_of('/') + 1);
  XmlWriter w("FindByInventoryPath", session.service().search_index);
  w.text("inventoryPath", inventory);
  const MoRef ref = session.call(w).returnval().as_moref();
  if (ref.empty() ||
      std::find(kind.accepted.begin(), kind.accepted.end(), ref.type) == kind.accepted.end()) {
    throw not_found(kind, path);
  }
  return ref;
}

// The traversal from a datacenter to every object of the kind: VM folders under vmFolder; hosts
// and resource pools (nested, vApps included) under hostFolder's compute resources.
ObjectSpec walk_from(const Datacenter& dc, const Kind& kind)
{
  if (&kind == &k_folder) {
    return {dc.ref,
            true,
            {{"dcVms", "Datacenter", "vmFolder", {"children"}},
             {"children", "Folder", "childEntity", {"children"}}}};
  }
  return {dc.ref,
          true,
          {{"dcHosts", "Datacenter", "hostFolder", {"children"}},
           {"children", "Folder", "childEntity", {"children", "pools", "hosts"}},
           {"pools", "ComputeResource", "resourcePool", {"subpools"}},
           {"subpools", "ResourcePool", "resourcePool", {"subpools"}},
           {"hosts", "ComputeResource", "host", {}}}};
}

// A name that must be unique among the datacenter's objects of the kind (one round trip).
MoRef find_by_name(Session& session, const Datacenter& dc, const Kind& kind,
                   const std::string& name)
{
  const FilterSpec spec{{{kind.type, {"name"}}}, walk_from(dc, kind)};
  MoRef found;
  for (const auto& object : retrieve(session, spec)) {
    if (object.text("name") != name) {
      continue;
    }
    if (!found.empty() && found != object.obj) {
      throw Error(vix::invalid_arg,
                  fmt::format("More than one {} has this name, give its inventory path: {}",
                              kind.label, name));
    }
    found = object.obj;
  }
  if (found.empty()) {
    throw not_found(kind, name);
  }
  return found;
}

MoRef resolve(Session& session, const Datacenter& dc, const Kind& kind, const std::string& what)
{
  return what.starts_with('/') ? find_by_path(session, kind, what)
                               : find_by_name(session, dc, kind, what);
}

// The root resource pool of the host's compute resource (where vCenter puts a template's clones).
MoRef root_pool_of(Session& session, const MoRef& host)
{
  const MoRef pool = resource_pool_of_host(session, host);
  if (pool.empty()) {
    throw Error(vix::fail, "The host of the virtual machine has no resource pool");
  }
  return pool;
}

} // namespace

void check_clone_options(const Session& session, const CloneRequest& request)
{
  if (session.is_vcenter()) {
    return;
  }
  const std::pair<const char*, const std::optional<std::string>*> options[] = {
    {"-pool", &request.pool},
    {"-host", &request.host},
    {"-folder", &request.folder},
    {"-customize", &request.customize},
  };
  for (const auto& [flag, value] : options) {
    if (value->has_value()) {
      throw Error(vix::not_supported,
                  fmt::format("The clone option {} needs vCenter Server", flag));
    }
  }
}

ClonePlacement place_clone(Session& session, const CloneRequest& request, const VmHandle& source)
{
  const Datacenter& dc = source.datacenter;
  ClonePlacement placement;
  if (request.folder) {
    placement.folder = resolve(session, dc, k_folder, *request.folder);
  } else {
    placement.folder = source.props.prop("parent").as_moref();
    if (placement.folder.type != "Folder") {
      placement.folder = dc.vm_folder; // a vApp's VM: the datacenter's VM folder
    }
  }
  if (request.host) {
    placement.host = resolve(session, dc, k_host, *request.host);
  }
  if (request.pool) {
    placement.pool = resolve(session, dc, k_pool, *request.pool);
  } else if (!placement.host.empty()) {
    placement.pool = root_pool_of(session, placement.host);
  } else {
    placement.host = source.props.prop(paths::runtime_host).as_moref();
    placement.pool = source.props.prop(paths::resource_pool).as_moref();
    if (placement.pool.empty()) { // a template: where vCenter itself puts its clones
      placement.pool = root_pool_of(session, placement.host);
    }
  }
  return placement;
}

CustomizationSpec find_customization(Session& session, const std::string& name)
{
  // The manager's reference is read only here, so session caches need not carry it.
  const MoRef instance{"ServiceInstance", "ServiceInstance"};
  const MoRef manager = session.call(XmlWriter("RetrieveServiceContent", instance))
                          .returnval()
                          .child("customizationSpecManager")
                          .as_moref();
  if (manager.empty()) {
    throw Error(vix::not_supported, "The clone option -customize needs vCenter Server");
  }
  XmlWriter w("GetCustomizationSpec", manager);
  w.text("name", name);
  try {
    auto reply = std::make_shared<const transport::SoapResponse>(session.call(w));
    const transport::XmlNode spec = reply->returnval().child("spec");
    return {std::move(reply), spec};
  } catch (const SoapFault& fault) {
    if (fault.type() == "NotFound") {
      throw Error(vix::invalid_arg, "Cannot find customization specification: " + name);
    }
    throw;
  }
}

} // namespace vmrun::core
