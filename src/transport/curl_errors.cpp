// SPDX-License-Identifier: Apache-2.0

#include "transport/curl_errors.h"

#include <cerrno>
#include <cstring>

namespace vmrun::transport {

namespace {

std::string cannot_connect(const std::string& authority, const std::string& reason)
{
  return "Cannot connect to " + authority + ": " + reason;
}

std::string detail(const CurlFailure& failure)
{
  return failure.error_buffer.empty() ? curl_easy_strerror(failure.code) : failure.error_buffer;
}

bool is_tls_failure(CURLcode code)
{
  switch (code) {
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_USE_SSL_FAILED: return true;
  default: return false;
  }
}

NetError invalid_reply(const CurlFailure& failure)
{
  return NetError(NetErrorKind::protocol,
                  "The server at " + failure.authority + " sent an invalid reply");
}

// Before the request went out: the host could not be reached (or the TLS handshake failed).
NetError connect_error(const CurlFailure& failure)
{
  const std::string& authority = failure.authority;
  switch (failure.code) {
  case CURLE_COULDNT_RESOLVE_HOST:
    return NetError(NetErrorKind::resolve, cannot_connect(authority, "Host name not found"));
  case CURLE_COULDNT_CONNECT:
    return NetError(NetErrorKind::connect,
                    cannot_connect(authority, failure.os_errno == ECONNREFUSED
                                                ? std::string("Connection refused")
                                              : failure.os_errno != 0
                                                ? std::string(std::strerror(failure.os_errno))
                                                : detail(failure)));
  case CURLE_OPERATION_TIMEDOUT:
    return NetError(NetErrorKind::timeout,
                    cannot_connect(authority, "Timed out after " +
                                                std::to_string(failure.connect_timeout_s) +
                                                " seconds"));
  case CURLE_UNSUPPORTED_PROTOCOL:
    return invalid_reply(failure); // a transfer URL we were handed is not https
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
    // The host was reached but did not speak TLS: it closed at once, sent garbage or plain
    // HTTP. Certificate refusals have their own texts and never get here.
    return invalid_reply(failure);
  default: break;
  }
  if (is_tls_failure(failure.code)) {
    return NetError(NetErrorKind::tls_other,
                    cannot_connect(authority, "TLS handshake failed (" + detail(failure) + ")"));
  }
  return NetError(NetErrorKind::connect, cannot_connect(authority, detail(failure)));
}

} // namespace

NetError net_error_from_curl(const CurlFailure& failure)
{
  switch (failure.code) {
  case CURLE_SSL_CACERT_BADFILE:
    return NetError(NetErrorKind::tls_other, "Cannot use the CA file: " + detail(failure));
  case CURLE_WRITE_ERROR:
  case CURLE_READ_ERROR:
  case CURLE_ABORTED_BY_CALLBACK:
    return NetError(NetErrorKind::io,
                    "Transfer with " + failure.authority + " failed: " + detail(failure));
  default: break;
  }
  if (!failure.reached_transfer) {
    return connect_error(failure);
  }
  // Connected: what goes wrong now is the command's deadline, or the reply.
  if (failure.code == CURLE_OPERATION_TIMEDOUT) {
    return NetError(NetErrorKind::deadline, "The operation timed out after " +
                                              std::to_string(failure.deadline_s) + " seconds");
  }
  // A file transfer whose connection dropped mid-body: say so, rather than "invalid reply".
  if (failure.streaming &&
      (failure.code == CURLE_PARTIAL_FILE || failure.code == CURLE_RECV_ERROR ||
       failure.code == CURLE_SEND_ERROR || failure.code == CURLE_GOT_NOTHING)) {
    return NetError(NetErrorKind::io,
                    "The connection to " + failure.authority + " was cut during the transfer");
  }
  // HTTP or TLS framing (a bad chunk, oversized headers, which libcurl reports as out of
  // memory, a truncated body, a TLS alert after the handshake): the reply is unusable.
  return invalid_reply(failure);
}

} // namespace vmrun::transport
