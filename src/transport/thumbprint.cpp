// SPDX-License-Identifier: Apache-2.0

#include "transport/thumbprint.h"

#include <cctype>
#include <stdexcept>

namespace vmrun::transport {

namespace {

constexpr std::size_t k_sha1_hex = 40;
constexpr std::size_t k_sha256_hex = 64;

} // namespace

std::string format_thumbprint(std::span<const unsigned char> digest)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string result;
  result.reserve(digest.size() * 3);
  for (unsigned char byte : digest) {
    if (!result.empty()) {
      result += ':';
    }
    result += k_hex[byte >> 4];
    result += k_hex[byte & 0x0f];
  }
  return result;
}

std::string normalise_thumbprint(std::string_view input)
{
  std::string hex;
  for (char c : input) {
    if (c == ':') {
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      hex.clear();
      break;
    }
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != k_sha1_hex && hex.size() != k_sha256_hex) {
    throw std::invalid_argument("Invalid thumbprint \"" + std::string(input) +
                                "\": expected a SHA-256 (64 hex digits) or SHA-1 (40 hex "
                                "digits) thumbprint, colons optional");
  }
  std::string result;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i > 0) {
      result += ':';
    }
    result.append(hex, i, 2);
  }
  return result;
}

DigestAlgorithm thumbprint_algorithm(std::string_view formatted)
{
  // 20 bytes formatted = 40 hex digits + 19 colons.
  return formatted.size() == k_sha1_hex + 19 ? DigestAlgorithm::sha1 : DigestAlgorithm::sha256;
}

const char* algorithm_name(DigestAlgorithm algorithm)
{
  return algorithm == DigestAlgorithm::sha1 ? "SHA1" : "SHA256";
}

const std::string& thumbprint_for(const CertThumbprints& cert, DigestAlgorithm algorithm)
{
  return algorithm == DigestAlgorithm::sha1 ? cert.sha1 : cert.sha256;
}

bool thumbprint_matches(std::string_view pin, const CertThumbprints& cert)
{
  try {
    std::string normal = normalise_thumbprint(pin);
    return normal == thumbprint_for(cert, thumbprint_algorithm(normal));
  } catch (const std::invalid_argument&) {
    return false;
  }
}

} // namespace vmrun::transport
