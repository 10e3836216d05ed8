// SPDX-License-Identifier: Apache-2.0

// A signal under util::InterruptGuard ends the exchange under way (docs/behaviour.md#signals);
// cleanup calls still go out; the call that starts a task may finish.
#include "transport/deadline.h"
#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport/soap_client.h"
#include "transport_test_support.h"
#include "util/interrupt.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>

using namespace vmrun::transport;
using namespace vmrun::transport::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A server that sends the test process SIGINT when a request arrives (when
// `signal_on_request`), then answers after `delay`.
struct SignallingServer {
  explicit SignallingServer(std::chrono::milliseconds delay)
    : server(cert,
             [this, delay](const ReceivedRequest&) {
               if (signal_on_request) {
                 ::kill(::getpid(), SIGINT);
               }
               CannedResponse reply;
               reply.body = soap_reply("<t>done</t>");
               reply.delay = delay;
               return reply;
             }),
      http(loopback(server.port()), options()), soap(http)
  {
  }
  static HttpOptions options()
  {
    HttpOptions o;
    o.connect_timeout_s = 5;
    o.timeout_s = 60;
    o.tls.mode = TlsMode::insecure;
    return o;
  }
  static XmlWriter request()
  {
    return XmlWriter("RetrieveServiceContent", MoRef{"ServiceInstance", "ServiceInstance"});
  }

  bool signal_on_request = true;
  TestCert cert = make_cert("localhost", "IP:127.0.0.1");
  HttpsServer server;
  HttpClient http;
  SoapClient soap;
};

// doctest reports SIGINT as a crash; an InterruptGuard only takes over a default disposition
// (it leaves a signal someone else handles alone), so the tests put the default back first.
class DefaultSigint
{
public:
  DefaultSigint()
  {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGINT, &dfl, &m_saved);
  }
  ~DefaultSigint() { ::sigaction(SIGINT, &m_saved, nullptr); }
  DefaultSigint(const DefaultSigint&) = delete;
  DefaultSigint& operator=(const DefaultSigint&) = delete;

private:
  struct sigaction m_saved {};
};

double seconds_since(Clock::time_point start)
{
  return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

TEST_CASE("a signal ends the exchange under way")
{
  const DefaultSigint dfl;
  const vmrun::util::InterruptGuard interrupts;
  SignallingServer s(60s); // a server that does not answer in time
  const auto start = Clock::now();
  const NetError error = expect_error([&] { s.soap.call(SignallingServer::request()); });
  CHECK(error.kind() == NetErrorKind::cancelled);
  CHECK(std::string(error.what()) == "The operation was cancelled");
  CHECK(seconds_since(start) < 3); // curl looks at the signal at least once a second
  CHECK(vmrun::util::InterruptGuard::interrupted() == SIGINT);

  // Nothing new goes out once a signal came...
  const auto sent = s.server.requests().size();
  CHECK(expect_error([&] { s.soap.call(SignallingServer::request()); }).kind() ==
        NetErrorKind::cancelled);
  CHECK(s.server.requests().size() == sent);
}

TEST_CASE("cleanup calls still go out after a signal")
{
  const DefaultSigint dfl;
  const vmrun::util::InterruptGuard interrupts;
  SignallingServer s(0ms);
  CHECK(expect_error([&] { s.soap.call(SignallingServer::request()); }).kind() ==
        NetErrorKind::cancelled);
  s.signal_on_request = false;
  const Deadline::Grace grace(s.http.deadline());
  CHECK(s.soap.call(SignallingServer::request()).returnval().child_text("t") == "done");
}

TEST_CASE("the call that starts a task finishes after a signal")
{
  const DefaultSigint dfl;
  const vmrun::util::InterruptGuard interrupts;
  SignallingServer s(1500ms); // the reply comes after curl has seen the signal
  {
    const Deadline::Finish finish(s.http.deadline());
    CHECK(s.soap.call(SignallingServer::request()).returnval().child_text("t") == "done");
  }
  CHECK(vmrun::util::InterruptGuard::interrupted() == SIGINT);
  CHECK(expect_error([&] { s.soap.call(SignallingServer::request()); }).kind() ==
        NetErrorKind::cancelled);
}
