// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/session.h"

#include <chrono>
#include <string>
#include <vector>

namespace vmrun::core {

// connectNamedDevice / disconnectNamedDevice (docs/behaviour.md#console): finds
// the device whose deviceInfo.label is exactly `label` in config.hardware.device, and sets its
// connectable.connected and connectable.startConnected with ReconfigVM_Task (an `edit` of the
// whole device as read, so the host keeps its backing). On a powered-off VM only startConnected
// takes effect. Nothing is sent when the device is already in the wanted state.
// Unknown, ambiguous or non-connectable label: Error "One of the parameters was invalid" with
// the connectable devices' labels in the hint.
void set_device_connected(Session& session, const std::string& vmx, const std::string& label,
                          bool connect, std::chrono::seconds timeout);

// What the verbs need to know about one device of config.hardware.device.
struct DeviceInfo {
  transport::XmlNode node; // the <VirtualDevice xsi:type="..."> element as the server sent it
  std::string type;        // its concrete type, e.g. "VirtualCdrom"
  std::string label;       // deviceInfo.label
  bool connectable = false;
  bool connected = false;
  bool start_connected = false;
};

// The devices of a config.hardware.device value (ArrayOfVirtualDevice), in server order.
std::vector<DeviceInfo> list_devices(const transport::XmlNode& devices);

// The device labelled exactly `label`; throws the invalid-parameters Error (with a hint naming
// the connectable devices) when none, several, or a non-connectable one matches.
const DeviceInfo& pick_device(const std::vector<DeviceInfo>& devices, const std::string& label);

// Appends <deviceChange xsi:type="VirtualDeviceConfigSpec"><operation>edit</operation><device
// xsi:type="<concrete type>">...</device></deviceChange>: a copy of `device` in the server's
// (WSDL) element order with connectable.connected and connectable.startConnected set to
// `connected`.
void write_connect_edit(transport::XmlWriter& writer, const DeviceInfo& device, bool connected);

} // namespace vmrun::core
