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
  const auto dc = std::find_if(dcs.begin(), dcs.end(), [&](const Datacenter& d) {
    return d.ref == known.datacenter && (dc_name.empty() || d.name == dc_name);
  });
  if (dc == dcs.end()) {
    return std::nullopt;
  }
  try {
    ObjectContent content = retrieve_object(session, known.ref, read);
    if (content.text(paths::vm_path) != known.path) {
      return std::nullopt;
    }
    return VmHandle{known.ref, vmx, *dc, std::move(content)};
  } catch (const SoapFault& f) {
    if (f.type() == "ManagedObjectNotFound") {
      return std::nullopt;
    }
    throw;
  }
}

} // namespace

std::vector<Datacenter> list_datacenters(Session& session)
{
  const FilterSpec spec{{{"Datacenter", {"name", "vmFolder"}}},
                        {session.service().root_folder, true, {folder_children()}}};
  std::vector<Datacenter> result;
  for (const auto& object : retrieve(session, spec)) {
    result.push_back({object.obj, object.text("name"), object.prop("vmFolder").as_moref()});
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
    for (const auto& dc : session.datacenters(refresh)) {
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

} // namespace vmrun::core
