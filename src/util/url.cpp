// SPDX-License-Identifier: Apache-2.0

#include "util/url.h"

#include <algorithm>
#include <charconv>

namespace vmrun::util {

UrlParts split_url(std::string_view url)
{
  UrlParts parts;
  std::string_view rest = url;
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    parts.scheme = url.substr(0, scheme_end);
    parts.has_scheme = true;
    rest = url.substr(scheme_end + 3);
  }
  const auto end = std::min(rest.find_first_of("/?#"), rest.size());
  parts.authority = rest.substr(0, end);
  parts.rest = rest.substr(end);
  return parts;
}

Authority parse_authority(std::string_view authority)
{
  Authority result;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      result.error = "missing ']'";
      return result;
    }
    result.host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      result.error = "unexpected text after ']'";
      return result;
    }
    if (!after.empty()) {
      result.port = after.substr(1);
    }
  } else if (std::count(authority.begin(), authority.end(), ':') > 1) {
    result.host = authority;
  } else {
    const auto colon = authority.find(':');
    result.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      result.port = authority.substr(colon + 1);
    }
  }
  if (result.port && result.port->empty()) {
    result.error = "empty port";
  } else if (result.host.empty()) {
    result.error = "no host name";
  }
  return result;
}

std::optional<long> parse_bounded(std::string_view text, long min, long max)
{
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_port(std::string_view text)
{
  const auto port = parse_bounded(text, 1, 65535);
  return port ? std::optional<int>(static_cast<int>(*port)) : std::nullopt;
}

std::string format_authority(std::string_view host, long port)
{
  const bool ipv6 = host.find(':') != std::string_view::npos;
  return (ipv6 ? "[" + std::string(host) + "]" : std::string(host)) + ":" + std::to_string(port);
}

std::string_view without_query(std::string_view url)
{
  return url.substr(0, url.find('?'));
}

} // namespace vmrun::util
