// SPDX-License-Identifier: Apache-2.0

#include "transport/soap_client.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

using namespace vmrun::transport;
using vmrun::transport::test::fault_envelope;
using vmrun::transport::test::first_change_value;
using vmrun::transport::test::http_body;
using vmrun::transport::test::read_fixture;

namespace {

// Parses a captured <soapenv:Fault> fragment the way SoapClient does for an HTTP 500.
SoapFault captured_fault(const std::string& fixture)
{
  auto doc = XmlDocument::parse(fault_envelope(read_fixture(fixture)));
  XmlNode fault = doc.root().child("Body").child("Fault");
  return parse_fault(fault.child("detail").children().front(), fault.child_text("faultstring"));
}

} // namespace

TEST_CASE("parse_fault")
{
  SUBCASE("InvalidLogin")
  {
    SoapFault fault = captured_fault("fault_invalid_login.xml");
    CHECK(fault.type() == "InvalidLogin");
    CHECK(fault.message() == "Cannot complete login due to an incorrect user name or password.");
  }
  SUBCASE("NotAuthenticated with fields")
  {
    SoapFault fault = captured_fault("fault_not_authenticated.xml");
    CHECK(fault.type() == "NotAuthenticated");
    CHECK(fault.field("object") == "group-d1");
    CHECK(fault.field("privilegeId") == "System.View");
    CHECK(fault.field("absent").empty());
  }
  SUBCASE("MethodNotFound")
  {
    SoapFault fault = captured_fault("fault_method_not_found.xml");
    CHECK(fault.type() == "MethodNotFound");
    CHECK(fault.field("method") == "PutUsbScanCodes");
    CHECK(fault.field("receiver") == "vm-12");
    CHECK(fault.message() == "VirtualMachine:vm-12 does not implement: PutUsbScanCodes");
  }
  SUBCASE("GuestOperationsUnavailable with an empty faultstring")
  {
    SoapFault fault = captured_fault("fault_guest_operations_unavailable.xml");
    CHECK(fault.type() == "GuestOperationsUnavailable");
    CHECK(fault.message().empty());
    CHECK(std::string(fault.what()) == "GuestOperationsUnavailable");
  }
  SUBCASE("ManagedObjectNotFound")
  {
    SoapFault fault = captured_fault("fault_managed_object_not_found.xml");
    CHECK(fault.type() == "ManagedObjectNotFound");
    CHECK(fault.field("obj") == "vm-does-not-exist");
  }
  SUBCASE("element name when xsi:type is missing")
  {
    auto doc = XmlDocument::parse("<detail><InvalidLoginFault xmlns=\"urn:vim25\"/></detail>");
    CHECK(parse_fault(doc.root().child("InvalidLoginFault"), "").type() == "InvalidLogin");
  }
}

TEST_CASE("parse_localized_fault")
{
  SUBCASE("TaskInfo.error under the XMLSchema-instance prefix")
  {
    auto doc = XmlDocument::parse(http_body(read_fixture("wait_for_updates_task_error_b4.http")));
    XmlNode info = first_change_value(doc);
    SoapFault fault = parse_localized_fault(info.child("error"));
    CHECK(fault.type() == "InvalidPowerState");
    CHECK(fault.field("existingState") == "poweredOn");
    CHECK(fault.field("requestedState") == "poweredOn");
    CHECK(fault.message() == "*types.InvalidPowerState");
  }
  SUBCASE("missingSet fault")
  {
    auto doc = XmlDocument::parse(read_fixture("retrieve_properties_missing_set.xml"));
    XmlNode missing = doc.root().child("returnval").child("missingSet");
    CHECK(missing.child_text("path") == "currentSession");
    SoapFault fault = parse_localized_fault(missing.child("fault"));
    CHECK(fault.type() == "NotAuthenticated");
    CHECK(fault.field("privilegeId") == "System.Read");
    CHECK(fault.message().empty());
  }
}

TEST_CASE("choose_vim_version")
{
  SUBCASE("vcsim ESX model: 6.5 with prior 6.0 and 5.5")
  {
    CHECK(choose_vim_version(read_fixture("vim_service_versions_vcsim_esx.xml")) == "6.5");
  }
  SUBCASE("VC 8.0.3 pre-release: non-numeric current version is skipped")
  {
    CHECK(choose_vim_version(read_fixture("vim_service_versions_vc803.xml")) == "8.0.2.0");
  }
  SUBCASE("newer than we know is capped")
  {
    CHECK(choose_vim_version("<namespaces><namespace><name>urn:vim25</name><version>9.0.0.0"
                             "</version><priorVersions><version>8.0.3.0</version><version>8.0."
                             "2.0</version></priorVersions></namespace></namespaces>") ==
          "8.0.3.0");
  }
  SUBCASE("other namespaces are ignored")
  {
    CHECK(choose_vim_version("<namespaces><namespace><name>urn:other</name><version>7.0"
                             "</version></namespace><namespace><name>urn:vim25</name><version>"
                             "6.7</version></namespace></namespaces>") == "6.7");
  }
  SUBCASE("garbage")
  {
    CHECK(choose_vim_version("").empty());
    CHECK(choose_vim_version("<html>404 Not Found</html>").empty());
    CHECK(choose_vim_version("<namespaces><namespace><name>urn:vim25</name><version>abc"
                             "</version></namespace></namespaces>")
            .empty());
    CHECK(choose_vim_version("\x01\x02garbage").empty());
  }
}
