// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/deadline.h"
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
  // Limit for connecting (TCP + TLS handshake), within the time the deadline leaves.
  long connect_timeout_s = 15;
  // --timeout: the command's deadline (see deadline()), which starts when the client is made,
  // and the window of the stall limit of file transfers.
  long timeout_s = 300;
  TlsPolicy tls;
  std::string user_agent;
  TraceSink trace; // empty: no trace
};

// Receives one chunk of a downloaded body (2xx replies only); throw to abort the transfer.
using WriteCallback = std::function<void(std::string_view chunk)>;
// Fills `buffer` with the next upload bytes and returns how many (0 only at the end); throw to
// abort the transfer.
using ReadCallback = std::function<std::size_t(std::span<char> buffer)>;

// The body of a PUT: `size` bytes that `read` produces in order.
struct UploadBody {
  std::uint64_t size = 0;
  ReadCallback read;
  // Puts `read` back to the first byte; throw when it cannot. When the reused connection an
  // upload went out on is dropped before any reply, upload() starts it over once with it, to the
  // same URL and on a new connection. Empty: the URL must not get the body twice (a guest
  // transfer URL may serve one request), and the upload fails with NetErrorKind::dropped, for the
  // caller to start over as the URL allows.
  std::function<void()> rewind;
};

// The body of an upload of `bytes`, which must outlive it; it can be rewound.
UploadBody memory_body(std::string_view bytes);

// The server of a transfer URL that the endpoint vouched for: vCenter names the ESXi host that
// serves a guest file transfer, and reports that host's address and certificate over the
// connection we already verified.
struct TransferPeer {
  // Connect here (an IP literal or name) instead of the URL's host, which the URL keeps (HTTP Host
  // header, messages); empty: the URL's host.
  std::string address;
  // Accept exactly the certificate with this thumbprint (SHA-256 or SHA-1 hex), whatever the TLS
  // policy says and without recording it (insecure mode still checks nothing); empty: the policy
  // decides, as for any other host.
  std::string thumbprint;
  // Who reported `thumbprint`, for a mismatch message ("vCenter").
  std::string vouched_by;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

// One libcurl easy handle for the whole command, so one TLS connection is reused.
// Sends an empty Expect:, keeps cookies in memory, follows no redirects. Replies are capped
// (limits.h): past a cap, or broken in HTTP or TLS framing after connecting, a reply is
// NetError(protocol) "The server at <host:port> sent an invalid reply".
class HttpClient
{
public:
  // Throws std::invalid_argument when options.tls.pin is not a SHA-1 or SHA-256 thumbprint.
  HttpClient(Endpoint endpoint, HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POST to a path on the endpoint ("/sdk"); extra headers as "Name: value". Takes the time the
  // deadline leaves; throws NetError(deadline) when it runs out.
  // Throws NetError on transport failures; any HTTP status is returned to the caller.
  HttpResponse post(std::string_view path, std::string_view body,
                    const std::vector<std::string>& headers);
  // POST as post(), but the body of a 200 reply goes to `write` as it arrives (up to
  // k_max_streamed_reply_bytes; limits.h) and is not returned (with a trace sink, its first
  // k_max_reply_bytes are, for the trace); any other reply's body is returned, capped as for
  // post(). The deadline applies as for post(); `write` may throw to abort.
  HttpResponse post_streamed(std::string_view path, std::string_view body,
                             const std::vector<std::string>& headers, const WriteCallback& write);
  // GET a path on the endpoint.
  HttpResponse get(std::string_view path);

  // Streams the body of GET `url` (absolute, any host, same TLS policy) to `write`. Connecting
  // takes from the deadline; the transfer itself does not (the deadline pauses) but fails as
  // stalled when it moves less than k_stall_bytes in any window of timeout_s: NetError(io)
  // "The transfer from <host:port> stalled: less than 1 KiB in <N> seconds". The returned body
  // holds the start of a non-2xx reply only.
  // A TLS pin and a cached session's certificate binding name the endpoint's certificate, so
  // they do not apply to another host; `peer` says how to reach and trust that host.
  HttpResponse download(std::string_view url, const WriteCallback& write,
                        const TransferPeer& peer = {});
  // PUTs `body` to `url` (absolute, any host, same TLS policy), timed like download() ("The
  // transfer to <host:port> stalled: ..."). Every PUT sent carries the body from its first byte:
  // libcurl never sends one again by itself; a start over (UploadBody::rewind) is a new request
  // with a stall window and a connect limit of its own, and the deadline runs between the two.
  HttpResponse upload(std::string_view url, const UploadBody& body, const TransferPeer& peer = {});

  // Value of a cookie the server set, or "" (quotes kept as the server sent them).
  std::string cookie(std::string_view name) const;
  // Adds a session cookie for the endpoint's host (a cached vmware_soap_session).
  void set_cookie(std::string_view name, std::string_view value);
  // From now on, connect only to a server presenting the certificate with this SHA-256
  // (TlsVerifier::bind): NetError(tls_session_changed) otherwise, before any request is sent.
  void bind_certificate(std::string sha256);
  // SHA-256 (formatted) of the certificate the endpoint presented last (not another host's,
  // such as a transfer's); "" before any.
  std::string certificate_sha256() const;
  // Forgets every cookie (a session that must not be offered to another server).
  void clear_cookies();
  // Number of new connections opened so far (1 when one connection served every request).
  long connections() const;
  const Endpoint& endpoint() const { return m_endpoint; }
  // Number of HTTP requests sent so far (for round-trip accounting).
  int requests() const { return m_requests; }
  // The command's deadline: waits take their server-side limits from it, cleanup takes a
  // Deadline::Grace on it.
  Deadline& deadline();

private:
  // One PUT request of upload().
  HttpResponse put(std::string_view url, const UploadBody& body, const TransferPeer& peer);

  struct Impl;
  Endpoint m_endpoint;
  std::unique_ptr<Impl> m_impl;
  int m_requests = 0;
};

} // namespace vmrun::transport
