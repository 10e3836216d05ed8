// SPDX-License-Identifier: Apache-2.0

#include "core/console/devices.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"

#include <fmt/format.h>

namespace vmrun::core {

using transport::XmlNode;
using transport::XmlWriter;

namespace {

constexpr const char* k_devices = "config.hardware.device";

bool is_true(const std::string& text)
{
  return text == "true" || text == "1";
}

// XML Schema's built-in types start with a lower-case letter (string, int, boolean...), vim25's
// with an upper-case one: that tells "xsd:int" from a vim25 type in a copied xsi:type.
bool is_xsd_builtin(const std::string& type)
{
  return !type.empty() && type.front() >= 'a' && type.front() <= 'z';
}

// Copies one element (and its subtree) of a server reply into the request, under `name`, keeping
// xsi:type (re-prefixed with our own xsi), MoRef `type` attributes and the element order.
void copy_element(XmlWriter& w, const XmlNode& node, std::string_view name)
{
  const std::string type = node.xsi_type();
  const auto kids = node.children();
  if (kids.empty()) {
    if (type.empty() && !node.attr("type").empty()) {
      w.moref(name, node.as_moref());
    } else if (type.empty()) {
      w.text(name, node.text());
    } else if (is_xsd_builtin(type)) {
      w.typed_text(name, "xsd:" + type, node.text());
    } else if (!node.text().empty()) {
      w.typed_text(name, type, node.text()); // an enum value carrying its type
    } else {
      w.open(name, type).close(); // a data object whose fields are all unset
    }
    return;
  }
  w.open(name, type);
  for (const XmlNode& kid : kids) {
    copy_element(w, kid, kid.name());
  }
  w.close();
}

std::string quoted_labels(const std::vector<DeviceInfo>& devices)
{
  std::string out;
  for (const DeviceInfo& d : devices) {
    if (!d.connectable) {
      continue;
    }
    out += out.empty() ? "" : ", ";
    out += '"' + d.label + '"';
  }
  return out.empty() ? "none" : out;
}

Error invalid_label(std::string why, const std::vector<DeviceInfo>& devices)
{
  return Error(vix::invalid_arg, "One of the parameters was invalid", {},
               fmt::format("vmrun: {}; devices that can be connected: {}", why,
                           quoted_labels(devices)));
}

} // namespace

std::vector<DeviceInfo> list_devices(const XmlNode& devices)
{
  std::vector<DeviceInfo> out;
  if (!devices) {
    return out;
  }
  for (const XmlNode& node : devices.children()) {
    DeviceInfo d;
    d.node = node;
    d.type = node.xsi_type();
    d.label = node.child("deviceInfo").child_text("label");
    if (const XmlNode c = node.child("connectable")) {
      d.connectable = true;
      d.connected = is_true(c.child_text("connected"));
      d.start_connected = is_true(c.child_text("startConnected"));
    }
    out.push_back(std::move(d));
  }
  return out;
}

const DeviceInfo& pick_device(const std::vector<DeviceInfo>& devices, const std::string& label)
{
  const DeviceInfo* found = nullptr;
  for (const DeviceInfo& d : devices) {
    if (d.label != label) {
      continue;
    }
    if (found != nullptr) {
      throw invalid_label(fmt::format("several devices are labelled \"{}\"", label), devices);
    }
    found = &d;
  }
  if (found == nullptr) {
    throw invalid_label(fmt::format("the virtual machine has no device labelled \"{}\"", label),
                        devices);
  }
  if (!found->connectable) {
    throw invalid_label(fmt::format("\"{}\" cannot be connected or disconnected", label), devices);
  }
  return *found;
}

void write_connect_edit(XmlWriter& w, const DeviceInfo& device, bool connected)
{
  w.open("deviceChange", "VirtualDeviceConfigSpec").text("operation", "edit");
  w.open("device", device.type);
  for (const XmlNode& field : device.node.children()) {
    if (field.name() != "connectable") {
      copy_element(w, field, field.name());
      continue;
    }
    w.open("connectable");
    for (const XmlNode& item : field.children()) {
      const std::string name = item.name();
      if (name == "connected" || name == "startConnected") {
        w.boolean(name, connected);
      } else {
        copy_element(w, item, name);
      }
    }
    w.close();
  }
  w.close().close();
}

void set_device_connected(Session& session, const std::string& vmx, const std::string& label,
                          bool connect, std::chrono::seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx, {paths::power_state, k_devices});
    const auto devices = list_devices(vm.props.prop(k_devices));
    const DeviceInfo& device = pick_device(devices, label);
    // A powered-off VM's devices are never connected; only startConnected can change there.
    const bool running = vm.props.text(paths::power_state) == "poweredOn";
    if (device.start_connected == connect && (device.connected == connect || !running)) {
      return;
    }
    XmlWriter w("ReconfigVM_Task", vm.ref);
    w.open("spec");
    write_connect_edit(w, device, connect);
    w.close();
    run_task(session, w, timeout);
  });
}

} // namespace vmrun::core
