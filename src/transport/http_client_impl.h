// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: the state behind HttpClient, shared by http_client.cpp (the
// public requests) and http_transfer.cpp (curl options, callbacks and error mapping).
#include "transport/curl_ptr.h"
#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport/stall_window.h"
#include "transport/tls_verify.h"

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace vmrun::transport {

enum class Method { get, post, put };

template <typename T>
void set_option(CURL* curl, CURLoption option, T value)
{
  if (curl_easy_setopt(curl, option, value) != CURLE_OK) {
    throw NetError(NetErrorKind::io, "Cannot set a libcurl option");
  }
}

// The easy handle and what its callbacks need; one per HttpClient, kept for every request.
struct HttpClient::Impl {
  explicit Impl(HttpOptions opts)
    : options(std::move(opts)), verifier(options.tls),
      deadline(std::chrono::seconds(options.timeout_s))
  {
  }

  void configure();
  void prepare(const std::string& url, Method method, const std::vector<std::string>& headers,
               const TransferPeer& peer = {});
  HttpResponse perform(const std::string& url, std::string_view method_name,
                       std::string_view request_body);
  [[noreturn]] void fail(CURLcode code);
  // A signal asked the command to stop (util::InterruptGuard), and this is not cleanup.
  bool signalled() const;
  void trace_exchange(std::string_view method_name, const std::string& url,
                      std::string_view request_body, const HttpResponse& response) const;

  static size_t on_write(char* data, size_t size, size_t count, void* self);
  // The HTTP status of the reply being received (0 before its status line).
  long status() const;
  // on_write for a 200 reply to post_streamed().
  size_t stream_reply(const char* data, size_t bytes);
  static size_t on_read(char* buffer, size_t size, size_t count, void* self);
  static int on_prereq(void* self, char*, char*, int, int);
  static int on_seek(void* self, curl_off_t, int);
  // An upload failed on a connection that was reused, before any reply: NetErrorKind::dropped.
  bool dropped_before_reply(CURLcode code) const;
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow);
  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self);
  static CURLcode on_ssl_ctx(CURL*, void* ssl_ctx, void* self);

  HttpOptions options;
  TlsVerifier verifier;
  Deadline deadline;
  CurlEasyPtr curl;
  CurlPtr<curl_slist> headers;
  CurlPtr<curl_slist> connect_to; // a TransferPeer's address, for the current request
  std::string endpoint_authority; // the server a pin or a session binding speaks of
  char error[CURL_ERROR_SIZE] = {};
  std::string authority; // of the current request
  bool streaming = false;

  // Per-transfer state, reset by prepare().
  std::string body;
  std::string request_headers;
  std::string response_headers;
  const WriteCallback* sink = nullptr;
  // post_streamed(): where a 200 reply's body goes, and the cap on any reply's body (received
  // and inflated); bytes handed to reply_sink so far.
  const WriteCallback* reply_sink = nullptr;
  std::size_t reply_cap = 0;
  std::size_t streamed = 0;
  const UploadBody* source = nullptr;
  std::exception_ptr callback_error;
  long connect_limit_ms = 0; // what connecting was allowed
  std::size_t header_bytes = 0;
  bool oversized = false;           // a reply past a cap in limits.h
  std::optional<StallWindow> stall; // file transfers only
  bool stalled = false;
  bool cancelled = false;                                 // stopped by a signal
  int requests_sent = 0;                                  // more than 1: libcurl sent it again
  bool refused_again = false;                             // an upload that was to go again
  bool reused = false;                                    // no new connection for this request
  std::optional<Deadline::Clock::time_point> signal_seen; // when a Finish exchange saw one
  long connections = 0;
};

} // namespace vmrun::transport
