// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <span>
#include <string>
#include <string_view>

namespace vmrun::transport {

// The digest a thumbprint was made with; told apart by length (20 or 32 bytes).
enum class DigestAlgorithm { sha1, sha256 };

// Both thumbprints of one certificate (of its DER encoding), formatted.
struct CertThumbprints {
  std::string sha256;
  std::string sha1;
};

// Formats a digest as upper-case hex bytes joined by ':' ("AB:01:...").
std::string format_thumbprint(std::span<const unsigned char> digest);

// Normalises user or file input (colons optional, any case, 40 or 64 hex digits) to the
// formatted form; throws std::invalid_argument with a readable message otherwise.
std::string normalise_thumbprint(std::string_view input);

// The algorithm of a formatted thumbprint (SHA-1 when it holds 20 bytes, else SHA-256).
DigestAlgorithm thumbprint_algorithm(std::string_view formatted);

// "SHA256" or "SHA1", as printed in messages.
const char* algorithm_name(DigestAlgorithm algorithm);

// The certificate's thumbprint made with `algorithm`.
const std::string& thumbprint_for(const CertThumbprints& cert, DigestAlgorithm algorithm);

// True when `pin` (any accepted spelling, SHA-1 or SHA-256) names this certificate; false for
// a pin that does not parse.
bool thumbprint_matches(std::string_view pin, const CertThumbprints& cert);

} // namespace vmrun::transport
