#include "schema_validator.h"

#include "transport/xml.h"

#include <doctest/doctest.h>

#include <filesystem>

using vmrun::transport::MoRef;
using vmrun::transport::XmlWriter;

namespace {

SchemaValidator& validator()
{
  static SchemaValidator instance(VMRUN_SHARED_DIR "/vim25");
  return instance;
}

const MoRef k_pc{"PropertyCollector", "propertyCollector"};

} // namespace

TEST_CASE("SchemaValidator" * doctest::skip(!std::filesystem::exists(VMRUN_SHARED_DIR "/vim25")))
{
  SUBCASE("requests built in WSDL order validate")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("userName", "root").text("password", "a<b&c").text("locale", "en_US");
    CHECK(validator().validate_envelope(login.envelope()) == "");

    XmlWriter wait("WaitForUpdatesEx", k_pc);
    wait.text("version", "1").open("options").integer("maxWaitSeconds", 30).close();
    CHECK(validator().validate_envelope(wait.envelope()) == "");

    XmlWriter config("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
    config.open("spec").open("extraConfig", "OptionValue").text("key", "guestinfo.a");
    config.typed_text("value", "xsd:string", "b").close().close();
    CHECK(validator().validate_envelope(config.envelope()) == "");
  }
  SUBCASE("elements out of WSDL order are refused")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("password", "pw").text("userName", "root");
    CHECK(validator().validate_envelope(login.envelope()) != "");
  }
  SUBCASE("unknown elements are refused")
  {
    XmlWriter power("PowerOnVM_Task", {"VirtualMachine", "vm-9"});
    power.text("force", "true");
    CHECK(validator().validate_envelope(power.envelope()) != "");
  }
  SUBCASE("a missing required element is refused")
  {
    XmlWriter login("Login", {"SessionManager", "ha-sessionmgr"});
    login.text("userName", "root");
    CHECK(validator().validate_envelope(login.envelope()) != "");
  }
  SUBCASE("a wrong xsi:type is refused")
  {
    XmlWriter config("ReconfigVM_Task", {"VirtualMachine", "vm-9"});
    config.open("spec").open("extraConfig", "NoSuchType").text("key", "k").close().close();
    CHECK(validator().validate_envelope(config.envelope()) != "");
  }
}
