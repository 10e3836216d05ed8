// SPDX-License-Identifier: Apache-2.0

#include "schema_validator.h"

#include "transport/xml.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

using vmrun::transport::MoRef;
using vmrun::transport::XmlWriter;

namespace {

const MoRef k_pc{"PropertyCollector", "propertyCollector"};

// The same requests against either schema: well-formed ones pass, each kind of mistake a real
// host's parser rejects is refused.
void check_requests(SchemaValidator& validator)
{
  SUBCASE("requests built in WSDL order validate")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("userName", "root").text("password", "a<b&c").text("locale", "en_US");
    CHECK(validator.validate_envelope(login.envelope()) == "");

    XmlWriter wait("WaitForUpdatesEx", k_pc);
    wait.text("version", "1").open("options").integer("maxWaitSeconds", 30).close();
    CHECK(validator.validate_envelope(wait.envelope()) == "");

    XmlWriter config("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
    config.open("spec").open("extraConfig", "OptionValue").text("key", "guestinfo.a");
    config.typed_text("value", "xsd:string", "b").close().close();
    CHECK(validator.validate_envelope(config.envelope()) == "");
  }
  SUBCASE("elements out of WSDL order are refused")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("password", "pw").text("userName", "root");
    CHECK(validator.validate_envelope(login.envelope()) != "");
  }
  SUBCASE("unknown elements are refused")
  {
    XmlWriter power("PowerOnVM_Task", {"VirtualMachine", "vm-9"});
    power.text("force", "true");
    CHECK(validator.validate_envelope(power.envelope()) != "");
  }
  SUBCASE("a missing required element is refused")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("userName", "root");
    CHECK(validator.validate_envelope(login.envelope()) != "");
  }
  SUBCASE("a wrong xsi:type is refused")
  {
    XmlWriter config("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
    config.open("spec").open("extraConfig", "NoSuchType").text("key", "k").close().close();
    CHECK(validator.validate_envelope(config.envelope()) != "");
  }
}

} // namespace

// The validator's own mechanics, against the small WSDL in tests/data/schema (written for these
// tests, laid out like a host's: embedded schema, includes, an import from a sub-folder).
TEST_CASE("SchemaValidator: the project's small WSDL")
{
  static SchemaValidator validator(VMRUN_TEST_DATA "/schema");
  check_requests(validator);
}

TEST_CASE("SchemaValidator: a folder without vim.wsdl, and what is not an envelope")
{
  CHECK_THROWS_AS(SchemaValidator(VMRUN_TEST_DATA "/schema/reflect"), std::runtime_error);
  static SchemaValidator validator(VMRUN_TEST_DATA "/schema");
  CHECK(validator.validate_envelope("<Envelope/>") == "not a SOAP envelope with a body element");
}

TEST_CASE("vim25_unavailable")
{
  CHECK(vim25_unavailable("") ==
        "schema check skipped: set VMRUN_VIM25_DIR to a folder with the vSphere WSDL "
        "(scripts/fetch-wsdl.sh HOST fetches it)");
  CHECK(vim25_unavailable(VMRUN_TEST_DATA "/schema/reflect")
          .starts_with("schema check skipped: no vim.wsdl in "));
  CHECK(vim25_unavailable(VMRUN_TEST_DATA "/schema") == "");
}

// VMware's vSphere WSDL, from the folder VMRUN_VIM25_DIR names (ctest passes the CMake option of
// that name); without it this case only prints the skip line, which ctest reports as skipped.
TEST_CASE("SchemaValidator: the vSphere WSDL")
{
  const char* env = std::getenv("VMRUN_VIM25_DIR");
  const std::string dir = env ? env : "";
  if (const std::string skipped = vim25_unavailable(dir); !skipped.empty()) {
    std::cout << skipped << "\n";
    return;
  }
  static SchemaValidator validator(dir);
  check_requests(validator);
}
