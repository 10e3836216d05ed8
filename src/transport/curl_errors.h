// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: turns a failed curl transfer into the NetError the user sees
// (texts from docs/behaviour.md#connecting).
#include "transport/errors.h"

#include <curl/curl.h>

#include <string>

namespace vmrun::transport {

// What we know about a failed curl_easy_perform.
struct CurlFailure {
  CURLcode code = CURLE_OK;
  std::string error_buffer;      // CURLOPT_ERRORBUFFER contents, may be empty
  long os_errno = 0;             // CURLINFO_OS_ERRNO
  bool reached_transfer = false; // the request was sent (connect and TLS were done)
  std::string authority;         // host:port of the request
  long connect_timeout_s = 0;    // the limit connecting had, for "Timed out after N seconds"
  long deadline_s = 0;           // --timeout, for "The operation timed out after N seconds"
  bool streaming = false;        // a file download or upload, not a SOAP exchange
};

// The NetError for a curl failure (not for TLS refusals, which TlsVerifier reports itself).
NetError net_error_from_curl(const CurlFailure& failure);

} // namespace vmrun::transport
