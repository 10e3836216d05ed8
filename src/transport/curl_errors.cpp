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
  case CURLE_USE_SSL_FAILED:
    return true;
  default:
    return false;
  }
}

bool is_bad_reply(CURLcode code)
{
  switch (code) {
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_WEIRD_SERVER_REPLY:
  case CURLE_BAD_CONTENT_ENCODING:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return true;
  default:
    return false;
  }
}

NetError timeout_error(const CurlFailure& failure)
{
  // Nothing was sent yet: the TCP connect or the TLS handshake ran out of time.
  if (!failure.reached_transfer) {
    return NetError(NetErrorKind::timeout,
                    cannot_connect(failure.authority, "Timed out after " +
                                                        std::to_string(failure.connect_timeout_s) +
                                                        " seconds"));
  }
  return NetError(NetErrorKind::timeout, "The server at " + failure.authority +
                                           " did not answer within " +
                                           std::to_string(failure.transfer_timeout_s) + " seconds");
}

} // namespace

NetError net_error_from_curl(const CurlFailure& failure)
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
    return timeout_error(failure);
  case CURLE_SSL_CACERT_BADFILE:
    return NetError(NetErrorKind::tls_other, "Cannot use the CA file: " + detail(failure));
  case CURLE_WRITE_ERROR:
  case CURLE_READ_ERROR:
  case CURLE_ABORTED_BY_CALLBACK:
    return NetError(NetErrorKind::io, "Transfer with " + authority + " failed: " + detail(failure));
  default:
    break;
  }
  // A file transfer whose connection dropped mid-body: say so, rather than "invalid reply".
  if (failure.streaming && failure.reached_transfer &&
      (failure.code == CURLE_PARTIAL_FILE || failure.code == CURLE_RECV_ERROR ||
       failure.code == CURLE_SEND_ERROR || failure.code == CURLE_GOT_NOTHING)) {
    return NetError(NetErrorKind::io,
                    "The connection to " + authority + " was cut during the transfer");
  }
  if (is_tls_failure(failure.code)) {
    return NetError(NetErrorKind::tls_other,
                    cannot_connect(authority, "TLS handshake failed (" + detail(failure) + ")"));
  }
  if (is_bad_reply(failure.code)) {
    return NetError(NetErrorKind::protocol, "The server at " + authority + " sent an invalid reply");
  }
  return NetError(NetErrorKind::connect, cannot_connect(authority, detail(failure)));
}

} // namespace vmrun::transport
