// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/password_verifier.h"

#include "transport/errors.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>

namespace vmrun::core {

namespace {

constexpr std::string_view k_prefix = "pbkdf2-sha256:";
constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_hash_bytes = 32;

std::string derive(std::string_view password, const std::string& salt, unsigned iterations)
{
  std::string hash(k_hash_bytes, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
                        static_cast<int>(hash.size()),
                        reinterpret_cast<unsigned char*>(hash.data())) != 1) {
    throw transport::NetError(transport::NetErrorKind::io, "Cannot derive the password verifier");
  }
  return hash;
}

std::string hex(const std::string& bytes)
{
  std::string out;
  for (const unsigned char c : bytes) {
    out += fmt::format("{:02x}", c);
  }
  return out;
}

std::optional<std::string> unhex(std::string_view text, std::size_t bytes)
{
  if (text.size() != bytes * 2) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
    if (ec != std::errc() || end != text.data() + i + 2 || (text[i] >= 'A' && text[i] <= 'F') ||
        (text[i + 1] >= 'A' && text[i + 1] <= 'F')) {
      return std::nullopt;
    }
    out += static_cast<char>(value);
  }
  return out;
}

// The next ':'-separated field of `text`, consumed.
std::string_view field(std::string_view& text)
{
  const auto colon = text.find(':');
  const std::string_view part = text.substr(0, colon);
  text = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  return part;
}

} // namespace

std::string make_verifier(std::string_view password)
{
  std::string salt(k_salt_bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) !=
      1) {
    throw transport::NetError(transport::NetErrorKind::io, "Cannot draw a random salt");
  }
  return fmt::format("{}{}:{}:{}", k_prefix, k_verifier_iterations, hex(salt),
                     hex(derive(password, salt, k_verifier_iterations)));
}

std::optional<ParsedVerifier> parse_verifier(std::string_view text)
{
  if (!text.starts_with(k_prefix)) {
    return std::nullopt;
  }
  text.remove_prefix(k_prefix.size());
  const std::string_view count = field(text);
  const std::string_view salt = field(text);
  const std::string_view hash = text;
  unsigned iterations = 0;
  const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), iterations);
  if (ec != std::errc() || end != count.data() + count.size() || count.starts_with('0') ||
      iterations < 1000 || iterations > 1000000) {
    return std::nullopt;
  }
  auto salt_bytes = unhex(salt, k_salt_bytes);
  auto hash_bytes = unhex(hash, k_hash_bytes);
  if (!salt_bytes || !hash_bytes) {
    return std::nullopt;
  }
  return ParsedVerifier{iterations, std::move(*salt_bytes), std::move(*hash_bytes)};
}

bool verifier_matches(std::string_view verifier, std::string_view password)
{
  const auto parsed = parse_verifier(verifier);
  if (!parsed) {
    return false;
  }
  const std::string derived = derive(password, parsed->salt, parsed->iterations);
  return CRYPTO_memcmp(derived.data(), parsed->hash.data(), derived.size()) == 0;
}

} // namespace vmrun::core
