// SPDX-License-Identifier: Apache-2.0

#include "transport/trace.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

using namespace vmrun::transport;
using vmrun::transport::test::read_fixture;

TEST_CASE("scrub_secrets")
{
  SUBCASE("password elements, any prefix or attributes")
  {
    CHECK(scrub_secrets("<userName>root</userName><password>s3cr&amp;t</password>") ==
          "<userName>root</userName><password>***</password>");
    CHECK(scrub_secrets("<v:password versionId=\"8.0\">x</v:password><password/>") ==
          "<v:password versionId=\"8.0\">***</v:password><password/>");
    CHECK(scrub_secrets("<auth><username>u</username><password>guest</password></auth>") ==
          "<auth><username>u</username><password>***</password></auth>");
    CHECK(scrub_secrets("<passwordPolicy>kept</passwordPolicy>") ==
          "<passwordPolicy>kept</passwordPolicy>");
  }
  SUBCASE("captured Login request")
  {
    std::string scrubbed = scrub_secrets(read_fixture("login_request_b1.http"));
    CHECK(scrubbed.find("secret") == std::string::npos);
    CHECK(scrubbed.find("<userName>root</userName>") != std::string::npos);
  }
  SUBCASE("captured LoginResponse: cookie and session key")
  {
    std::string scrubbed = scrub_secrets(read_fixture("login_response_b1.http"));
    CHECK(scrubbed.find("2e9d84bd") == std::string::npos);
    CHECK(scrubbed.find("Set-Cookie: ***\n") != std::string::npos);
    CHECK(scrubbed.find("<key>***</key>") != std::string::npos);
    CHECK(scrubbed.find("<userName>root</userName>") != std::string::npos);
  }
  SUBCASE("cookie headers and the session cookie anywhere")
  {
    CHECK(scrub_secrets("Cookie: vmware_soap_session=abc; other=1\r\nHost: h\r\n") ==
          "Cookie: ***\r\nHost: h\r\n");
    CHECK(scrub_secrets("set-cookie: vmware_soap_session=\"015f\"; Path=/") == "set-cookie: ***");
    CHECK(scrub_secrets("jar vmware_soap_session=\"015f e\"; Path=/") ==
          "jar vmware_soap_session=***; Path=/");
  }
  SUBCASE("UserSession key elsewhere, other keys kept")
  {
    CHECK(scrub_secrets("<val xsi:type=\"UserSession\"><key>52a</key></val><key>task-1</key>") ==
          "<val xsi:type=\"UserSession\"><key>***</key></val><key>task-1</key>");
    CHECK(scrub_secrets("<key>guestinfo.x</key>") == "<key>guestinfo.x</key>");
  }
  SUBCASE("token and ticket in URLs")
  {
    CHECK(scrub_secrets("<url>https://*/guestFile?id=12&amp;token=52f0ab</url>") ==
          "<url>https://*/guestFile?id=12&amp;token=***</url>");
    CHECK(scrub_secrets("GET /screen?ticket=xyz&id=vm-9") == "GET /screen?ticket=***&id=vm-9");
    CHECK(scrub_secrets("mytoken=kept") == "mytoken=kept");
  }
  SUBCASE("session-scoped object ids carry the session key")
  {
    CHECK(
      scrub_secrets("<_this type=\"PropertyCollector\">session[2e9d84bd-d8c6]260a12e1</_this>") ==
      "<_this type=\"PropertyCollector\">session[***]260a12e1</_this>");
    CHECK(scrub_secrets("session[unterminated") == "session[unterminated");
  }
  SUBCASE("truncated text still hides the secret")
  {
    CHECK(scrub_secrets("<password>abc") == "<password>***");
  }
}
