// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/properties.h"
#include "core/vsphere/wait.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace vmrun::core;
using vmrun::transport::SoapFault;
using vmrun::transport::SoapResponse;
using vmrun::transport::XmlDocument;

namespace {

std::string read_data(const std::string& name)
{
  std::ifstream in(std::string(VMRUN_TEST_DATA) + "/transport/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A reply whose method response is the document's root (as the readers see it after
// SoapClient::call has taken the envelope off).
std::shared_ptr<const SoapResponse> reply(const std::string& xml)
{
  XmlDocument doc = XmlDocument::parse(xml);
  const XmlNode root = doc.root();
  return std::make_shared<const SoapResponse>(std::move(doc), root);
}

} // namespace

TEST_CASE("read_object_contents")
{
  SUBCASE("objects and their properties; a missing unset property is no error")
  {
    const auto r = reply(R"(<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval>
      <objects><obj type="VirtualMachine">vm-9</obj>
        <propSet><name>name</name><val>web01</val></propSet>
        <propSet><name>runtime.powerState</name><val>poweredOn</val></propSet>
        <missingSet><path>snapshot</path><fault><fault
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="NotFound"/></fault></missingSet>
      </objects>
      <objects><obj type="VirtualMachine">vm-10</obj></objects>
    </returnval></RetrievePropertiesExResponse>)");
    std::vector<ObjectContent> out;
    read_object_contents(r, r->returnval().children("objects"), out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].obj.type == "VirtualMachine");
    CHECK(out[0].obj.value == "vm-9");
    CHECK(out[0].text("name") == "web01");
    CHECK(out[0].text("runtime.powerState") == "poweredOn");
    CHECK_FALSE(out[0].prop("snapshot"));
    CHECK(out[0].owner == r);
    CHECK(out[1].obj.value == "vm-10");
    CHECK(out[1].props.empty());
  }
  SUBCASE("a NotAuthenticated missingSet is thrown (the fixture of vcsim's answer)")
  {
    const auto r = reply(read_data("retrieve_properties_missing_set.xml"));
    std::vector<ObjectContent> out;
    CHECK_THROWS_AS(read_object_contents(r, r->returnvals(), out), SoapFault);
    try {
      read_object_contents(r, r->returnvals(), out);
    } catch (const SoapFault& fault) {
      CHECK(fault.type() == "NotAuthenticated");
    }
  }
  SUBCASE("no objects")
  {
    const auto r = reply(R"(<RetrievePropertiesResponse xmlns="urn:vim25"/>)");
    std::vector<ObjectContent> out;
    read_object_contents(r, r->returnvals(), out);
    CHECK(out.empty());
  }
}

TEST_CASE("dispatch_updates and read_task_info on capture B.4")
{
  const std::string capture = read_data("wait_for_updates_task_error_b4.http");
  const XmlDocument doc = XmlDocument::parse(capture.substr(capture.find("<?xml")));
  const XmlNode update_set =
    doc.root().child("Body").child("WaitForUpdatesExResponse").child("returnval");
  REQUIRE(update_set);
  const MoRef filter{"PropertyFilter", "session[2e9d84bd-d8c6-45a2-aa90-4349b1abe896]"
                                       "a7f37376-1a30-41e9-a482-0030f89b8ce9"};

  SUBCASE("changes of another filter are not ours")
  {
    int calls = 0;
    CHECK_FALSE(dispatch_updates(update_set, MoRef{"PropertyFilter", "other"},
                                 [&](const std::string&, const XmlNode&) { return ++calls > 0; }));
    CHECK(calls == 0);
  }
  SUBCASE("with objects named, changes of other objects are not ours (a kept watch)")
  {
    int calls = 0;
    const auto count = [&](const std::string&, const XmlNode&) { return ++calls > 0; };
    const std::vector<MoRef> others{{"Task", "task-15"}, {"VirtualMachine", "task-14"}};
    CHECK_FALSE(dispatch_updates(update_set, filter, count, others));
    CHECK(calls == 0);
    const std::vector<MoRef> ours{{"VirtualMachine", "vm-1"}, {"Task", "task-14"}};
    CHECK(dispatch_updates(update_set, filter, count, ours));
    CHECK(calls == 1);
  }
  SUBCASE("the task's error becomes its fault")
  {
    TaskResult result;
    std::optional<SoapFault> failure;
    std::vector<std::string> names;
    CHECK(dispatch_updates(update_set, filter, [&](const std::string& name, const XmlNode& val) {
      names.push_back(name);
      return read_task_info(val, {}, result, failure);
    }));
    CHECK(names == std::vector<std::string>{"info"});
    REQUIRE(failure);
    CHECK(failure->type() == "InvalidPowerState");
    CHECK(failure->message() == "*types.InvalidPowerState");
    CHECK(failure->field("existingState") == "poweredOn");
  }
}

TEST_CASE("read_task_info")
{
  TaskResult result;
  std::optional<SoapFault> failure;
  std::vector<std::uint64_t> seen;
  const ProgressFn progress = [&](std::uint64_t done, std::uint64_t total) {
    CHECK(total == 100);
    seen.push_back(done);
  };

  SUBCASE("running: progress when it is a number")
  {
    const auto doc = XmlDocument::parse(
      R"(<val xmlns="urn:vim25"><state>running</state><progress>42</progress></val>)");
    CHECK_FALSE(read_task_info(doc.root(), progress, result, failure));
    CHECK(seen == std::vector<std::uint64_t>{42});
    const auto junk = XmlDocument::parse(
      R"(<val xmlns="urn:vim25"><state>running</state><progress>x</progress></val>)");
    CHECK_FALSE(read_task_info(junk.root(), progress, result, failure));
    CHECK(seen.size() == 1);
    CHECK_FALSE(read_task_info(junk.root(), {}, result, failure));
    CHECK_FALSE(failure);
  }
  SUBCASE("success: a MoRef or a plain value")
  {
    const auto doc = XmlDocument::parse(
      R"(<val xmlns="urn:vim25"><state>success</state><result type="VirtualMachine">vm-12</result></val>)");
    CHECK(read_task_info(doc.root(), progress, result, failure));
    CHECK(result.ref == MoRef{"VirtualMachine", "vm-12"});
    CHECK(result.text == "vm-12");
    CHECK_FALSE(failure);
  }
  SUBCASE("error without a fault element: an empty type, no crash")
  {
    const auto doc = XmlDocument::parse(R"(<val xmlns="urn:vim25"><state>error</state></val>)");
    CHECK(read_task_info(doc.root(), progress, result, failure));
    REQUIRE(failure);
    CHECK(failure->message().empty());
  }
}
