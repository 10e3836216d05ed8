// SPDX-License-Identifier: Apache-2.0

// SHA256_Init and friends: deprecated in OpenSSL 3 for the EVP layer, whose per-call cost is
// what derive() avoids. Defined before any OpenSSL header is read.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "core/vsphere/password_verifier.h"

#include "transport/errors.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>
#include <cstring>

namespace vmrun::core {

namespace {

constexpr std::string_view k_prefix = "pbkdf2-sha256:";
constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_hash_bytes = 32;

// One 32-byte block of PBKDF2-HMAC-SHA256 (RFC 8018), the HMAC states of the key's inner and
// outer pads computed once: each iteration is then two SHA-256 compressions. OpenSSL's
// PKCS5_PBKDF2_HMAC gives the same bytes, but re-initialises its HMAC through the EVP layer on
// every iteration, twice the CPU; a warm command given a password pays this on every run
// (docs/behaviour.md#sessions), a guesser with a stolen file pays the same either way.
std::string derive(std::string_view password, const std::string& salt, unsigned iterations)
{
  unsigned char key[SHA256_CBLOCK] = {};
  if (password.size() > sizeof key) {
    SHA256(reinterpret_cast<const unsigned char*>(password.data()), password.size(), key);
  } else {
    std::memcpy(key, password.data(), password.size());
  }
  unsigned char pad[SHA256_CBLOCK];
  SHA256_CTX inner_pad;
  SHA256_CTX outer_pad;
  for (std::size_t i = 0; i < sizeof pad; ++i) {
    pad[i] = static_cast<unsigned char>(key[i] ^ 0x36U);
  }
  SHA256_Init(&inner_pad);
  SHA256_Update(&inner_pad, pad, sizeof pad);
  for (std::size_t i = 0; i < sizeof pad; ++i) {
    pad[i] = static_cast<unsigned char>(key[i] ^ 0x5cU);
  }
  SHA256_Init(&outer_pad);
  SHA256_Update(&outer_pad, pad, sizeof pad);

  unsigned char u[SHA256_DIGEST_LENGTH];
  const auto hmac = [&](const unsigned char* first, std::size_t first_size,
                        const unsigned char* second, std::size_t second_size) {
    SHA256_CTX ctx = inner_pad;
    SHA256_Update(&ctx, first, first_size);
    SHA256_Update(&ctx, second, second_size);
    SHA256_Final(u, &ctx);
    ctx = outer_pad;
    SHA256_Update(&ctx, u, sizeof u);
    SHA256_Final(u, &ctx);
  };
  const unsigned char block_index[4] = {0, 0, 0, 1}; // the first and only block
  hmac(reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), block_index,
       sizeof block_index);
  std::string hash(reinterpret_cast<const char*>(u), sizeof u);
  for (unsigned i = 1; i < iterations; ++i) {
    hmac(u, sizeof u, nullptr, 0);
    for (std::size_t j = 0; j < sizeof u; ++j) {
      hash[j] = static_cast<char>(static_cast<unsigned char>(hash[j]) ^ u[j]);
    }
  }
  OPENSSL_cleanse(key, sizeof key);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(u, sizeof u);
  OPENSSL_cleanse(&inner_pad, sizeof inner_pad);
  OPENSSL_cleanse(&outer_pad, sizeof outer_pad);
  static_assert(k_hash_bytes == SHA256_DIGEST_LENGTH);
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
