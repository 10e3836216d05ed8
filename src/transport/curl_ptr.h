// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: owning pointers for libcurl handles.
#include <curl/curl.h>

#include <memory>

namespace vmrun::transport {

// One deleter for every libcurl type we own; CURL is `void`, so the easy handle has its own
// alias rather than an overload that would also swallow other pointers.
struct CurlFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
  void operator()(char* text) const { curl_free(text); }
};
struct CurlEasyFree {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyFree>;
template <typename T>
using CurlPtr = std::unique_ptr<T, CurlFree>;

} // namespace vmrun::transport
