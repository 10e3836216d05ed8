// SPDX-License-Identifier: Apache-2.0

// RetrieveProperties / RetrievePropertiesEx replies (core/vsphere/properties.h
// read_object_contents, which throws the missingSet fault for a lost session or right), then
// every property value through the readers the verbs use on them: the snapshot tree
// (flatten_snapshots, resolve_snapshot), the device list (list_devices, pick_device, and
// write_connect_edit, which copies a device from the reply into a request), extraConfig
// (option_value), Tools state (tools_state_from), guest family (guest_family) and a VM's
// question (question_error).
#include "core/console/devices.h"
#include "core/errors/error.h"
#include "core/guest/guest.h"
#include "core/vm/guest_info.h"
#include "core/vm/snapshot_tree.h"
#include "core/vm/variables.h"
#include "core/vsphere/properties.h"
#include "core/vsphere/question.h"
#include "fuzz_support.h"

using namespace vmrun;
using transport::XmlNode;

namespace {

void read_value(const core::ObjectContent& object, const std::string& path, const XmlNode& value)
{
  const std::string text = object.text(path);
  (void)core::tools_state_from(text, text, text);
  (void)core::guest_family(text, text);
  (void)core::option_value(value, "guestinfo.ip");
  (void)core::question_error(value);

  const auto snapshots = core::flatten_snapshots(value);
  for (const auto& snapshot : snapshots) {
    try {
      const auto& found = core::resolve_snapshot(snapshots, snapshot.name);
      fuzz::require(found.name == snapshot.name || found.path == snapshot.name ||
                      found.path.ends_with("/" + snapshot.name),
                    "resolve_snapshot finds a snapshot by that name");
    } catch (const core::Error&) {
    }
  }

  const auto devices = core::list_devices(value);
  for (const auto& device : devices) {
    try {
      const auto& picked = core::pick_device(devices, device.label);
      fuzz::require(picked.label == device.label && picked.connectable,
                    "pick_device returns a connectable device with that label");
      transport::XmlWriter request("ReconfigVM_Task", object.obj);
      request.open("spec");
      core::write_connect_edit(request, picked, !picked.connected);
      request.close();
      fuzz::require(!request.envelope().empty(), "the request serialises");
    } catch (const core::Error&) {
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  auto doc = fuzz::parse_xml(fuzz::as_text(data, size));
  if (!doc) {
    return 0;
  }
  const XmlNode response = fuzz::method_response(*doc);
  const auto reply = std::make_shared<const transport::SoapResponse>(std::move(*doc), response);
  std::vector<core::ObjectContent> objects;
  try {
    // RetrieveProperties returns ObjectContents; RetrievePropertiesEx a RetrieveResult.
    core::read_object_contents(reply, reply->returnvals(), objects);
    core::read_object_contents(reply, reply->returnval().children("objects"), objects);
  } catch (const transport::SoapFault& fault) {
    fuzz::require(fault.type() == "NotAuthenticated" || fault.type() == "NoPermission",
                  "only a lost session or right is thrown");
  }
  for (const auto& object : objects) {
    fuzz::require(object.owner == reply, "objects keep their reply alive");
    for (const auto& [path, value] : object.props) {
      read_value(object, path, value);
    }
  }
  return 0;
}
