// SPDX-License-Identifier: Apache-2.0

// The transport under hostile servers: bounded memory and time, honest errors
// (docs/behaviour.md#limits).
#include "transport/deadline.h"
#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport/limits.h"
#include "transport/soap_client.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

using namespace vmrun::transport;
using namespace vmrun::transport::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

HttpOptions insecure(long timeout_s)
{
  HttpOptions options;
  options.connect_timeout_s = 5;
  options.timeout_s = timeout_s;
  options.tls.mode = TlsMode::insecure;
  return options;
}

std::string repeat(std::string_view unit, std::size_t count)
{
  std::string out(unit);
  out.reserve(unit.size() * count);
  while (out.size() * 2 <= unit.size() * count) {
    out += out; // doubling: fast enough in a debug build
  }
  out.append(out.data(), unit.size() * count - out.size());
  return out;
}

// A server answering every request with `reply`, and a SOAP client of it.
struct Hostile {
  explicit Hostile(CannedResponse reply, long timeout_s = 10)
    : server(cert, [reply = std::move(reply)](const ReceivedRequest&) { return reply; }),
      http(loopback(server.port()), insecure(timeout_s)), soap(http)
  {
  }
  std::string authority() const { return "127.0.0.1:" + std::to_string(server.port()); }
  std::string invalid_reply() const
  {
    return "The server at " + authority() + " sent an invalid reply";
  }
  // A SOAP call that must fail.
  NetError call_error()
  {
    return expect_error([&] { soap.call(request()); });
  }
  static XmlWriter request()
  {
    return XmlWriter("RetrieveServiceContent", MoRef{"ServiceInstance", "ServiceInstance"});
  }

  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server;
  HttpClient http;
  SoapClient soap;
};

CannedResponse raw(std::string bytes)
{
  CannedResponse reply;
  reply.raw = std::move(bytes);
  reply.close = true;
  return reply;
}

CannedResponse xml(std::string body)
{
  CannedResponse reply;
  reply.body = std::move(body);
  return reply;
}

double seconds_since(Clock::time_point start)
{
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// As many nodes as the parser allows, and text up to the byte cap: the largest tree a reply
// within the caps can build.
std::string largest_tree_reply()
{
  const std::size_t elements = k_max_xml_nodes - 100;
  const std::size_t text = k_max_reply_bytes - 4 * elements - 1000;
  return soap_reply(repeat("<a/>", elements) + "<t>" + std::string(text, 'x') + "</t>");
}

} // namespace

TEST_CASE("replies past the caps are invalid")
{
  SUBCASE("a huge reply")
  {
    Hostile h(xml(soap_reply(repeat("<a/>", 3'000'000)))); // 12 MB
    const NetError error = h.call_error();
    CHECK(error.kind() == NetErrorKind::protocol);
    CHECK(std::string(error.what()) == h.invalid_reply());
  }
  SUBCASE("a gzip bomb: few bytes received, too many inflated")
  {
    CannedResponse reply = xml(gzip(soap_reply(repeat("<a/>", 4'000'000)))); // 16 MB
    reply.headers = {"Content-Encoding: gzip"};
    CHECK(reply.body.size() < 100'000);
    Hostile h(reply);
    CHECK(std::string(h.call_error().what()) == h.invalid_reply());
  }
  SUBCASE("a Content-Length past the cap")
  {
    Hostile h(raw("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " +
                  std::to_string(k_max_reply_bytes + 1) + "\r\n\r\n<a/>"));
    CHECK(std::string(h.call_error().what()) == h.invalid_reply());
  }
  SUBCASE("many tiny elements")
  {
    Hostile h(xml(soap_reply(repeat("<a/>", k_max_xml_nodes))));
    CHECK(std::string(h.call_error().what()) == h.invalid_reply());
  }
  SUBCASE("thousands of attributes on one element (quadratic in libxml2)")
  {
    std::string element = "<a";
    for (int i = 0; i < 200'000; ++i) {
      element += " b" + std::to_string(i) + "=\"\"";
    }
    Hostile h(xml(soap_reply(element + "/>")));
    const auto start = Clock::now();
    CHECK(std::string(h.call_error().what()) == h.invalid_reply());
    CHECK(seconds_since(start) < 10); // parsed as sent, this takes minutes
  }
  SUBCASE("replies at the caps are accepted")
  {
    Hostile text(xml(soap_reply("<t>" + std::string(k_max_reply_bytes - 1000, 'x') + "</t>")));
    CHECK(text.soap.call(Hostile::request()).returnval().child_text("t").size() ==
          k_max_reply_bytes - 1000);
    Hostile tree(xml(largest_tree_reply()));
    CHECK(tree.soap.call(Hostile::request()).returnval().children("a").size() ==
          k_max_xml_nodes - 100);
    CannedResponse zipped = xml(gzip(soap_reply("<t>small</t>")));
    zipped.headers = {"Content-Encoding: gzip"};
    Hostile gzipped(zipped);
    CHECK(gzipped.soap.call(Hostile::request()).returnval().child_text("t") == "small");
  }
}

TEST_CASE("HTTP and TLS framing errors after connecting are invalid replies")
{
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n";
  std::string many_headers;
  for (int i = 0; i < 200; ++i) {
    many_headers += "X-Filler-" + std::to_string(i) + ": " + std::string(500, 'h') + "\r\n";
  }
  CannedResponse tls_garbage;
  tls_garbage.raw_tcp = "this is not a TLS record\r\n\r\n";
  const std::vector<std::pair<std::string, CannedResponse>> cases = {
    {"a bad chunk size", raw(head + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n<a/>\r\n0\r\n\r\n")},
    {"a 300 KB header", raw(head + "X-Huge: " + std::string(300'000, 'h') + "\r\n\r\n")},
    {"headers past 64 KiB in all", raw(head + many_headers + "Content-Length: 4\r\n\r\n<a/>")},
    {"a truncated body", raw(head + "Content-Length: 4096\r\n\r\n<soapenv:Envelope")},
    {"not HTTP at all", raw("SSH-2.0-OpenSSH_9.2\r\n")},
    {"TLS records broken after the handshake", tls_garbage},
  };
  for (const auto& [name, reply] : cases) {
    CAPTURE(name);
    Hostile h(reply);
    const NetError error = h.call_error();
    CHECK(error.kind() == NetErrorKind::protocol);
    CHECK(std::string(error.what()) == h.invalid_reply());
  }
}

TEST_CASE("--timeout bounds the whole command")
{
  SUBCASE("each reply is slow: the exchanges share one deadline")
  {
    CannedResponse late = xml(soap_reply("<t>late</t>"));
    late.delay = 700ms;
    Hostile h(late, 2);
    const auto start = Clock::now();
    int answered = 0;
    const NetError error = expect_error([&] {
      for (; answered < 10; ++answered) {
        h.soap.call(Hostile::request());
      }
    });
    CHECK(error.kind() == NetErrorKind::deadline);
    CHECK(std::string(error.what()) == "The operation timed out after 2 seconds");
    CHECK(answered <= 2); // 700 ms each
    CHECK(seconds_since(start) < 2 + 2);

    // Spent: nothing more goes out...
    const auto sent = h.server.requests().size();
    CHECK(expect_error([&] { h.soap.call(Hostile::request()); }).kind() == NetErrorKind::deadline);
    CHECK(h.server.requests().size() == sent);
    // ...but cleanup gets a grace budget of its own.
    {
      const Deadline::Grace grace(h.http.deadline());
      CHECK(h.soap.call(Hostile::request()).returnval().child_text("t") == "late");
    }
    CHECK(h.http.deadline().expired());
  }
  SUBCASE("cleanup under a grace budget cannot hang either")
  {
    CannedResponse never = xml(soap_reply("<t/>"));
    never.delay = 60s;
    Hostile h(never, 1);
    const auto start = Clock::now();
    CHECK(expect_error([&] { h.soap.call(Hostile::request()); }).kind() == NetErrorKind::deadline);
    const Deadline::Grace grace(h.http.deadline(), 1s);
    CHECK(expect_error([&] { h.soap.call(Hostile::request()); }).kind() == NetErrorKind::deadline);
    CHECK(seconds_since(start) < 1 + 1 + 2);
  }
  SUBCASE("connecting takes from the deadline too")
  {
    SilentListener listener;
    auto options = insecure(1);
    options.connect_timeout_s = 30;
    HttpClient http(loopback(listener.port()), options);
    const auto start = Clock::now();
    const NetError error = expect_error([&] { http.get("/sdk"); });
    CHECK(error.kind() == NetErrorKind::timeout);
    CHECK(std::string(error.what()) ==
          "Cannot connect to 127.0.0.1:" + std::to_string(listener.port()) +
            ": Timed out after 1 seconds");
    CHECK(seconds_since(start) < 1 + 2);
  }
}

TEST_CASE("file transfers: a stall fails, a slow transfer does not")
{
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  SUBCASE("a trickle of 2 bytes at a time stalls")
  {
    CannedResponse trickle;
    trickle.body = std::string(4096, 'f');
    trickle.content_type = "application/octet-stream";
    trickle.trickle_bytes = 2;
    trickle.trickle_every = 500ms;
    HttpsServer server(cert, [&](const ReceivedRequest&) { return trickle; });
    HttpClient http(loopback(server.port()), insecure(1));
    std::size_t received = 0;
    const auto start = Clock::now();
    const NetError error = expect_error([&] {
      http.download("https://127.0.0.1:" + std::to_string(server.port()) + "/guestFile",
                    [&](std::string_view chunk) { received += chunk.size(); });
    });
    CHECK(error.kind() == NetErrorKind::io);
    CHECK(std::string(error.what()) ==
          "The transfer from 127.0.0.1:" + std::to_string(server.port()) +
            " stalled: less than 1 KiB in 1 seconds");
    CHECK(received < 1024);
    CHECK(seconds_since(start) < 1 + 2);
  }
  SUBCASE("slow but moving, and longer than --timeout: not a failure")
  {
    CannedResponse slow;
    slow.body = std::string(96 * 1024, 'f');
    slow.content_type = "application/octet-stream";
    slow.trickle_bytes = 4096;
    slow.trickle_every = 100ms; // 2.4 s in all, 40 KiB/s
    HttpsServer server(cert, [&](const ReceivedRequest& request) {
      return request.method == "GET" ? slow : xml(soap_reply("<t>after</t>"));
    });
    HttpClient http(loopback(server.port()), insecure(2));
    std::string file;
    const auto start = Clock::now();
    const auto reply = http.download("https://127.0.0.1:" + std::to_string(server.port()) +
                                       "/guestFile",
                                     [&](std::string_view chunk) { file.append(chunk); });
    CHECK(reply.status == 200);
    CHECK(file == slow.body);
    CHECK(seconds_since(start) > 2); // outlasted the deadline, which stood still
    CHECK(http.post("/sdk", "<x/>", {}).status == 200);
  }
}

#if !defined(__SANITIZE_ADDRESS__)
TEST_CASE("memory stays bounded whatever the server sends")
{
  // Each reply is fetched in a child process, whose peak RSS is then compared with its RSS
  // before the call (the parent holds the server and the replies). Bounds: the reply text,
  // the tree (docs/behaviour.md#limits) and slack; the process itself is not counted.
  const auto status_kb = [](const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.starts_with(key)) {
        return std::stol(line.substr(std::strlen(key)));
      }
    }
    return 0L;
  };
  CannedResponse bomb = xml(gzip(soap_reply(repeat("<a/>", 4'000'000)))); // 16 MB
  bomb.headers = {"Content-Encoding: gzip"};
  const std::vector<std::pair<std::string, CannedResponse>> cases = {
    {"12 MB of tiny elements", xml(soap_reply(repeat("<a/>", 3'000'000)))},
    {"a gzip bomb", bomb},
    {"the largest tree within the caps", xml(largest_tree_reply())},
  };
  for (const auto& [name, reply] : cases) {
    CAPTURE(name);
    Hostile h(reply);
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      std::ofstream("/proc/self/clear_refs") << "5"; // resets the peak to the current RSS
      const long before = status_kb("VmRSS:");
      try {
        h.soap.call(Hostile::request());
      } catch (const NetError&) {
      }
      const long grown = status_kb("VmHWM:") - before;
      ::_exit(::write(pipe_fds[1], &grown, sizeof grown) == sizeof grown ? 0 : 1);
    }
    ::close(pipe_fds[1]);
    long grown_kb = -1;
    CHECK(::read(pipe_fds[0], &grown_kb, sizeof grown_kb) == sizeof grown_kb);
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(grown_kb >= 0);
    CHECK(grown_kb < 36 * 1024);
  }
}
#endif
