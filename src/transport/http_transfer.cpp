// SPDX-License-Identifier: Apache-2.0

#include "transport/http_client_impl.h"

#include "transport/curl_errors.h"
#include "transport/limits.h"
#include "transport/trace.h"
#include "util/interrupt.h"
#include "util/url.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace vmrun::transport {

namespace {

// The system's CA certificates, one file per certificate under its subject hash (Debian's
// ca-certificates keeps it so).
constexpr const char* k_system_ca_dir = "/etc/ssl/certs";

// Keeps the start of a non-2xx reply to a download, enough for an error page.
constexpr std::size_t k_error_body_limit = 64 * 1024;

// Host (without brackets) and port of an absolute URL.
std::pair<std::string, long> split_url(const std::string& url)
{
  CurlPtr<CURLU> parsed(curl_url());
  char* host = nullptr;
  char* port = nullptr;
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    curl_free(host);
    throw NetError(NetErrorKind::protocol, "Invalid URL: " + url);
  }
  CurlPtr<char> host_owner(host);
  CurlPtr<char> port_owner(port);
  std::string name(host);
  if (name.size() > 1 && name.front() == '[') {
    name = name.substr(1, name.size() - 2);
  }
  return {name, std::stol(port)};
}

// A host as curl's CONNECT_TO entries spell it: IPv6 literals in brackets.
std::string bracketed(const std::string& host)
{
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

NetError cancelled_error()
{
  return NetError(NetErrorKind::cancelled, "The operation was cancelled");
}

std::string without_cr(std::string text)
{
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

} // namespace

void HttpClient::Impl::configure()
{
  CURL* h = curl.get();
  set_option(h, CURLOPT_ERRORBUFFER, error);
  set_option(h, CURLOPT_NOSIGNAL, 1L);
  set_option(h, CURLOPT_FOLLOWLOCATION, 0L);
  set_option(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set_option(h, CURLOPT_PROTOCOLS_STR, "https");
  set_option(h, CURLOPT_ACCEPT_ENCODING, "");
  set_option(h, CURLOPT_COOKIEFILE, ""); // in-memory cookie engine: the session cookie comes back
  if (!options.user_agent.empty()) {
    set_option(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  }
  set_option(h, CURLOPT_WRITEFUNCTION, &Impl::on_write);
  set_option(h, CURLOPT_WRITEDATA, this);
  set_option(h, CURLOPT_READFUNCTION, &Impl::on_read);
  set_option(h, CURLOPT_READDATA, this);
  // libcurl sends a request again, on a new connection, when the reused connection it went out
  // on is dropped before any reply. 7.88 does it without rewinding an upload's body (it reads on
  // from where the first try stopped), later versions ask on_seek first. Neither happens to an
  // upload: on_prereq refuses it (7.88 calls it before every request it sends) and on_seek cannot
  // seek, and upload() starts over itself when the body allows (see UploadBody).
  set_option(h, CURLOPT_PREREQFUNCTION, &Impl::on_prereq);
  set_option(h, CURLOPT_PREREQDATA, this);
  set_option(h, CURLOPT_SEEKFUNCTION, &Impl::on_seek);
  set_option(h, CURLOPT_SEEKDATA, this);
  set_option(h, CURLOPT_HEADERFUNCTION, &Impl::on_header);
  set_option(h, CURLOPT_HEADERDATA, this);
  set_option(h, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress);
  set_option(h, CURLOPT_XFERINFODATA, this);
  set_option(h, CURLOPT_NOPROGRESS, 0L);
  if (options.trace) {
    set_option(h, CURLOPT_DEBUGFUNCTION, &Impl::on_debug);
    set_option(h, CURLOPT_DEBUGDATA, this);
    set_option(h, CURLOPT_VERBOSE, 1L); // needed for the debug function: it only sees HEADER_OUT
  }
  // VERIFYPEER stays on so OpenSSL runs our callback and a refusal ends the handshake; the
  // callback checks the host name itself, so a name mismatch can still be rescued by a pin or a
  // known_hosts entry. In insecure mode it accepts any certificate, but still notes it, and
  // still refuses one that a cached session was not made with.
  set_option(h, CURLOPT_SSL_VERIFYPEER, 1L);
  set_option(h, CURLOPT_SSL_VERIFYHOST, 0L);
  // The system CAs through their hashed directory only: OpenSSL then reads the one issuer a
  // chain needs, when it needs it, instead of parsing the whole bundle (about 140 certificates,
  // a third of a short command's CPU) on every start.
  if (std::error_code ec; std::filesystem::is_directory(k_system_ca_dir, ec)) {
    set_option(h, CURLOPT_CAINFO, static_cast<const char*>(nullptr));
    set_option(h, CURLOPT_CAPATH, k_system_ca_dir);
  }
  set_option(h, CURLOPT_SSL_CTX_FUNCTION, &Impl::on_ssl_ctx);
  set_option(h, CURLOPT_SSL_CTX_DATA, this);
}

void HttpClient::Impl::prepare(const std::string& url, Method method,
                               const std::vector<std::string>& extra, const TransferPeer& peer)
{
  CURL* h = curl.get();
  auto [host, port] = split_url(url);
  authority = util::format_authority(host, port);
  verifier.set_target(host, authority, authority == endpoint_authority);
  verifier.reset();
  if (!peer.thumbprint.empty()) {
    verifier.vouch(peer.thumbprint, peer.vouched_by);
  }
  // "name:port:address:port": the URL's name stays in the Host header and our messages, and is
  // never looked up (a vCenter inventory name often does not resolve here).
  connect_to.reset();
  if (!peer.address.empty()) {
    const std::string entry = fmt::format("{}:{}:{}:{}", bracketed(host), port,
                                          bracketed(peer.address), port);
    connect_to.reset(curl_slist_append(nullptr, entry.c_str()));
    if (!connect_to) {
      throw NetError(NetErrorKind::io, "Out of memory");
    }
  }
  set_option(h, CURLOPT_CONNECT_TO, connect_to.get());

  curl_slist* list = curl_slist_append(nullptr, "Expect:");
  headers.reset(list);
  for (const auto& header : extra) {
    list = curl_slist_append(headers.get(), header.c_str());
    if (!list) {
      throw NetError(NetErrorKind::io, "Out of memory");
    }
  }
  set_option(h, CURLOPT_URL, url.c_str());
  set_option(h, CURLOPT_HTTPHEADER, headers.get());
  set_option(h, CURLOPT_HTTPGET, 1L); // resets a previous POST or PUT on this handle
  if (method == Method::put) {
    set_option(h, CURLOPT_UPLOAD, 1L);
  }
  // Everything takes from the deadline except the data phase of a file transfer, which has the
  // stall limit instead (on_progress); SOAP replies are capped in size.
  deadline.check();
  if (signalled()) {
    throw cancelled_error();
  }
  const long left_ms = static_cast<long>(deadline.remaining().count());
  streaming = sink != nullptr || source != nullptr;
  // A streamed SOAP reply is not a file transfer: the deadline bounds it, as any SOAP reply.
  reply_cap = reply_sink ? k_max_streamed_reply_bytes : k_max_reply_bytes;
  streamed = 0;
  connect_limit_ms = std::min(options.connect_timeout_s * 1000, left_ms);
  set_option(h, CURLOPT_CONNECTTIMEOUT_MS, connect_limit_ms);
  set_option(h, CURLOPT_TIMEOUT_MS, streaming ? 0L : left_ms);
  set_option(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(streaming ? 0 : reply_cap));
  stall.reset();
  if (streaming) {
    stall.emplace(std::chrono::seconds(options.timeout_s), k_stall_bytes, Deadline::Clock::now());
  }

  body.clear();
  request_headers.clear();
  response_headers.clear();
  callback_error = nullptr;
  header_bytes = 0;
  oversized = false;
  stalled = false;
  cancelled = false;
  requests_sent = 0;
  refused_again = false;
  reused = false;
  signal_seen.reset();
  error[0] = '\0';
}

HttpResponse HttpClient::Impl::perform(const std::string& url, std::string_view method_name,
                                       std::string_view request_body)
{
  CURL* h = curl.get();
  std::optional<Deadline::Pause> paused; // file transfers: the stall limit instead
  if (streaming) {
    paused.emplace(deadline);
  }
  CURLcode code = curl_easy_perform(h);
  paused.reset();
  long opened = 0;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &opened);
  connections += opened;
  reused = opened == 0;
  // Our own verdicts first: curl only knows "peer verification failed".
  verifier.rethrow_refusal();
  if (callback_error) {
    std::rethrow_exception(callback_error);
  }
  if (code != CURLE_OK) {
    fail(code);
  }
  verifier.commit_first_use();

  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type);
  response.content_type = content_type ? content_type : "";
  response.body = std::move(body);
  if (options.trace) {
    trace_exchange(method_name, url, request_body, response);
  }
  return response;
}

bool HttpClient::Impl::signalled() const
{
  return util::InterruptGuard::interrupted() != 0 && !deadline.in_grace();
}

void HttpClient::Impl::fail(CURLcode code)
{
  if (cancelled) {
    throw cancelled_error();
  }
  if (dropped_before_reply(code)) {
    throw NetError(NetErrorKind::dropped,
                   "The connection to " + authority + " was cut during the transfer");
  }
  if (oversized) {
    throw NetError(NetErrorKind::protocol, "The server at " + authority + " sent an invalid reply");
  }
  if (stalled) {
    throw NetError(NetErrorKind::io,
                   fmt::format("The transfer {} {} stalled: less than 1 KiB in {} "
                               "seconds",
                               source ? "to" : "from", authority, options.timeout_s));
  }
  CurlFailure failure;
  failure.code = code;
  failure.error_buffer = error;
  curl_easy_getinfo(curl.get(), CURLINFO_OS_ERRNO, &failure.os_errno);
  curl_off_t pretransfer = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  failure.reached_transfer = pretransfer > 0;
  failure.authority = authority;
  // In whole seconds for the message: the deadline may have cut the limit to a fraction.
  failure.connect_timeout_s = std::max(1L, (connect_limit_ms + 500) / 1000);
  failure.deadline_s = static_cast<long>(deadline.budget().count());
  failure.streaming = streaming;
  throw net_error_from_curl(failure);
}

void HttpClient::Impl::trace_exchange(std::string_view method_name, const std::string& url,
                                      std::string_view request_body,
                                      const HttpResponse& response) const
{
  std::string out = "--> " + std::string(method_name) + " " + url + "\n" +
                    without_cr(request_headers);
  if (!streaming) {
    out.append(request_body).append("\n");
  }
  options.trace(scrub_secrets(out));
  std::string in = "<-- HTTP " + std::to_string(response.status) + "\n" +
                   without_cr(response_headers);
  if (!streaming) {
    in.append(response.body).append("\n");
  }
  options.trace(scrub_secrets(in));
}

size_t HttpClient::Impl::on_write(char* data, size_t size, size_t count, void* self)
{
  auto* impl = static_cast<Impl*>(self);
  size_t bytes = size * count;
  if (impl->reply_sink && impl->status() == 200) {
    return impl->stream_reply(data, bytes);
  }
  if (!impl->sink) {
    // Inflated size; on_progress caps the bytes received, which gzip may have made far fewer.
    if (bytes > k_max_reply_bytes - impl->body.size()) {
      impl->oversized = true;
      return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    impl->body.append(data, bytes);
    return bytes;
  }
  if (impl->status() / 100 != 2) {
    // An error page must not end up in the caller's file.
    impl->body.append(data, std::min(bytes, k_error_body_limit -
                                              std::min(impl->body.size(), k_error_body_limit)));
    return bytes;
  }
  try {
    (*impl->sink)(std::string_view(data, bytes));
    return bytes;
  } catch (...) {
    impl->callback_error = std::current_exception();
    return 0; // makes curl stop with CURLE_WRITE_ERROR
  }
}

long HttpClient::Impl::status() const
{
  long code = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &code);
  return code;
}

size_t HttpClient::Impl::stream_reply(const char* data, size_t bytes)
{
  // Inflated size, as for a reply read whole.
  if (bytes > reply_cap - streamed) {
    oversized = true;
    return 0; // makes curl stop with CURLE_WRITE_ERROR
  }
  streamed += bytes;
  if (options.trace) {
    body.append(data,
                std::min(bytes, k_max_reply_bytes - std::min(body.size(), k_max_reply_bytes)));
  }
  try {
    // curl checks its timeout and calls on_progress between reads, not while it inflates one
    // read: 1 MB of gzip may be a gigabyte to parse, which must not outlast the deadline.
    deadline.check();
    if (signalled()) {
      throw cancelled_error();
    }
    (*reply_sink)(std::string_view(data, bytes));
    return bytes;
  } catch (...) {
    callback_error = std::current_exception();
    return 0;
  }
}

size_t HttpClient::Impl::on_read(char* buffer, size_t size, size_t count, void* self)
{
  auto* impl = static_cast<Impl*>(self);
  if (!impl->source) {
    return 0;
  }
  try {
    return impl->source->read(std::span<char>(buffer, size * count));
  } catch (...) {
    impl->callback_error = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
}

int HttpClient::Impl::on_prereq(void* self, char*, char*, int, int)
{
  auto* impl = static_cast<Impl*>(self);
  if (++impl->requests_sent == 1) {
    return CURL_PREREQFUNC_OK;
  }
  if (impl->source) {
    impl->refused_again = true;
    return CURL_PREREQFUNC_ABORT;
  }
  // A download sent again (nothing of it had arrived): its byte count starts from 0 once more.
  if (impl->stall) {
    impl->stall.emplace(std::chrono::seconds(impl->options.timeout_s), k_stall_bytes,
                        Deadline::Clock::now());
  }
  return CURL_PREREQFUNC_OK;
}

int HttpClient::Impl::on_seek(void* self, curl_off_t, int)
{
  auto* impl = static_cast<Impl*>(self);
  impl->refused_again = impl->source != nullptr; // libcurl seeks only to send a body again
  return CURL_SEEKFUNC_CANTSEEK;
}

bool HttpClient::Impl::dropped_before_reply(CURLcode code) const
{
  if (!source) {
    return false;
  }
  if (refused_again) {
    return true;
  }
  // What libcurl sends again for other requests, and more: it does not when the drop shows
  // while sending, the usual case for a large body.
  const bool connection_lost = code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR ||
                               code == CURLE_GOT_NOTHING;
  return connection_lost && reused && header_bytes == 0;
}

size_t HttpClient::Impl::on_header(char* data, size_t size, size_t count, void* self)
{
  auto* impl = static_cast<Impl*>(self);
  impl->header_bytes += size * count;
  if (impl->header_bytes > k_max_header_bytes) {
    impl->oversized = true;
    return 0;
  }
  if (impl->options.trace) {
    impl->response_headers.append(data, size * count);
  }
  return size * count;
}

int HttpClient::Impl::on_progress(void* self, curl_off_t, curl_off_t dlnow, curl_off_t,
                                  curl_off_t ulnow)
{
  auto* impl = static_cast<Impl*>(self);
  // Non-zero stops the transfer with CURLE_ABORTED_BY_CALLBACK. curl calls this at least once a
  // second, also while it waits for a silent server: a signal ends any exchange within that.
  if (impl->signalled()) {
    const auto now = Deadline::Clock::now();
    if (impl->deadline.finishing() && !impl->signal_seen) {
      impl->signal_seen = now;
    }
    if (!impl->deadline.finishing() || now - *impl->signal_seen >= k_cleanup_grace) {
      impl->cancelled = true;
      return 1;
    }
  }
  if (impl->stall) {
    const auto moved = static_cast<std::uint64_t>(dlnow) + static_cast<std::uint64_t>(ulnow);
    if (impl->stall->stalled(Deadline::Clock::now(), moved)) {
      impl->stalled = true;
      return 1;
    }
    return 0;
  }
  // Bytes received as sent (compressed or not), before on_write sees them inflated.
  if (static_cast<std::uint64_t>(dlnow) > impl->reply_cap) {
    impl->oversized = true;
    return 1;
  }
  return 0;
}

int HttpClient::Impl::on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self)
{
  if (type == CURLINFO_HEADER_OUT) {
    static_cast<Impl*>(self)->request_headers.append(data, size);
  }
  return 0;
}

CURLcode HttpClient::Impl::on_ssl_ctx(CURL*, void* ssl_ctx, void* self)
{
  // --ca-file adds to the system CAs that curl has already loaded into this context.
  return static_cast<Impl*>(self)->verifier.install(static_cast<SSL_CTX*>(ssl_ctx))
           ? CURLE_OK
           : CURLE_SSL_CACERT_BADFILE;
}

} // namespace vmrun::transport
