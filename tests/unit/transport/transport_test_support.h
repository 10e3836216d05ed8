// SPDX-License-Identifier: Apache-2.0

#pragma once

// Helpers for the transport tests: captured fixtures, scratch directories, certificates made
// with OpenSSL, and a small real HTTPS server on loopback.
#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport/ssl_ptr.h"
#include "transport/thumbprint.h"
#include "transport/xml.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace vmrun::transport::test {

// Contents of tests/data/transport/<name>.
std::string read_fixture(const std::string& name);
// The body of a captured "*.http" exchange (after the first blank line).
std::string http_body(const std::string& capture);
// The <val> of the first property change in a parsed WaitForUpdatesEx response.
XmlNode first_change_value(const XmlDocument& doc);
// A captured <soapenv:Fault> fragment inside the envelope of capture B.10.
std::string fault_envelope(const std::string& fault_fragment);

// A fresh directory, removed with its contents at scope exit.
class ScratchDir
{
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

// A certificate and its key; `ca` makes it a CA that can sign others.
struct TestCert {
  SslPtr<EVP_PKEY> key;
  SslPtr<X509> cert;
  CertThumbprints thumbprints;
  std::string pem() const;
};

// Self-signed (or signed by `issuer`) certificate for `names` ("IP:127.0.0.1", "DNS:x").
TestCert make_cert(const std::string& common_name, const std::string& names,
                   const TestCert* issuer = nullptr, bool ca = false);

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers; // lower-case names
  std::string body;
};

struct CannedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "text/xml; charset=utf-8";
  std::vector<std::string> headers; // extra "Name: value" lines

  // Hostile behaviour (all off by default).
  std::string raw{};                          // sent as the whole reply instead of the above
  std::string raw_tcp{};                      // sent on the socket past TLS, instead of a reply
  std::chrono::milliseconds delay{0};         // waited before replying
  std::size_t trickle_bytes = 0;              // the body in pieces this size...
  std::chrono::milliseconds trickle_every{0}; // ...one per interval
  bool close = false;                         // hang up after the reply
};

// Hangs up (or goes silent) part-way through a request's body instead of answering it.
struct RequestCut {
  std::size_t after_bytes = 0; // of the body, read before hanging up
  bool reset = true;           // a TCP RST; false: a clean TLS close
  bool hold = false;           // instead: read no more and never answer (until the server stops)
};
// Decides from a request's head (method, path, headers; no body yet) whether to cut it, and
// where; the request is recorded with the body bytes read before the cut.
using CutPolicy = std::function<std::optional<RequestCut>(const ReceivedRequest& head)>;

// A gzip stream of `text` (for Content-Encoding: gzip replies).
std::string gzip(const std::string& text);
// A RetrieveServiceContentResponse envelope whose returnval holds `content`.
std::string soap_reply(const std::string& content);

// An HTTPS/1.1 server on 127.0.0.1 with keep-alive; one thread per connection.
class HttpsServer
{
public:
  using Handler = std::function<CannedResponse(const ReceivedRequest&)>;
  HttpsServer(const TestCert& cert, Handler handler, CutPolicy cut = {});
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  int port() const { return m_port; }
  // TCP connections accepted so far.
  int accepted() const { return m_accepted; }
  std::vector<ReceivedRequest> requests() const;

private:
  void accept_loop();
  void serve(int fd);
  // Sends `response` as its fields say; false when the client went away or we are stopping.
  bool send(SSL* ssl, int fd, const CannedResponse& response);
  // Waits `duration`, or less when the server stops; false then.
  bool pause(std::chrono::milliseconds duration);

  // Hangs up on `fd` as `cut` says; it is closed here already when reset.
  void hang_up(SSL* ssl, int fd, const RequestCut& cut);

  SslPtr<SSL_CTX> m_ctx;
  Handler m_handler;
  CutPolicy m_cut;
  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<int> m_accepted{0};
  std::atomic<bool> m_stopping{false};
  std::condition_variable m_stop;
  mutable std::mutex m_mutex;
  std::vector<ReceivedRequest> m_requests;
  std::vector<int> m_fds;
  std::vector<std::thread> m_threads;
  std::thread m_acceptor;
};

// A loopback socket that listens but never accepts nor answers: handshakes time out.
class SilentListener
{
public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return m_port; }

private:
  int m_fd = -1;
  int m_port = 0;
};

// A loopback port with nothing listening on it.
int closed_port();

// 127.0.0.1 at `port`.
inline Endpoint loopback(int port)
{
  return Endpoint{"127.0.0.1", port};
}

// Runs `action` and returns the error it must throw.
template <typename Error = NetError, typename F>
Error expect_error(F action)
{
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  FAIL("expected an exception");
  throw std::logic_error("unreachable");
}

} // namespace vmrun::transport::test
