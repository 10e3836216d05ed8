// SPDX-License-Identifier: Apache-2.0

// A session cache file (core/vsphere/session_cache.h parse_cached_session): whatever it holds,
// what is accepted writes back to the same session, and its cookie is safe in a Cookie header.
// The input is also read as a kept watch file (parse_kept_watch: what is accepted writes back to
// the same text, every reference a printable token) and as a password verifier (password_verifier.h
// parse_verifier): one that parses has bounded iterations and exact sizes, and formats back to the
// same text.
#include "core/vsphere/password_verifier.h"
#include "core/vsphere/session_cache.h"
#include "fuzz_support.h"

using namespace vmrun;

namespace {

std::string hex(const std::string& bytes)
{
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

void check_verifier(std::string_view text)
{
  const auto verifier = core::parse_verifier(text);
  if (!verifier) {
    return;
  }
  fuzz::require(verifier->iterations >= 1000 && verifier->iterations <= 1000000,
                "iterations are bounded");
  fuzz::require(verifier->salt.size() == 16 && verifier->hash.size() == 32, "exact sizes");
  fuzz::require(text == "pbkdf2-sha256:" + std::to_string(verifier->iterations) + ":" +
                          hex(verifier->salt) + ":" + hex(verifier->hash),
                "a verifier has one spelling");
}

void check_kept_watch(std::string_view text)
{
  const auto watch = core::parse_kept_watch(text);
  if (!watch) {
    return;
  }
  for (const auto* ref : {&watch->collector, &watch->view, &watch->filter, &watch->vm}) {
    fuzz::require(!ref->empty() && ref->value.find_first_of(" \t\r\n") == std::string::npos,
                  "references are printable tokens");
  }
  const std::string again = core::format_kept_watch(*watch);
  fuzz::require(core::parse_kept_watch(again) == watch, "format and parse round-trip");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  check_verifier(fuzz::as_text(data, size));
  check_kept_watch(fuzz::as_text(data, size));
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
  check_verifier(parsed->verifier);
  return 0;
}
