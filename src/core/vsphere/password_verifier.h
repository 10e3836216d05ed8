// SPDX-License-Identifier: Apache-2.0

#pragma once

// What a cached session keeps of the password it was made with, so that a command given a
// password can tell it is that one without logging in (docs/behaviour.md#sessions): a salted
// PBKDF2-HMAC-SHA256, never the password nor a fast hash of it.

#include <optional>
#include <string>
#include <string_view>

namespace vmrun::core {

// About 3 ms on one core of a 2020s x86 machine (SHA-256 instructions): a warm command given a
// password pays it once, a guess at the password from a stolen cache file pays it every time.
inline constexpr unsigned k_verifier_iterations = 25000;

// "pbkdf2-sha256:ITERATIONS:SALT:HASH", salt (16 random bytes) and hash (32 bytes) in lower-case
// hex.
std::string make_verifier(std::string_view password);

struct ParsedVerifier {
  unsigned iterations;
  std::string salt; // bytes
  std::string hash; // bytes
};

// A verifier as make_verifier writes it, with iterations between 1,000 and 1,000,000 (a file
// cannot make a command spend seconds); nullopt for anything else.
std::optional<ParsedVerifier> parse_verifier(std::string_view text);

// Whether `password` is the one `verifier` was made from (a malformed verifier: false). The
// comparison takes the same time wherever the hashes differ.
bool verifier_matches(std::string_view verifier, std::string_view password);

} // namespace vmrun::core
