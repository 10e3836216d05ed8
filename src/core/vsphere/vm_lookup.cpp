// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/vm_lookup.h"

#include "core/errors/faults.h"
#include "core/vsphere/datastore_path.h"
#include "core/vsphere/property_paths.h"

#include <algorithm>
#include <optional>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;

namespace {

// Folder.childEntity, recursively: reaches datacenters nested in folders.
Traversal folder_children()
{
  return {"folderChildren", "Folder", "childEntity", {"folderChildren"}};
}

// Asks one datacenter's SearchIndex for the path; an unknown datastore there is "not here".
MoRef find_in_datacenter(Session& session, const Datacenter& dc, const std::string& path)
{
  XmlWriter w("FindByDatastorePath", session.service().search_index);
  w.moref("datacenter", dc.ref).text("path", path);
  try {
    return session.call(w).returnval().as_moref();
  } catch (const SoapFault& f) {
    // ManagedObjectNotFound: a cached datacenter that is gone; find_vm lists them again.
    if (f.type() == "InvalidDatastore" || f.type() == "InvalidDatastorePath" ||
        f.type() == "ManagedObjectNotFound") {
      return {};
    }
    throw;
  }
}

// The VM the session found at `wanted` before, read with the exact-path check; nullopt when
// it is gone, has moved, or is not in the datacenter `vmx` names (then it is looked up anew).
std::optional<VmHandle> find_known(Session& session, const KnownVm& known, const std::string& vmx,
                                   const std::string& dc_name, const std::vector<std::string>& read)
{
  const auto& dcs = session.datacenters();
  const auto found = std::find_if(dcs.begin(), dcs.end(), [&](const Datacenter& d) {
    return d.ref == known.datacenter && (dc_name.empty() || d.name == dc_name);
  });
  if (found == dcs.end()) {
    return std::nullopt;
  }
  // A copy: the call below may log in afresh, which replaces the session's datacenters.
  const Datacenter dc = *found;
  try {
    ObjectContent content = retrieve_object(session, known.ref, read);
    if (content.text(paths::vm_path) != known.path) {
      return std::nullopt;
    }
    return VmHandle{known.ref, vmx, dc, std::move(content)};
  } catch (const SoapFault& f) {
    if (f.type() == "ManagedObjectNotFound") {
      return std::nullopt;
    }
    throw;
  }
}

} // namespace

std::string inventory_path(const std::string& name, MoRef parent, const MoRef& root,
                           const std::map<MoRef, std::pair<std::string, MoRef>>& folders)
{
  std::string path = name;
  // Bounded by the number of folders: a reply whose parents loop cannot loop us.
  for (std::size_t hops = 0; parent != root && hops <= folders.size(); ++hops) {
    const auto folder = folders.find(parent);
    if (folder == folders.end()) {
      break; // above what we were shown: the path from there is all we know
    }
    path = folder->second.first + "/" + path;
    parent = folder->second.second;
  }
  return path;
}

std::vector<Datacenter> list_datacenters(Session& session)
{
  // The folders on the way are read in the same round trip, for the datacenters' paths.
  const FilterSpec spec{{{"Datacenter", {"name", "vmFolder", "parent"}},
                         {"Folder", {"name", "parent"}}},
                        {session.service().root_folder, true, {folder_children()}}};
  std::vector<Datacenter> result;
  std::map<MoRef, std::pair<std::string, MoRef>> folders; // folder -> name, parent
  std::vector<MoRef> parents;
  for (const auto& object : retrieve(session, spec)) {
    if (object.obj.type == "Folder") {
      folders[object.obj] = {object.text("name"), object.prop("parent").as_moref()};
    } else if (object.obj.type == "Datacenter") {
      result.push_back({object.obj, object.text("name"), object.prop("vmFolder").as_moref(), {}});
      parents.push_back(object.prop("parent").as_moref());
    }
  }
  for (std::size_t i = 0; i < result.size(); ++i) {
    result[i].path = inventory_path(result[i].name, parents[i], session.service().root_folder,
                                    folders);
  }
  return result;
}

VmHandle find_vm(Session& session, const std::string& vmx, const std::vector<std::string>& props)
{
  const auto parsed = parse_datastore_path(vmx);
  if (!parsed) {
    throw vm_not_found(vmx);
  }
  const std::string wanted = parsed->server_form();
  std::vector<std::string> read{paths::vm_path};
  read.insert(read.end(), props.begin(), props.end());
  // A VM this session found before is read directly: one round trip instead of two.
  if (const auto known = session.known_vm(wanted)) {
    if (auto found = find_known(session, *known, vmx, parsed->datacenter, read)) {
      return std::move(*found);
    }
    session.remember_vm({wanted, {}, {}}); // forgotten
  }
  // Datacenters from a cached session may be out of date: one fresh listing before "not found".
  for (bool refresh = false;; refresh = true) {
    // A copy: a call below may log in afresh, which replaces the session's datacenters.
    const std::vector<Datacenter> datacenters = session.datacenters(refresh);
    for (const auto& dc : datacenters) {
      if (!parsed->datacenter.empty() && dc.name != parsed->datacenter) {
        continue;
      }
      const MoRef ref = find_in_datacenter(session, dc, wanted);
      if (ref.empty()) {
        continue;
      }
      ObjectContent content = retrieve_object(session, ref, read);
      // The server may match paths case-insensitively; vmrun must not (VIX 1.7 known issue).
      if (content.text(paths::vm_path) != wanted) {
        continue;
      }
      session.remember_vm({wanted, ref, dc.ref});
      return VmHandle{ref, vmx, dc, std::move(content)};
    }
    if (refresh || !session.datacenters_cached()) {
      throw vm_not_found(vmx);
    }
  }
}

VmHandle find_vm_not_template(Session& session, const std::string& vmx,
                              std::vector<std::string> props)
{
  props.emplace_back(paths::is_template);
  VmHandle vm = find_vm(session, vmx, props);
  if (vm.props.text(paths::is_template) == "true") {
    throw template_vm();
  }
  return vm;
}

} // namespace vmrun::core
