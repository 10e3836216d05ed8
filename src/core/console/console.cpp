// SPDX-License-Identifier: Apache-2.0

#include "core/console/console.h"

#include "core/errors/faults.h"
#include "core/files/datastore_files.h"
#include "core/files/host_file.h"
#include "core/vsphere/datastore_path.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>

namespace vmrun::core {

using transport::XmlWriter;

namespace {

// The VM, which must be powered on (a suspended VM has no screen and takes no keys either).
VmHandle find_powered_on(Session& session, const std::string& vmx)
{
  VmHandle vm = find_vm_not_template(session, vmx, {paths::power_state});
  if (vm.props.text(paths::power_state) != "poweredOn") {
    throw vm_not_running(vmx);
  }
  return vm;
}

// Removes the host's copy of the screenshot. Best effort: the PNG is already on our side, and a
// leftover file next to the VM is not worth failing the command for.
void delete_screenshot(Session& session, const VmHandle& vm, const std::string& path) noexcept
{
  try {
    const auto grace = session.cleanup();
    const MoRef& manager = session.service().file_manager;
    if (manager.empty()) {
      return;
    }
    XmlWriter w("DeleteDatastoreFile_Task", manager);
    w.text("name", path).moref("datacenter", vm.datacenter.ref);
    session.call(w);
  } catch (...) {
  }
}

// CreateScreenshot_Task on the powered-on `vm`, then the PNG the host saved, chunk by chunk
// into `sink`; the host's copy is deleted whatever happens.
void take_screenshot(Session& session, const VmHandle& vm, std::chrono::seconds timeout,
                     const std::function<void(std::string_view)>& sink)
{
  const TaskResult shot = run_task(session, XmlWriter("CreateScreenshot_Task", vm.ref), timeout);
  const auto png = parse_datastore_path(shot.text);
  if (!png) {
    throw Error(vix::fail, fmt::format("The server saved the screenshot at an unexpected path: {}",
                                       shot.text));
  }
  try {
    check_interrupted(); // a signal during the task: nothing to download
    download_datastore_file(session, vm.datacenter, *png, sink);
  } catch (...) {
    // Cleanup of the host's copy whatever went wrong; the error goes on unchanged.
    delete_screenshot(session, vm, shot.text);
    throw;
  }
  delete_screenshot(session, vm, shot.text);
}

// Keys per PutUsbScanCodes call: one call per key costs a round trip per character, and the
// count the host returns says how many it injected, so a short batch is resent from there.
constexpr std::size_t k_keys_per_call = 50;

} // namespace

void write_key_event(XmlWriter& w, const KeyStroke& key)
{
  w.open("keyEvents").integer("usbHidCode", usb_hid_code(key.usage)).open("modifiers");
  w.boolean("leftControl", false).boolean("leftShift", key.shift).boolean("leftAlt", false);
  w.boolean("leftGui", false).boolean("rightControl", false).boolean("rightShift", false);
  w.boolean("rightAlt", false).boolean("rightGui", false);
  w.close().close();
}

void capture_screen(Session& session, const std::string& vmx,
                    const std::filesystem::path& host_path, std::chrono::seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_powered_on(session, vmx);
    // Opened before the host is asked for anything: an unwritable destination fails first.
    AtomicFileWriter file(host_path);
    take_screenshot(session, vm, timeout, [&](std::string_view chunk) { file.write(chunk); });
    file.commit();
  });
}

std::string capture_screen_png(Session& session, const std::string& vmx,
                               std::chrono::seconds timeout)
{
  std::string png;
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_powered_on(session, vmx);
    take_screenshot(session, vm, timeout, [&](std::string_view chunk) { png.append(chunk); });
  });
  return png;
}

void type_keystrokes(Session& session, const std::string& vmx, const std::vector<KeyStroke>& keys)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_powered_on(session, vmx);
    std::size_t typed = 0;
    while (typed < keys.size()) {
      const std::size_t batch = std::min(k_keys_per_call, keys.size() - typed);
      XmlWriter w("PutUsbScanCodes", vm.ref);
      w.open("spec");
      for (std::size_t i = typed; i < typed + batch; ++i) {
        write_key_event(w, keys[i]);
      }
      w.close();
      const std::string count = session.call(w).returnval().text();
      std::size_t accepted = 0;
      std::from_chars(count.data(), count.data() + count.size(), accepted);
      // The host injects a prefix of the batch; the rest goes again in the next call.
      if (accepted == 0 || accepted > batch) {
        throw Error(vix::fail, fmt::format("The virtual machine accepted only {} of {} keystrokes",
                                           typed, keys.size()));
      }
      typed += accepted;
    }
  });
}

} // namespace vmrun::core
