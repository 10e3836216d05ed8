// SPDX-License-Identifier: Apache-2.0

// clone the ESXi way (CloneVM_Task is NotSupported on a standalone host; also used on vCenter
// when vCenter's own placement would not put the vmx at DST):
//   MakeDirectory -> full: CopyVirtualDisk_Task per disk -> CopyDatastoreFile_Task of the nvram
//   (when the source has one) -> PUT the rewritten vmx -> RegisterVM_Task -> linked:
//   ReconfigVM_Task adding, per disk, a new child disk (fileOperation=create, backing.parent =
//   the snapshot's disk) -> CustomizeVM_Task (-customize). The nvram holds an EFI VM's boot
//   entries: without it the clone would not find its boot loader.
// vim25 has no public VirtualDiskManager method for child disks (CreateChildDisk_Task is not in
// the WSDL); a disk added with fileOperation "create" and backing.parent set is the documented
// way to create a delta disk on a parent.
#include "core/clone/plan.h"

#include "core/clone/vmx_rewrite.h"
#include "core/errors/error.h"
#include "core/files/datastore_files.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/wait.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace vmrun::core {

using std::chrono::seconds;
using transport::SoapFault;
using transport::XmlWriter;

namespace {

// Refuses vmx files beyond this size (a vmx is a few KiB; this is a DoS guard).
constexpr std::size_t k_max_vmx = 4 * 1024 * 1024;

struct ItemExists {};

std::string base_name(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string download_text(Session& session, const Datacenter& datacenter, const DatastorePath& file)
{
  std::string text;
  download_datastore_file(session, datacenter, file, [&](std::string_view chunk) {
    if (text.size() + chunk.size() > k_max_vmx) {
      throw Error(vix::fail, "The virtual machine's configuration file is too large");
    }
    text.append(chunk);
  });
  return text;
}

void upload_text(Session& session, const Datacenter& datacenter, const DatastorePath& file,
                 const std::string& text)
{
  upload_datastore_file(session, datacenter, file, transport::memory_body(text));
}

// Undoes what the file way made, newest first; never throws.
class Undo
{
public:
  Undo(Session& session, const Datacenter& dc, seconds timeout)
    : m_session(session), m_dc(dc), m_timeout(timeout)
  {
  }
  ~Undo()
  {
    if (m_done) {
      return;
    }
    const auto grace = m_session.cleanup();
    try {
      if (!m_vm.empty()) {
        m_session.call(XmlWriter("UnregisterVM", m_vm));
      }
    } catch (...) {
    }
    for (auto it = m_files.rbegin(); it != m_files.rend(); ++it) {
      try {
        XmlWriter w(it->second ? "DeleteVirtualDisk_Task" : "DeleteDatastoreFile_Task",
                    it->second ? m_session.service().virtual_disk_manager
                               : m_session.service().file_manager);
        w.text("name", it->first).moref("datacenter", m_dc.ref);
        run_task(m_session, w, m_timeout);
      } catch (...) {
      }
    }
  }
  Undo(const Undo&) = delete;
  Undo& operator=(const Undo&) = delete;

  void file(const std::string& path, bool disk) { m_files.emplace_back(path, disk); }
  void registered(const MoRef& vm) { m_vm = vm; }
  void keep() { m_done = true; }

private:
  Session& m_session;
  const Datacenter& m_dc;
  seconds m_timeout;
  std::vector<std::pair<std::string, bool>> m_files; // datastore path, is a virtual disk
  MoRef m_vm;
  bool m_done = false;
};

// Feeds task n of `count` into one 0-100 progress.
ProgressFn step_progress(const ProgressFn& progress, std::size_t n, std::size_t count)
{
  if (!progress) {
    return {};
  }
  return [progress, n, count](std::uint64_t done, std::uint64_t total) {
    const std::uint64_t part = total == 0 ? 0 : done * 100 / total;
    progress((n * 100 + part) / count, 100);
  };
}

// The clone's controller keys by vmx controller name ("scsi0" -> 1000).
std::map<std::string, int> controllers_of(Session& session, const MoRef& vm)
{
  std::map<std::string, int> keys;
  // The node lives in the reply that `content` owns: keep it alive while reading.
  const ObjectContent content = retrieve_object(session, vm, {"config.hardware.device"});
  for (const auto& device : content.prop("config.hardware.device").children()) {
    const std::string type = device.xsi_type();
    std::string prefix;
    if (type == "VirtualIDEController") {
      prefix = "ide";
    } else if (type == "VirtualAHCIController") {
      prefix = "sata";
    } else if (type == "VirtualNVMEController") {
      prefix = "nvme";
    } else if (type.find("SCSI") != std::string::npos ||
               type.find("LsiLogic") != std::string::npos ||
               type.find("BusLogic") != std::string::npos) {
      prefix = "scsi";
    }
    int key = 0;
    const std::string text = device.child_text("key");
    if (!prefix.empty() &&
        std::from_chars(text.data(), text.data() + text.size(), key).ec == std::errc()) {
      keys[prefix + device.child_text("busNumber")] = key;
    }
  }
  return keys;
}

// ReconfigVM_Task adding one child disk per source disk on the snapshot's disk.
void add_child_disks(Session& session, const ClonePlan& plan, const MoRef& clone,
                     const std::vector<DatastorePath>& targets, seconds timeout,
                     const ProgressFn& progress)
{
  const auto controllers = controllers_of(session, clone);
  XmlWriter w("ReconfigVM_Task", clone);
  w.open("spec");
  for (std::size_t i = 0; i < plan.disks.size(); ++i) {
    const CloneDisk& disk = plan.disks[i];
    const auto controller = controllers.find(disk.controller);
    const int controller_key = controller == controllers.end() ? disk.controller_key
                                                               : controller->second;
    const std::string type = disk.backing_type.empty() ? "VirtualDiskFlatVer2BackingInfo"
                                                       : disk.backing_type;
    const std::string mode = disk.disk_mode.empty() ? "persistent" : disk.disk_mode;
    w.open("deviceChange").text("operation", "add").text("fileOperation", "create");
    w.open("device", "VirtualDisk").integer("key", -100 - static_cast<int>(i));
    w.open("backing", type).text("fileName", targets[i].server_form()).text("diskMode", mode);
    w.open("parent").text("fileName", disk.file).text("diskMode", mode).close();
    w.close(); // backing
    w.integer("controllerKey", controller_key).integer("unitNumber", disk.unit);
    w.integer("capacityInKB", disk.capacity_kb);
    w.close().close(); // device, deviceChange
  }
  w.close();
  run_task(session, w, timeout, progress);
}

// The outermost directory on the way to DST's that does not exist ("a" of "a/b" when "a" is
// missing, "a/b" when only "b" is), or "" when DST's directory exists. One GET per level, from
// the top, until one is missing.
std::string first_missing_directory(Session& session, const ClonePlan& plan)
{
  const std::string& directory = plan.directory;
  for (std::size_t start = 0;;) {
    const auto slash = directory.find('/', start);
    const std::string prefix = directory.substr(0, slash);
    if (!datastore_item_exists(session, plan.source.datacenter,
                               DatastorePath{{}, plan.destination.datastore, prefix + "/"})) {
      return prefix;
    }
    if (slash == std::string::npos) {
      return {};
    }
    start = slash + 1;
  }
}

// Copies the source's nvram next to the clone's vmx as "<stem>.nvram" (the name rewrite_vmx
// gives it). A source that never booted has none: the copy then fails with FileNotFound, which is
// not an error (asking first would cost a round trip on every clone to save one on a rare one).
void copy_nvram(Session& session, const ClonePlan& plan, const DatastorePath& source_vmx,
                const std::string& vmx_text, Undo& undo, seconds timeout)
{
  const auto slash = source_vmx.path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : source_vmx.path.substr(0, slash + 1);
  std::string stem = source_vmx.path.substr(dir.size());
  stem = stem.substr(0, stem.rfind('.'));
  const auto file = vmx_nvram_file(vmx_text, stem);
  if (!file) {
    return;
  }
  const Datacenter& dc = plan.source.datacenter;
  const DatastorePath source{{}, source_vmx.datastore, dir + *file};
  const DatastorePath target{{},
                             plan.destination.datastore,
                             plan.directory + "/" + plan.stem + ".nvram"};
  XmlWriter copy("CopyDatastoreFile_Task", session.service().file_manager);
  copy.text("sourceName", source.server_form())
    .moref("sourceDatacenter", dc.ref)
    .text("destinationName", target.server_form())
    .moref("destinationDatacenter", dc.ref)
    .boolean("force", false);
  try {
    run_task(session, copy, timeout);
  } catch (const SoapFault& fault) {
    if (fault.type() == "FileNotFound") {
      return; // nothing was made
    }
    throw;
  }
  undo.file(target.server_form(), false);
}

} // namespace

bool datastore_item_exists(Session& session, const Datacenter& datacenter,
                           const DatastorePath& item)
{
  try {
    // The first bytes are enough: a disk's descriptor is small, but never read more.
    download_datastore_file(session, datacenter, item,
                            [](std::string_view) { throw ItemExists{}; });
    return true;
  } catch (const ItemExists&) {
    return true;
  } catch (const Error& e) {
    // A probe: "not found" is the answer no, anything else a real error.
    if (e.code() == vix::file_not_found) {
      return false;
    }
    throw;
  }
}

std::vector<DatastorePath> clone_disk_targets(const ClonePlan& plan)
{
  std::vector<DatastorePath> targets;
  for (std::size_t i = 0; i < plan.disks.size(); ++i) {
    const std::string file = i == 0 ? plan.stem + ".vmdk" : fmt::format("{}_{}.vmdk", plan.stem, i);
    targets.push_back(DatastorePath{{}, plan.destination.datastore, plan.directory + "/" + file});
  }
  return targets;
}

void clone_with_files(Session& session, const ClonePlan& plan, seconds timeout,
                      const ProgressFn& progress)
{
  const Datacenter& dc = plan.source.datacenter;
  const auto source_vmx = parse_datastore_path(plan.source_vmx);
  if (!source_vmx) {
    throw Error(vix::fail, "The source virtual machine has no configuration file path");
  }
  const auto targets = clone_disk_targets(plan);
  const std::string vmx_text = download_text(session, dc, *source_vmx);

  Undo undo(session, dc, timeout);
  // Only directories this run made are removed on failure (MakeDirectory with parents does not
  // say which existed): the outermost one it makes goes, with everything in it.
  if (const auto made = first_missing_directory(session, plan); !made.empty()) {
    XmlWriter mkdir("MakeDirectory", session.service().file_manager);
    mkdir.text("name", DatastorePath{{}, plan.destination.datastore, plan.directory}.server_form())
      .moref("datacenter", dc.ref)
      .boolean("createParentDirectories", true);
    session.call(mkdir);
    undo.file(DatastorePath{{}, plan.destination.datastore, made}.server_form(), false);
  }

  const std::size_t steps = plan.linked ? 1 : std::max<std::size_t>(plan.disks.size(), 1);
  VmxRewrite rewrite{plan.name, plan.stem, {}, {}, plan.hardware};
  for (std::size_t i = 0; i < plan.disks.size(); ++i) {
    if (plan.linked) {
      rewrite.drop_devices.insert(plan.disks[i].device_id);
      continue;
    }
    XmlWriter copy("CopyVirtualDisk_Task", session.service().virtual_disk_manager);
    copy.text("sourceName", plan.disks[i].file)
      .moref("sourceDatacenter", dc.ref)
      .text("destName", targets[i].server_form())
      .moref("destDatacenter", dc.ref);
    run_task(session, copy, timeout, step_progress(progress, i, steps));
    undo.file(targets[i].server_form(), true);
    rewrite.disk_files[plan.disks[i].device_id] = base_name(targets[i].path);
  }

  copy_nvram(session, plan, *source_vmx, vmx_text, undo, timeout);
  upload_text(session, dc, plan.destination, rewrite_vmx(vmx_text, rewrite));
  undo.file(plan.dst, false);

  XmlWriter reg("RegisterVM_Task", plan.folder);
  reg.text("path", plan.dst).text("name", plan.name).boolean("asTemplate", false);
  reg.moref("pool", plan.pool);
  if (!plan.host.empty()) {
    reg.moref("host", plan.host);
  }
  const MoRef clone = run_task(session, reg, timeout).ref;
  undo.registered(clone);

  if (plan.linked && !plan.disks.empty()) {
    // The child disks' names were checked free: whatever of them a failed reconfiguration left
    // behind is the clone's.
    for (const auto& target : targets) {
      undo.file(target.server_form(), true);
    }
    add_child_disks(session, plan, clone, targets, timeout, step_progress(progress, 0, 1));
  }
  if (plan.customization.spec) {
    // What CloneVM_Task's spec.customization does, once the clone is registered.
    XmlWriter customize("CustomizeVM_Task", clone);
    customize.copy("spec", plan.customization.spec);
    run_task(session, customize, timeout);
  }
  undo.keep();
}

} // namespace vmrun::core
