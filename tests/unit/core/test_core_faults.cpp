// SPDX-License-Identifier: Apache-2.0

#include "core/errors/faults.h"

#include <doctest/doctest.h>

using namespace vmrun::core;
using vmrun::transport::NetError;
using vmrun::transport::NetErrorKind;
using vmrun::transport::SoapFault;
using vmrun::transport::TlsMismatch;
using vmrun::transport::TlsMismatchError;

namespace {
const std::string vmx = "[ds] vm/vm.vmx";
}

TEST_CASE("error_from_fault")
{
  SUBCASE("InvalidPowerState depends on the existing state")
  {
    auto off = error_from_fault(SoapFault("InvalidPowerState", "",
                                          {{"existingState", "poweredOff"}}),
                                vmx);
    CHECK(std::string(off.what()) == "The virtual machine is not powered on: [ds] vm/vm.vmx");
    CHECK(off.code() == vix::vm_not_running);
    auto on = error_from_fault(SoapFault("InvalidPowerState", "", {{"existingState", "poweredOn"}}),
                               vmx);
    CHECK(std::string(on.what()) ==
          "The virtual machine should not be powered on. It is already running.");
    CHECK(on.code() == vix::vm_is_running);
  }
  SUBCASE("Tools faults name the VM")
  {
    auto e = error_from_fault(SoapFault("ToolsUnavailable", ""), vmx);
    CHECK(std::string(e.what()) ==
          "The VMware Tools are not running in the virtual machine: [ds] vm/vm.vmx");
  }
  SUBCASE("a vanished VM is a VM that cannot be found")
  {
    auto e = error_from_fault(SoapFault("ManagedObjectNotFound", "gone"), vmx);
    CHECK(std::string(e.what()) ==
          "Cannot open VM: [ds] vm/vm.vmx, The virtual machine cannot be found");
  }
  SUBCASE("catalog faults print the VIX text and keep the server's text as a hint")
  {
    auto e = error_from_fault(SoapFault("NotSupported",
                                        "The operation is not supported on the object."),
                              vmx);
    CHECK(std::string(e.what()) == "The operation is not supported for the specified parameters");
    CHECK(e.hint() == "The operation is not supported on the object.");
    CHECK(std::string(error_from_fault(SoapFault("AlreadyExists", ""), vmx).what()) ==
          "The virtual machine has already been loaded");
  }
  SUBCASE("unknown faults print the server's text, or the fault type when it is empty")
  {
    CHECK(std::string(error_from_fault(SoapFault("VmConfigFault", "Bad config"), vmx).what()) ==
          "Bad config");
    CHECK(std::string(error_from_fault(SoapFault("VmConfigFault", ""), vmx).what()) ==
          "Unknown error (VmConfigFault)");
  }
  SUBCASE("InvalidLogin")
  {
    CHECK(std::string(error_from_fault(SoapFault("InvalidLogin", "Login failure"), vmx).what()) ==
          "Cannot complete login due to an incorrect user name or password");
  }
}

TEST_CASE("error_from_net")
{
  SUBCASE("connecting adds vmrun's first line")
  {
    auto e = error_from_net(NetError(NetErrorKind::connect,
                                     "Cannot connect to h:1: Connection refused"),
                            true);
    REQUIRE(e.preamble().size() == 1);
    CHECK(e.preamble()[0] == "Unable to connect to host.");
    CHECK(std::string(e.what()) == "Cannot connect to h:1: Connection refused");
    CHECK(error_from_net(NetError(NetErrorKind::protocol, "x"), false).preamble().empty());
  }
  SUBCASE("a known_hosts mismatch tells which line to remove")
  {
    TlsMismatch m{"h:443", "AA", "BB", "/home/u/.config/vmrun/known_hosts", "h:443 AA", ""};
    auto e = error_from_net(TlsMismatchError(m), true);
    CHECK(e.hint() == "To trust the new certificate, remove this line from "
                      "/home/u/.config/vmrun/known_hosts:\nh:443 AA");
  }
  SUBCASE("--timeout running out is the timed-out error, after the connect line while connecting")
  {
    const NetError late(NetErrorKind::deadline, "The operation timed out after 5 seconds");
    CHECK(error_from_net(late, false).preamble().empty());
    auto e = error_from_net(late, true);
    CHECK(e.preamble() == std::vector<std::string>{"Unable to connect to host."});
    CHECK(e.code() == vix::fail);
    CHECK(std::string(e.what()) == "The operation timed out after 5 seconds");
  }
}
