// SPDX-License-Identifier: Apache-2.0

#include "core/console/devices.h"
#include "core/errors/error.h"

#include <doctest/doctest.h>

#include <string>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;
using vmrun::transport::XmlWriter;

namespace {

// config.hardware.device as vcsim writes it (XMLSchema-instance prefix inside values; a real host
// writes xsi:), with the labels real hosts give.
constexpr const char* k_devices =
  R"(<val xmlns="urn:vim25" xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ArrayOfVirtualDevice">
<VirtualDevice XMLSchema-instance:type="VirtualIDEController"><key>200</key><deviceInfo XMLSchema-instance:type="Description"><label>IDE 0</label><summary>IDE 0</summary></deviceInfo><busNumber>0</busNumber><device>3002</device></VirtualDevice>
<VirtualDevice XMLSchema-instance:type="VirtualCdrom"><key>3002</key><deviceInfo XMLSchema-instance:type="Description"><label>CD/DVD drive 1</label><summary>ISO [LocalDS_0] iso/a &amp; b.iso</summary></deviceInfo><backing XMLSchema-instance:type="VirtualCdromIsoBackingInfo"><fileName>[LocalDS_0] iso/a &amp; b.iso</fileName><datastore type="Datastore">datastore-1</datastore></backing><connectable><startConnected>false</startConnected><allowGuestControl>true</allowGuestControl><connected>false</connected><status>untried</status></connectable><controllerKey>200</controllerKey><unitNumber>0</unitNumber></VirtualDevice>
<VirtualDevice XMLSchema-instance:type="VirtualDisk"><key>2000</key><deviceInfo XMLSchema-instance:type="Description"><label>Hard disk 1</label><summary>10,485,760 KB</summary></deviceInfo><capacityInKB>10485760</capacityInKB></VirtualDevice>
<VirtualDevice XMLSchema-instance:type="VirtualE1000"><key>4000</key><deviceInfo XMLSchema-instance:type="Description"><label>Network adapter 1</label><summary>VM Network</summary></deviceInfo><backing XMLSchema-instance:type="VirtualEthernetCardNetworkBackingInfo"><deviceName>VM Network</deviceName><useAutoDetect>false</useAutoDetect><network type="Network">network-7</network></backing><connectable><migrateConnect>unset</migrateConnect><startConnected>true</startConnected><allowGuestControl>true</allowGuestControl><connected>true</connected><status>ok</status></connectable><slotInfo XMLSchema-instance:type="VirtualDevicePciBusSlotInfo"><pciSlotNumber>32</pciSlotNumber></slotInfo><controllerKey>100</controllerKey><unitNumber>7</unitNumber><addressType>generated</addressType><macAddress>00:50:56:a1:b2:c3</macAddress><wakeOnLanEnabled>true</wakeOnLanEnabled></VirtualDevice>
<VirtualDevice XMLSchema-instance:type="VirtualCdrom"><key>3003</key><deviceInfo XMLSchema-instance:type="Description"><label>Twin</label><summary/></deviceInfo><connectable><startConnected>true</startConnected><allowGuestControl>false</allowGuestControl><connected>true</connected></connectable></VirtualDevice>
<VirtualDevice XMLSchema-instance:type="VirtualCdrom"><key>3004</key><deviceInfo XMLSchema-instance:type="Description"><label>Twin</label><summary/></deviceInfo><connectable><startConnected>true</startConnected><allowGuestControl>false</allowGuestControl><connected>true</connected></connectable></VirtualDevice>
</val>)";

Error refusal(const std::vector<DeviceInfo>& devices, const std::string& label)
{
  try {
    pick_device(devices, label);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no refusal for " << label);
  return Error(0, "");
}

} // namespace

TEST_CASE("list_devices reads type, label and connection state")
{
  const auto doc = XmlDocument::parse(k_devices);
  const auto devices = list_devices(doc.root());
  REQUIRE(devices.size() == 6);
  CHECK(devices[0].type == "VirtualIDEController");
  CHECK(devices[0].label == "IDE 0");
  CHECK_FALSE(devices[0].connectable);
  CHECK(devices[1].type == "VirtualCdrom");
  CHECK(devices[1].label == "CD/DVD drive 1");
  CHECK(devices[1].connectable);
  CHECK_FALSE(devices[1].connected);
  CHECK_FALSE(devices[1].start_connected);
  CHECK(devices[3].type == "VirtualE1000");
  CHECK(devices[3].connected);
  CHECK(devices[3].start_connected);
  CHECK(list_devices({}).empty());
}

TEST_CASE("pick_device: exact, case-sensitive label; refusals list the connectable devices")
{
  const auto doc = XmlDocument::parse(k_devices);
  const auto devices = list_devices(doc.root());
  CHECK(pick_device(devices, "CD/DVD drive 1").node.child_text("key") == "3002");
  CHECK(pick_device(devices, "Network adapter 1").node.child_text("key") == "4000");

  const Error unknown = refusal(devices, "cd/dvd drive 1");
  CHECK(unknown.code() == vix::invalid_arg);
  CHECK(std::string(unknown.what()) == "One of the parameters was invalid");
  CHECK(unknown.hint() ==
        "vmrun: the virtual machine has no device labelled \"cd/dvd drive 1\"; devices that can "
        "be connected: \"CD/DVD drive 1\", \"Network adapter 1\", \"Twin\", \"Twin\"");
  CHECK(
    refusal(devices, "Hard disk 1")
      .hint()
      .starts_with(
        "vmrun: \"Hard disk 1\" cannot be connected or disconnected; devices that can be connected: "));
  CHECK(
    refusal(devices, "Twin").hint().starts_with("vmrun: several devices are labelled \"Twin\""));
  CHECK(refusal({}, "x").hint().ends_with("devices that can be connected: none"));
}

TEST_CASE("write_connect_edit copies the whole device in order, xsi:type re-prefixed")
{
  const auto doc = XmlDocument::parse(k_devices);
  const auto devices = list_devices(doc.root());

  XmlWriter w("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
  w.open("spec");
  write_connect_edit(w, devices[1], true);
  w.close();
  const std::string body = w.body();
  CAPTURE(body);
  CHECK(
    body.find(
      R"(<spec><deviceChange xsi:type="VirtualDeviceConfigSpec"><operation>edit</operation>)"
      R"(<device xsi:type="VirtualCdrom"><key>3002</key>)"
      R"(<deviceInfo xsi:type="Description"><label>CD/DVD drive 1</label>)"
      R"(<summary>ISO [LocalDS_0] iso/a &amp; b.iso</summary></deviceInfo>)"
      R"(<backing xsi:type="VirtualCdromIsoBackingInfo"><fileName>[LocalDS_0] iso/a &amp; b.iso</fileName>)"
      R"(<datastore type="Datastore">datastore-1</datastore></backing>)"
      R"(<connectable><startConnected>true</startConnected><allowGuestControl>true</allowGuestControl>)"
      R"(<connected>true</connected><status>untried</status></connectable>)"
      R"(<controllerKey>200</controllerKey><unitNumber>0</unitNumber></device></deviceChange></spec>)") !=
    std::string::npos);
  CHECK(body.find("XMLSchema-instance:") == std::string::npos);

  XmlWriter nic("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
  nic.open("spec");
  write_connect_edit(nic, devices[3], false);
  nic.close();
  const std::string nic_body = nic.body();
  CAPTURE(nic_body);
  CHECK(
    nic_body.find(
      R"(<connectable><migrateConnect>unset</migrateConnect><startConnected>false</startConnected>)"
      R"(<allowGuestControl>true</allowGuestControl><connected>false</connected><status>ok</status></connectable>)"
      R"(<slotInfo xsi:type="VirtualDevicePciBusSlotInfo"><pciSlotNumber>32</pciSlotNumber></slotInfo>)"
      R"(<controllerKey>100</controllerKey><unitNumber>7</unitNumber><addressType>generated</addressType>)"
      R"(<macAddress>00:50:56:a1:b2:c3</macAddress><wakeOnLanEnabled>true</wakeOnLanEnabled></device>)") !=
    std::string::npos);
  CHECK(nic_body.find(R"(<network type="Network">network-7</network>)") != std::string::npos);
}
