#pragma once

#include "transport/tls_policy.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::transport {

// Where the server is: https://host:port. IPv6 literals are stored without brackets.
struct Endpoint {
  std::string host;
  int port = 443;
  // "host:port", with brackets around an IPv6 literal: the known_hosts key and URL authority.
  std::string authority() const;
  // "https://<authority>"
  std::string base_url() const;
};

// A sink for the --debug trace; receives text with secrets already replaced by ***.
using TraceSink = std::function<void(std::string_view)>;

struct HttpOptions {
  long connect_timeout_s = 15;
  // Limit for one whole SOAP exchange; long waits use WaitForUpdatesEx with a server-side
  // maxWaitSeconds below this.
  long request_timeout_s = 120;
  TlsPolicy tls;
  std::string user_agent;
  TraceSink trace; // empty: no trace
};

// Receives one chunk of a downloaded body (2xx replies only); throw to abort the transfer.
using WriteCallback = std::function<void(std::string_view chunk)>;
// Fills `buffer` with the next upload bytes and returns how many (0 only at the end); throw to
// abort the transfer.
using ReadCallback = std::function<std::size_t(std::span<char> buffer)>;

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

// One libcurl easy handle for the whole command, so one TLS connection is reused.
// Sends an empty Expect:, keeps cookies in memory, follows no redirects.
class HttpClient
{
public:
  // Throws std::invalid_argument when options.tls.pin is not a SHA-1 or SHA-256 thumbprint.
  HttpClient(Endpoint endpoint, HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POST to a path on the endpoint ("/sdk"); extra headers as "Name: value".
  // Throws NetError on transport failures; any HTTP status is returned to the caller.
  HttpResponse post(std::string_view path, std::string_view body,
                    const std::vector<std::string>& headers);
  // GET a path on the endpoint.
  HttpResponse get(std::string_view path);

  // Streams the body of GET `url` (absolute, any host, same TLS policy) to `write`. Guarded by
  // a low-speed limit (1 byte/s for request_timeout_s) instead of a total timeout. The returned
  // body holds the start of a non-2xx reply only.
  HttpResponse download(std::string_view url, const WriteCallback& write);
  // PUTs `size` bytes produced by `read` to `url` (absolute, any host, same TLS policy), with the
  // same low-speed limit as download().
  HttpResponse upload(std::string_view url, const ReadCallback& read, std::uint64_t size);

  // Value of a cookie the server set, or "" (quotes kept as the server sent them).
  std::string cookie(std::string_view name) const;
  // Adds a session cookie for the endpoint's host (a cached vmware_soap_session).
  void set_cookie(std::string_view name, std::string_view value);
  // Number of new connections opened so far (1 when one connection served every request).
  long connections() const;
  const Endpoint& endpoint() const { return m_endpoint; }
  // Number of HTTP requests sent so far (for round-trip accounting).
  int requests() const { return m_requests; }

private:
  struct Impl;
  Endpoint m_endpoint;
  std::unique_ptr<Impl> m_impl;
  int m_requests = 0;
};

} // namespace vmrun::transport
