// SPDX-License-Identifier: Apache-2.0

#include "transport/http_client.h"

#include "transport/http_client_impl.h"
#include "util/url.h"

#include <algorithm>
#include <memory>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace vmrun::transport {

namespace {

void global_init()
{
  // curl_global_init is not thread-safe; a function-local static makes it run once.
  static const CURLcode k_init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (k_init != CURLE_OK) {
    throw NetError(NetErrorKind::io, "Cannot initialise libcurl");
  }
#ifdef __GLIBC__
  // Replies of megabytes come and go (limits.h). glibc raises its mmap threshold to the size
  // of each large block freed, after which such blocks live on the heap, where growing them
  // copies and freeing them keeps them resident: a fixed threshold keeps the peak at what is
  // in use (an 8 MiB text reply then costs 9 MiB, not 15).
  static const int k_fixed_mmap_threshold = mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  static_cast<void>(k_fixed_mmap_threshold);
#endif
}

} // namespace

std::string Endpoint::authority() const
{
  return util::format_authority(host, port);
}

std::string Endpoint::base_url() const
{
  return "https://" + authority();
}

UploadBody memory_body(std::string_view bytes)
{
  auto offset = std::make_shared<std::size_t>(0);
  const auto read = [bytes, offset](std::span<char> buffer) {
    const std::size_t n = std::min(buffer.size(), bytes.size() - *offset);
    std::copy_n(bytes.data() + *offset, n, buffer.data());
    *offset += n;
    return n;
  };
  return UploadBody{bytes.size(), read, [offset] { *offset = 0; }};
}

// ---- HttpClient ------------------------------------------------------------------------------

HttpClient::HttpClient(Endpoint endpoint, HttpOptions options)
  : m_endpoint(std::move(endpoint)), m_impl(std::make_unique<Impl>(std::move(options)))
{
  global_init();
  m_impl->curl.reset(curl_easy_init());
  if (!m_impl->curl) {
    throw NetError(NetErrorKind::io, "Cannot create a libcurl handle");
  }
  m_impl->endpoint_authority = m_endpoint.authority();
  m_impl->configure();
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::post(std::string_view path, std::string_view body,
                              const std::vector<std::string>& headers)
{
  return post_streamed(path, body, headers, {});
}

HttpResponse HttpClient::post_streamed(std::string_view path, std::string_view body,
                                       const std::vector<std::string>& headers,
                                       const WriteCallback& write)
{
  std::string url = m_endpoint.base_url() + std::string(path);
  m_impl->sink = nullptr;
  m_impl->source = nullptr;
  m_impl->reply_sink = write ? &write : nullptr;
  m_impl->prepare(url, Method::post, headers);
  set_option(m_impl->curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  set_option(m_impl->curl.get(), CURLOPT_POSTFIELDS, body.data());
  ++m_requests;
  return m_impl->perform(url, "POST", body);
}

HttpResponse HttpClient::get(std::string_view path)
{
  std::string url = m_endpoint.base_url() + std::string(path);
  m_impl->sink = nullptr;
  m_impl->source = nullptr;
  m_impl->reply_sink = nullptr;
  m_impl->prepare(url, Method::get, {});
  ++m_requests;
  return m_impl->perform(url, "GET", {});
}

HttpResponse HttpClient::download(std::string_view url, const WriteCallback& write,
                                  const TransferPeer& peer)
{
  std::string target(url);
  m_impl->sink = &write;
  m_impl->source = nullptr;
  m_impl->reply_sink = nullptr;
  m_impl->prepare(target, Method::get, {}, peer);
  ++m_requests;
  return m_impl->perform(target, "GET", {});
}

HttpResponse HttpClient::upload(std::string_view url, const UploadBody& body,
                                const TransferPeer& peer)
{
  try {
    return put(url, body, peer);
  } catch (const NetError& error) {
    if (error.kind() != NetErrorKind::dropped || !body.rewind) {
      throw;
    }
  }
  body.rewind();
  return put(url, body, peer);
}

HttpResponse HttpClient::put(std::string_view url, const UploadBody& body, const TransferPeer& peer)
{
  std::string target(url);
  m_impl->sink = nullptr;
  m_impl->source = &body;
  m_impl->reply_sink = nullptr;
  m_impl->prepare(target, Method::put, {"Content-Type: application/octet-stream"}, peer);
  set_option(m_impl->curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size));
  ++m_requests;
  return m_impl->perform(target, "PUT", {});
}

std::string HttpClient::cookie(std::string_view name) const
{
  curl_slist* raw = nullptr;
  curl_easy_getinfo(m_impl->curl.get(), CURLINFO_COOKIELIST, &raw);
  CurlPtr<curl_slist> list(raw);
  // Netscape format: domain, subdomains, path, secure, expiry, name, value (tab-separated).
  for (curl_slist* item = list.get(); item; item = item->next) {
    std::string_view line(item->data);
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
      auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) {
        break;
      }
      start = tab + 1;
    }
    if (fields.size() >= 7 && fields[5] == name) {
      return std::string(fields[6]);
    }
  }
  return {};
}

void HttpClient::set_cookie(std::string_view name, std::string_view value)
{
  std::string line = m_endpoint.host + "\tFALSE\t/\tFALSE\t0\t" + std::string(name) + "\t" +
                     std::string(value);
  set_option(m_impl->curl.get(), CURLOPT_COOKIELIST, line.c_str());
}

void HttpClient::bind_certificate(std::string sha256)
{
  m_impl->verifier.bind(std::move(sha256));
}

std::string HttpClient::certificate_sha256() const
{
  return m_impl->verifier.presented_sha256();
}

void HttpClient::clear_cookies()
{
  set_option(m_impl->curl.get(), CURLOPT_COOKIELIST, "ALL");
}

long HttpClient::connections() const
{
  return m_impl->connections;
}

Deadline& HttpClient::deadline()
{
  return m_impl->deadline;
}

} // namespace vmrun::transport
