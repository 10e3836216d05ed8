// SPDX-License-Identifier: Apache-2.0

#include "transport/curl_errors.h"
#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport_test_support.h"
#include "util/text.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace vmrun::transport;
using namespace vmrun::transport::test;

namespace {

CannedResponse ok(const ReceivedRequest&)
{
  return CannedResponse{200, "<ok/>", "text/xml", {}};
}

HttpOptions options_with(TlsMode mode, std::string known_hosts = {})
{
  HttpOptions options;
  options.connect_timeout_s = 5;
  options.timeout_s = 10;
  options.tls.mode = mode;
  options.tls.known_hosts_path = std::move(known_hosts);
  return options;
}

} // namespace

TEST_CASE("Endpoint::authority")
{
  CHECK(Endpoint{"esx1", 443}.authority() == "esx1:443");
  CHECK(Endpoint{"::1", 8443}.authority() == "[::1]:8443");
  CHECK(Endpoint{"::1", 443}.base_url() == "https://[::1]:443");
}

TEST_CASE("HttpClient::post")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server(cert, ok);
  auto options = options_with(TlsMode::insecure);
  options.user_agent = "vmrun-test/1";
  HttpClient http(loopback(server.port()), options);

  SUBCASE("one connection for three requests")
  {
    for (int i = 0; i < 3; ++i) {
      auto reply = http.post("/sdk", "<x/>", {"SOAPAction: urn:vim25/6.5"});
      CHECK(reply.status == 200);
      CHECK(reply.body == "<ok/>");
      CHECK(reply.content_type == "text/xml");
    }
    CHECK(http.connections() == 1);
    CHECK(server.accepted() == 1);
    CHECK(http.requests() == 3);
    auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].path == "/sdk");
    CHECK(seen[0].body == "<x/>");
    CHECK(seen[0].headers["soapaction"] == "urn:vim25/6.5");
    CHECK(seen[0].headers["user-agent"] == "vmrun-test/1");
    CHECK(seen[0].headers.count("expect") == 0);
    CHECK(seen[0].headers.count("accept-encoding") == 1);
  }
  SUBCASE("get after post on the same handle")
  {
    http.post("/sdk", "<x/>", {});
    http.get("/sdk/vimServiceVersions.xml");
    auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].method == "GET");
    CHECK(seen[1].body.empty());
  }
}

TEST_CASE("HttpClient::cookie")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server(cert, [](const ReceivedRequest&) {
    return CannedResponse{200,
                          "<ok/>",
                          "text/xml",
                          {"Set-Cookie: vmware_soap_session=2e9d84bd; HttpOnly"}};
  });
  HttpClient http(loopback(server.port()), options_with(TlsMode::insecure));
  CHECK(http.cookie("vmware_soap_session").empty());
  http.get("/a");
  CHECK(http.cookie("vmware_soap_session") == "2e9d84bd");
  http.get("/b");
  CHECK(server.requests()[1].headers["cookie"] == "vmware_soap_session=2e9d84bd");

  HttpClient cached(loopback(server.port()), options_with(TlsMode::insecure));
  cached.set_cookie("vmware_soap_session", "\"015f\"");
  cached.get("/c");
  CHECK(server.requests()[2].headers["cookie"] == "vmware_soap_session=\"015f\"");
}

TEST_CASE("HttpClient TLS policy")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  TestCert other = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server(cert, ok);
  ScratchDir dir;
  const std::string known_hosts = (dir.path() / "vmrun" / "known_hosts").string();
  const std::string authority = "127.0.0.1:" + std::to_string(server.port());

  SUBCASE("tofu records on first use, then accepts")
  {
    std::vector<std::string> told;
    auto options = options_with(TlsMode::tofu, known_hosts);
    options.tls.on_first_use = [&](const std::string& host_port, const std::string& sha256) {
      told.push_back(host_port + " " + sha256);
    };
    HttpClient(loopback(server.port()), options).get("/");
    REQUIRE(told.size() == 1);
    CHECK(told[0] == authority + " " + cert.thumbprints.sha256);
    std::ifstream in(known_hosts);
    std::string line;
    std::getline(in, line);
    CHECK(line == authority + " " + cert.thumbprints.sha256);

    HttpClient(loopback(server.port()), options).get("/");
    CHECK(told.size() == 1);
  }
  SUBCASE("tofu: another vmrun recorded the host during our first use")
  {
    // The server's handler runs between our handshake and our recording of the certificate.
    std::string recorded;
    HttpsServer racing(cert, [&](const ReceivedRequest& request) {
      std::filesystem::create_directories(dir.path() / "vmrun");
      std::ofstream(known_hosts) << request.headers.at("host") << " " << recorded << "\n";
      return CannedResponse{200, "<ok/>", "text/xml", {}};
    });
    const std::string host = "127.0.0.1:" + std::to_string(racing.port());
    std::vector<std::string> told;
    auto options = options_with(TlsMode::tofu, known_hosts);
    options.tls.on_first_use = [&](const std::string& host_port, const std::string&) {
      told.push_back(host_port);
    };
    recorded = cert.thumbprints.sha256; // the same certificate: fine, and no notice
    HttpClient(loopback(racing.port()), options).get("/");
    CHECK(told.empty());

    std::filesystem::remove(known_hosts);
    recorded = other.thumbprints.sha256; // a different one: refused, its entry kept
    HttpClient http(loopback(racing.port()), options);
    auto error = expect_error<TlsMismatchError>([&] { http.get("/"); });
    CHECK(error.details().expected == other.thumbprints.sha256);
    CHECK(error.details().presented == cert.thumbprints.sha256);
    std::ifstream in(known_hosts);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) ==
          host + " " + other.thumbprints.sha256 + "\n");
    CHECK(told.empty());
  }
  SUBCASE("tofu mismatch names both thumbprints and the line")
  {
    std::filesystem::create_directories(dir.path() / "vmrun");
    const std::string stored = authority + " " + other.thumbprints.sha256;
    std::ofstream(known_hosts) << "elsewhere:443 AA\n" << stored << "\n";
    HttpClient http(loopback(server.port()), options_with(TlsMode::tofu, known_hosts));
    auto error = expect_error<TlsMismatchError>([&] { http.get("/"); });
    CHECK(error.kind() == NetErrorKind::tls_mismatch);
    CHECK(error.details().host_port == authority);
    CHECK(error.details().expected == other.thumbprints.sha256);
    CHECK(error.details().presented == cert.thumbprints.sha256);
    CHECK(error.details().known_hosts_path == known_hosts);
    CHECK(error.details().known_hosts_line == stored);
    CHECK(std::string(error.what()) ==
          "The certificate of " + authority +
            " does not match the trusted thumbprint: expected SHA256 " + other.thumbprints.sha256 +
            ", presented SHA256 " + cert.thumbprints.sha256);
    CHECK(server.requests().empty());
  }
  SUBCASE("pins")
  {
    auto options = options_with(TlsMode::strict);
    options.tls.pin = cert.thumbprints.sha256;
    CHECK(HttpClient(loopback(server.port()), options).get("/").status == 200);

    std::string sha1 = vmrun::util::to_lower(cert.thumbprints.sha1);
    std::erase(sha1, ':');
    options.tls.pin = sha1;
    CHECK(HttpClient(loopback(server.port()), options).get("/").status == 200);

    options.tls.pin = other.thumbprints.sha1;
    HttpClient wrong(loopback(server.port()), options);
    auto error = expect_error<TlsMismatchError>([&] { wrong.get("/"); });
    CHECK(error.details().expected == other.thumbprints.sha1);
    CHECK(error.details().presented == cert.thumbprints.sha1);
    CHECK(error.details().known_hosts_path.empty());
    CHECK(std::string(error.what()).find("expected SHA1 ") != std::string::npos);

    options.tls.pin = "not-a-thumbprint";
    CHECK_THROWS_AS(HttpClient(loopback(server.port()), options), std::invalid_argument);
  }
  SUBCASE("strict refuses an untrusted certificate")
  {
    HttpClient http(loopback(server.port()), options_with(TlsMode::strict));
    auto error = expect_error([&] { http.get("/"); });
    CHECK(error.kind() == NetErrorKind::tls_untrusted);
    CHECK(std::string(error.what()) == "The certificate of " + authority +
                                         " is not trusted (SHA256 " + cert.thumbprints.sha256 +
                                         ")");
  }
  SUBCASE("insecure accepts anything")
  {
    CHECK(HttpClient(loopback(server.port()), options_with(TlsMode::insecure)).get("/").status ==
          200);
  }
}

TEST_CASE("HttpClient CA trust")
{
  TestCert ca = make_cert("Test CA", "", nullptr, true);
  ScratchDir dir;
  auto ca_file = (dir.path() / "ca.pem").string();
  std::ofstream(ca_file) << ca.pem();
  auto options = options_with(TlsMode::strict);
  options.tls.ca_file = ca_file;

  SUBCASE("chain and IP address match")
  {
    TestCert leaf = make_cert("esx", "IP:127.0.0.1", &ca);
    HttpsServer server(leaf, ok);
    CHECK(HttpClient(loopback(server.port()), options).get("/").status == 200);
  }
  SUBCASE("right chain, wrong name: not CA-trusted")
  {
    TestCert leaf = make_cert("esx", "DNS:elsewhere.example", &ca);
    HttpsServer server(leaf, ok);
    HttpClient http(loopback(server.port()), options);
    CHECK(expect_error([&] { http.get("/"); }).kind() == NetErrorKind::tls_untrusted);
  }
  SUBCASE("an unreadable CA file is an error, not a silent fallback")
  {
    TestCert leaf = make_cert("esx", "IP:127.0.0.1", &ca);
    HttpsServer server(leaf, ok);
    options.tls.ca_file = (dir.path() / "missing.pem").string();
    HttpClient http(loopback(server.port()), options);
    CHECK(expect_error([&] { http.get("/"); }).kind() == NetErrorKind::tls_other);
  }
}

TEST_CASE("HttpClient connection errors")
{
  SUBCASE("connection refused")
  {
    int port = closed_port();
    HttpClient http(loopback(port), options_with(TlsMode::insecure));
    auto error = expect_error([&] { http.get("/sdk"); });
    CHECK(error.kind() == NetErrorKind::connect);
    CHECK(std::string(error.what()) ==
          "Cannot connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
  }
  SUBCASE("handshake never answered")
  {
    SilentListener listener;
    auto options = options_with(TlsMode::insecure);
    options.connect_timeout_s = 1;
    HttpClient http(loopback(listener.port()), options);
    auto error = expect_error([&] { http.get("/sdk"); });
    CHECK(error.kind() == NetErrorKind::timeout);
    CHECK(std::string(error.what()) ==
          "Cannot connect to 127.0.0.1:" + std::to_string(listener.port()) +
            ": Timed out after 1 seconds");
  }
}

TEST_CASE("net_error_from_curl")
{
  CurlFailure failure;
  failure.authority = "esx.example:443";
  failure.connect_timeout_s = 15;
  failure.deadline_s = 300;

  failure.code = CURLE_COULDNT_RESOLVE_HOST;
  CHECK(net_error_from_curl(failure).kind() == NetErrorKind::resolve);
  CHECK(std::string(net_error_from_curl(failure).what()) ==
        "Cannot connect to esx.example:443: Host name not found");

  failure.code = CURLE_OPERATION_TIMEDOUT;
  CHECK(net_error_from_curl(failure).kind() == NetErrorKind::timeout);
  CHECK(std::string(net_error_from_curl(failure).what()) ==
        "Cannot connect to esx.example:443: Timed out after 15 seconds");
  failure.reached_transfer = true;
  CHECK(net_error_from_curl(failure).kind() == NetErrorKind::deadline);
  CHECK(std::string(net_error_from_curl(failure).what()) ==
        "The operation timed out after 300 seconds");

  // TLS failures: a certificate problem while connecting is the handshake's; a peer that does
  // not speak TLS at all (closes, garbage, plain HTTP) sent an invalid reply, as after it.
  failure.reached_transfer = false;
  failure.code = CURLE_SSL_CERTPROBLEM;
  CHECK(net_error_from_curl(failure).kind() == NetErrorKind::tls_other);
  for (CURLcode code : {CURLE_SSL_CONNECT_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING}) {
    failure.code = code;
    CHECK(net_error_from_curl(failure).kind() == NetErrorKind::protocol);
  }
  failure.reached_transfer = true;
  for (CURLcode code :
       {CURLE_SSL_CONNECT_ERROR, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
        CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING,
        CURLE_OUT_OF_MEMORY, CURLE_FILESIZE_EXCEEDED, CURLE_RANGE_ERROR}) {
    failure.code = code;
    CAPTURE(code);
    CHECK(net_error_from_curl(failure).kind() == NetErrorKind::protocol);
    CHECK(std::string(net_error_from_curl(failure).what()) ==
          "The server at esx.example:443 sent an invalid reply");
  }

  // The same failure in the middle of a file transfer is a dropped connection.
  failure.streaming = true;
  failure.code = CURLE_PARTIAL_FILE;
  CHECK(net_error_from_curl(failure).kind() == NetErrorKind::io);
  CHECK(std::string(net_error_from_curl(failure).what()) ==
        "The connection to esx.example:443 was cut during the transfer");
}

namespace {

// Bytes that differ from one offset to the next over a long stretch, so that a body starting at
// another offset than 0 cannot pass for the file's start.
std::string numbered_bytes(std::size_t size)
{
  std::string bytes(size, '\0');
  std::uint32_t x = 2463534242;
  for (auto& c : bytes) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return bytes;
}

// Whether every PUT the server received was `data` from offset 0 on (the part it read).
bool bodies_start_at_zero(const std::vector<ReceivedRequest>& requests, const std::string& data)
{
  return std::all_of(requests.begin(), requests.end(), [&](const ReceivedRequest& request) {
    return request.method != "PUT" || data.compare(0, request.body.size(), request.body) == 0;
  });
}

std::vector<std::size_t> put_sizes(const std::vector<ReceivedRequest>& requests)
{
  std::vector<std::size_t> sizes;
  for (const auto& request : requests) {
    if (request.method == "PUT") {
      sizes.push_back(request.body.size());
    }
  }
  return sizes;
}

// Cuts the first PUT as `cut` says; the ones after it are answered.
CutPolicy first_put_cut(RequestCut cut)
{
  auto puts = std::make_shared<std::atomic<int>>(0);
  return [cut, puts](const ReceivedRequest& head) -> std::optional<RequestCut> {
    if (head.method == "PUT" && (*puts)++ == 0) {
      return cut;
    }
    return std::nullopt;
  };
}

double seconds_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

// libcurl sends a request again, on a new connection, when the reused connection it went out on
// is dropped before any reply. Each way of dropping an upload: the PUT is the second request on
// its connection (after a POST), so that it went out on a reused one.
TEST_CASE("HttpClient::upload sent again: from the body's first byte, or not at all")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  const std::string data = numbered_bytes(4 << 20);
  const struct {
    std::string name;
    RequestCut cut;
  } cuts[] = {
    {"reset after 1 MiB", {1 << 20, true}},
    {"closed without a reply after the whole body", {data.size(), false}},
    {"reset before a byte of the body", {0, true}},
  };
  for (const auto& c : cuts) {
    CAPTURE(c.name);
    {
      // A body that can be rewound goes again whole, to the same URL.
      HttpsServer server(cert, ok, first_put_cut(c.cut));
      HttpClient http(loopback(server.port()), options_with(TlsMode::insecure));
      CHECK(http.post("/sdk", "<x/>", {}).status == 200);
      const auto put = http.upload("https://127.0.0.1:" + std::to_string(server.port()) + "/f",
                                   memory_body(data));
      CHECK(put.status == 200);
      const auto seen = server.requests();
      CHECK(put_sizes(seen) == std::vector<std::size_t>{c.cut.after_bytes, data.size()});
      CHECK(bodies_start_at_zero(seen, data));
      CHECK(seen.back().body == data);
    }
    {
      // One that cannot (a URL that serves one request) is not sent again: the caller decides.
      HttpsServer server(cert, ok, first_put_cut(c.cut));
      HttpClient http(loopback(server.port()), options_with(TlsMode::insecure));
      CHECK(http.post("/sdk", "<x/>", {}).status == 200);
      UploadBody once = memory_body(data);
      once.rewind = nullptr;
      const NetError error = expect_error(
        [&] { http.upload("https://127.0.0.1:" + std::to_string(server.port()) + "/f", once); });
      CHECK(error.kind() == NetErrorKind::dropped);
      CHECK(std::string(error.what()) ==
            "The connection to 127.0.0.1:" + std::to_string(server.port()) +
              " was cut during the transfer");
      const auto seen = server.requests();
      CHECK(put_sizes(seen) == std::vector<std::size_t>{c.cut.after_bytes});
      CHECK(bodies_start_at_zero(seen, data));
      // The handle is still good for the next request, on a new connection.
      CHECK(http.post("/sdk", "<x/>", {}).status == 200);
    }
  }
}

TEST_CASE("HttpClient::upload sent again gets a fresh stall window, and can stall in it")
{
  // The second PUT is read up to 64 KiB, then the server stops reading and never answers: the
  // stall limit (1 s here) must still end it, counting from the second request.
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  const std::string data = numbered_bytes(4 << 20);
  auto puts = std::make_shared<std::atomic<int>>(0);
  HttpsServer server(cert, ok, [puts](const ReceivedRequest& head) -> std::optional<RequestCut> {
    if (head.method != "PUT") {
      return std::nullopt;
    }
    return (*puts)++ == 0 ? RequestCut{1 << 20, true} : RequestCut{64 << 10, false, true};
  });
  HttpOptions options = options_with(TlsMode::insecure);
  options.timeout_s = 1;
  HttpClient http(loopback(server.port()), options);
  CHECK(http.post("/sdk", "<x/>", {}).status == 200);
  const auto start = std::chrono::steady_clock::now();
  const NetError error = expect_error([&] {
    http.upload("https://127.0.0.1:" + std::to_string(server.port()) + "/f", memory_body(data));
  });
  CHECK(error.kind() == NetErrorKind::io);
  CHECK(std::string(error.what()) == "The transfer to 127.0.0.1:" + std::to_string(server.port()) +
                                       " stalled: less than 1 KiB in 1 seconds");
  CHECK(seconds_since(start) < 1 + 2);
  const auto seen = server.requests();
  CHECK(put_sizes(seen) == std::vector<std::size_t>{1 << 20, 64 << 10});
  CHECK(bodies_start_at_zero(seen, data));
}
