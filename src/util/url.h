// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vmrun::util {

// A URL cut around its authority. All three views point into the text that was split.
struct UrlParts {
  std::string_view scheme;    // before "://"; empty when the text has no "://"
  std::string_view authority; // after "://" (or from the start) up to the first '/', '?' or '#'
  std::string_view rest;      // the path, query and fragment: everything after the authority
  bool has_scheme = false;    // whether the text has "://"
};

// "https://host:443/sdk?x" -> {"https", "host:443", "/sdk?x"}; "host/sdk" -> {"", "host", "/sdk"}.
UrlParts split_url(std::string_view url);

// The authority's host and port: "host", "host:port", "[v6]", "[v6]:port", or a bare IPv6
// literal (more than one ':', which then cannot carry a port).
struct Authority {
  std::string_view host;                // without the brackets
  std::optional<std::string_view> port; // the text after the ':', when there is one
  // Why the text is no authority: "missing ']'", "unexpected text after ']'", "empty port",
  // "no host name"; empty when it is one.
  std::string_view error;
};

Authority parse_authority(std::string_view authority);

// The whole text as a decimal integer in [min, max] (no '+', no spaces); nullopt otherwise.
std::optional<long> parse_bounded(std::string_view text, long min, long max);

// A TCP port: a decimal number in [1, 65535]; nullopt otherwise. The one parser for every port
// vmrun reads (-P, a port in a host name, libvix's host name, a transfer URL's authority).
std::optional<int> parse_port(std::string_view text);

// "host:port", with brackets around a host that is an IPv6 literal (holds ':').
std::string format_authority(std::string_view host, long port);

// The URL without its query (it may hold a ticket), for messages.
std::string_view without_query(std::string_view url);

} // namespace vmrun::util
