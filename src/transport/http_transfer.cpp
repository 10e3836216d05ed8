#include "transport/http_client_impl.h"

#include "transport/curl_errors.h"
#include "transport/trace.h"
#include "util/url.h"

#include <algorithm>

namespace vmrun::transport {

namespace {

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
  set_option(h, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
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
  if (options.trace) {
    set_option(h, CURLOPT_HEADERFUNCTION, &Impl::on_header);
    set_option(h, CURLOPT_HEADERDATA, this);
    set_option(h, CURLOPT_DEBUGFUNCTION, &Impl::on_debug);
    set_option(h, CURLOPT_DEBUGDATA, this);
    set_option(h, CURLOPT_VERBOSE, 1L); // needed for the debug function: it only sees HEADER_OUT
  }
  if (options.tls.mode == TlsMode::insecure) {
    set_option(h, CURLOPT_SSL_VERIFYPEER, 0L);
    set_option(h, CURLOPT_SSL_VERIFYHOST, 0L);
    return;
  }
  // VERIFYPEER stays on so OpenSSL runs our callback; it checks the host name itself, so a
  // name mismatch can still be rescued by a pin or a known_hosts entry.
  set_option(h, CURLOPT_SSL_VERIFYPEER, 1L);
  set_option(h, CURLOPT_SSL_VERIFYHOST, 0L);
  set_option(h, CURLOPT_SSL_CTX_FUNCTION, &Impl::on_ssl_ctx);
  set_option(h, CURLOPT_SSL_CTX_DATA, this);
}

void HttpClient::Impl::prepare(const std::string& url, Method method,
                               const std::vector<std::string>& extra)
{
  CURL* h = curl.get();
  auto [host, port] = split_url(url);
  authority = util::format_authority(host, port);
  verifier.set_target(host, authority);
  verifier.reset();

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
  // Streams have no total limit, only a stall limit; SOAP exchanges have both.
  streaming = sink != nullptr || source != nullptr;
  set_option(h, CURLOPT_TIMEOUT, streaming ? 0L : options.request_timeout_s);
  set_option(h, CURLOPT_LOW_SPEED_LIMIT, streaming ? 1L : 0L);
  set_option(h, CURLOPT_LOW_SPEED_TIME, streaming ? options.request_timeout_s : 0L);

  body.clear();
  request_headers.clear();
  response_headers.clear();
  callback_error = nullptr;
  error[0] = '\0';
}

HttpResponse HttpClient::Impl::perform(const std::string& url, std::string_view method_name,
                                       std::string_view request_body)
{
  CURL* h = curl.get();
  CURLcode code = curl_easy_perform(h);
  long opened = 0;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &opened);
  connections += opened;
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

void HttpClient::Impl::fail(CURLcode code)
{
  CurlFailure failure;
  failure.code = code;
  failure.error_buffer = error;
  curl_easy_getinfo(curl.get(), CURLINFO_OS_ERRNO, &failure.os_errno);
  curl_off_t pretransfer = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  failure.reached_transfer = pretransfer > 0;
  failure.authority = authority;
  failure.connect_timeout_s = options.connect_timeout_s;
  failure.transfer_timeout_s = options.request_timeout_s;
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
  if (!impl->sink) {
    impl->body.append(data, bytes);
    return bytes;
  }
  long status = 0;
  curl_easy_getinfo(impl->curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status / 100 != 2) {
    // An error page must not end up in the caller's file.
    impl->body.append(data, std::min(bytes, k_error_body_limit - std::min(impl->body.size(),
                                                                           k_error_body_limit)));
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

size_t HttpClient::Impl::on_read(char* buffer, size_t size, size_t count, void* self)
{
  auto* impl = static_cast<Impl*>(self);
  if (!impl->source) {
    return 0;
  }
  try {
    return (*impl->source)(std::span<char>(buffer, size * count));
  } catch (...) {
    impl->callback_error = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
}

size_t HttpClient::Impl::on_header(char* data, size_t size, size_t count, void* self)
{
  static_cast<Impl*>(self)->response_headers.append(data, size * count);
  return size * count;
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
