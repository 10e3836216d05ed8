// SPDX-License-Identifier: Apache-2.0

// A session cache file (core/vsphere/session_cache.h parse_cached_session): whatever it holds,
// what is accepted writes back to the same session, and its cookie is safe in a Cookie header.
#include "core/vsphere/session_cache.h"
#include "fuzz_support.h"

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto parsed = core::parse_cached_session(fuzz::as_text(data, size));
  if (!parsed) {
    return 0;
  }
  fuzz::require(parsed->cookie.find_first_of("; \t\r\n") == std::string::npos,
                "a cookie holds no separator");
  const std::string text = core::format_cached_session(*parsed);
  const auto again = core::parse_cached_session(text);
  fuzz::require(again.has_value(), "a formatted session parses");
  fuzz::require(core::format_cached_session(*again) == text, "format and parse round-trip");
  (void)core::session_file_name(parsed->cookie);
  return 0;
}
