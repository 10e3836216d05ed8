// SPDX-License-Identifier: Apache-2.0

#include "transport/errors.h"
#include "transport/soap_client.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

using namespace vmrun::transport;
using namespace vmrun::transport::test;

namespace {

HttpOptions insecure()
{
  HttpOptions options;
  options.connect_timeout_s = 5;
  options.timeout_s = 10;
  options.tls.mode = TlsMode::insecure;
  return options;
}

XmlWriter login_request()
{
  XmlWriter request("Login", MoRef{"SessionManager", "ha-sessionmgr"});
  request.text("userName", "root").text("password", "secret");
  return request;
}

// A server answering every request with `response`, and a client talking to it.
struct Fixture {
  Fixture(int status, std::string body, std::string content_type = "text/xml")
    : server(cert,
             [=](const ReceivedRequest&) {
               return CannedResponse{status, body, content_type, {}};
             }),
      http(Endpoint{"127.0.0.1", server.port()}, insecure()), soap(http)
  {
  }
  std::string authority() const { return "127.0.0.1:" + std::to_string(server.port()); }

  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server;
  HttpClient http;
  SoapClient soap;
};

NetError call_error(Fixture& fixture)
{
  try {
    fixture.soap.call(login_request());
  } catch (const NetError& error) {
    return error;
  }
  FAIL("expected a NetError");
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("SoapClient::call")
{
  SUBCASE("200: the method response")
  {
    Fixture f(200, http_body(read_fixture("login_response_b1.http")));
    SoapResponse reply = f.soap.call(login_request());
    CHECK(reply.returnval().child_text("userName") == "root");
    CHECK(reply.returnvals().size() == 1);
    CHECK(f.soap.calls() == 1);
    auto seen = f.server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].path == "/sdk");
    CHECK(seen[0].headers["soapaction"] == "urn:vim25/6.5");
    CHECK(seen[0].headers["content-type"] == "text/xml; charset=\"utf-8\"");
    CHECK(seen[0].body.find("<password>secret</password>") != std::string::npos);
  }
  SUBCASE("500 with a fault")
  {
    Fixture f(500, fault_envelope(read_fixture("fault_invalid_login.xml")));
    try {
      f.soap.call(login_request());
      FAIL("expected a SoapFault");
    } catch (const SoapFault& fault) {
      CHECK(fault.type() == "InvalidLogin");
      CHECK(fault.message() == "Cannot complete login due to an incorrect user name or password.");
    }
  }
  SUBCASE("500 capture B.10, pretty-printed, empty faultstring")
  {
    Fixture f(500, http_body(read_fixture("guest_operations_unavailable_b10.http")));
    CHECK_THROWS_WITH_AS(f.soap.call(login_request()), "GuestOperationsUnavailable", SoapFault);
  }
  SUBCASE("garbage 200")
  {
    Fixture f(200, "<html><body>Welcome to nginx", "text/html");
    NetError error = call_error(f);
    CHECK(error.kind() == NetErrorKind::protocol);
    CHECK(std::string(error.what()) == "The server at " + f.authority() + " sent an invalid reply");
  }
  SUBCASE("truncated 200")
  {
    std::string body = http_body(read_fixture("login_response_b1.http"));
    Fixture f(200, body.substr(0, body.size() - 40));
    CHECK(call_error(f).kind() == NetErrorKind::protocol);
  }
  SUBCASE("200 answering another method")
  {
    Fixture f(200, http_body(read_fixture("wait_for_updates_task_error_b4.http")));
    CHECK(call_error(f).kind() == NetErrorKind::protocol);
  }
  SUBCASE("unexpected status")
  {
    Fixture f(404, "not found", "text/plain");
    NetError error = call_error(f);
    CHECK(error.kind() == NetErrorKind::http_status);
    CHECK(error.http_status() == 404);
    CHECK(std::string(error.what()) == "The server at " + f.authority() + " answered HTTP 404");
  }
  SUBCASE("500 without a fault")
  {
    Fixture f(500, "Internal error", "text/plain");
    CHECK(call_error(f).http_status() == 500);
  }
}

TEST_CASE("SoapClient::negotiate_version")
{
  SUBCASE("VC 8.0.3 list")
  {
    Fixture f(200, read_fixture("vim_service_versions_vc803.xml"));
    f.soap.negotiate_version();
    CHECK(f.soap.version() == "8.0.2.0");
    CHECK(f.server.requests().at(0).path == "/sdk/vimServiceVersions.xml");
    try {
      f.soap.call(login_request()); // the canned reply is not SOAP; only the header matters
    } catch (const NetError&) {
    }
    CHECK(f.server.requests().at(1).headers["soapaction"] == "urn:vim25/8.0.2.0");
    CHECK(f.http.connections() == 1);
  }
  SUBCASE("404 keeps the fallback")
  {
    Fixture f(404, "no", "text/plain");
    f.soap.negotiate_version();
    CHECK(f.soap.version() == "6.5");
  }
  SUBCASE("garbage keeps the fallback")
  {
    Fixture f(200, "<<<", "text/xml");
    f.soap.negotiate_version();
    CHECK(f.soap.version() == "6.5");
    CHECK(f.soap.calls() == 0);
  }
}

TEST_CASE("HttpClient trace")
{
  std::string trace;
  auto options = insecure();
  options.trace = [&](std::string_view text) { trace += text; };
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server(cert, [](const ReceivedRequest&) {
    return CannedResponse{200,
                          http_body(read_fixture("login_response_b1.http")),
                          "text/xml",
                          {"Set-Cookie: vmware_soap_session=2e9d84bd; HttpOnly"}};
  });
  HttpClient http(Endpoint{"127.0.0.1", server.port()}, options);
  SoapClient soap(http);
  soap.call(login_request());
  soap.call(login_request()); // now with a Cookie header
  CHECK(trace.find("--> POST https://127.0.0.1:" + std::to_string(server.port()) + "/sdk") !=
        std::string::npos);
  CHECK(trace.find("<-- HTTP 200") != std::string::npos);
  CHECK(trace.find("SOAPAction: urn:vim25/6.5") != std::string::npos);
  CHECK(trace.find("<password>***</password>") != std::string::npos);
  CHECK(trace.find("Cookie: ***") != std::string::npos);
  CHECK(trace.find("Set-Cookie: ***") != std::string::npos);
  CHECK(trace.find("secret") == std::string::npos);
  CHECK(trace.find("2e9d84bd") == std::string::npos);
}

TEST_CASE("HttpClient::download")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server(cert, [](const ReceivedRequest& request) {
    if (request.method == "PUT") {
      return CannedResponse{200, "", "text/plain", {}};
    }
    if (request.path == "/missing") {
      return CannedResponse{404, "no such file", "text/plain", {}};
    }
    return CannedResponse{200, std::string(100000, 'x'), "application/octet-stream", {}};
  });
  HttpClient http(Endpoint{"127.0.0.1", server.port()}, insecure());
  const std::string base = "https://127.0.0.1:" + std::to_string(server.port());

  std::string received;
  auto reply = http.download(base + "/guestFile?id=1&token=t",
                             [&](std::string_view chunk) { received.append(chunk); });
  CHECK(reply.status == 200);
  CHECK(received == std::string(100000, 'x'));

  received.clear();
  reply = http.download(base + "/missing", [&](std::string_view chunk) { received.append(chunk); });
  CHECK(reply.status == 404);
  CHECK(received.empty());
  CHECK(reply.body == "no such file");

  SUBCASE("a throwing sink aborts with its own exception")
  {
    CHECK_THROWS_WITH(
      http.download(base + "/f", [](std::string_view) { throw std::runtime_error("disk full"); }),
      "disk full");
  }
  SUBCASE("upload streams the announced size, then SOAP still works")
  {
    std::string data(70000, 'y');
    auto put = http.upload(base + "/guestFile?id=2", memory_body(data));
    CHECK(put.status == 200);
    auto seen = server.requests();
    CHECK(seen.back().method == "PUT");
    CHECK(seen.back().body == data);
    CHECK(http.post("/sdk", "<x/>", {}).status == 200);
    CHECK(server.requests().back().method == "POST");
    CHECK(http.connections() == 1);
  }
}
