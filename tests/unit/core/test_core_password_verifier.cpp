// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/password_verifier.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <openssl/evp.h>

using namespace vmrun::core;

TEST_CASE("password verifier: salted, matches only its password")
{
  const std::string v = make_verifier("Sim-Passw0rd");
  CHECK(v.starts_with("pbkdf2-sha256:25000:"));
  CHECK(v.find("Sim-Passw0rd") == std::string::npos);
  const auto parsed = parse_verifier(v);
  REQUIRE(parsed);
  CHECK(parsed->iterations == k_verifier_iterations);
  CHECK(parsed->salt.size() == 16);
  CHECK(parsed->hash.size() == 32);
  CHECK(verifier_matches(v, "Sim-Passw0rd"));
  CHECK_FALSE(verifier_matches(v, "Sim-Passw0rD"));
  CHECK_FALSE(verifier_matches(v, ""));
  // Salted: the same password never gives the same verifier twice.
  CHECK(make_verifier("Sim-Passw0rd") != v);
}

TEST_CASE("password verifier: PBKDF2-HMAC-SHA256, checked against an independent computation")
{
  // Python: hashlib.pbkdf2_hmac("sha256", b"pw", b"saltsaltsaltsalt", 1000).hex()
  const std::string v = "pbkdf2-sha256:1000:73616c7473616c7473616c7473616c74:"
                        "4fb7a959fc411e229040694d277fbd08cd7b750b8a55e5aefbe6a7b8801feaf8";
  CHECK(verifier_matches(v, "pw"));
  CHECK_FALSE(verifier_matches(v, "pW"));
}

TEST_CASE("password verifier: anything but the exact form is refused")
{
  const std::string salt = "00112233445566778899aabbccddeeff";
  const std::string hash = salt + salt;
  CHECK(parse_verifier("pbkdf2-sha256:25000:" + salt + ":" + hash));
  for (const std::string& bad : {
         std::string(""),
         "pbkdf2-sha1:25000:" + salt + ":" + hash,
         "pbkdf2-sha256:999:" + salt + ":" + hash,     // too cheap
         "pbkdf2-sha256:1000001:" + salt + ":" + hash, // a file could stall every command
         "pbkdf2-sha256:025000:" + salt + ":" + hash,  // one spelling
         "pbkdf2-sha256:25000:" + salt.substr(2) + ":" + hash,
         "pbkdf2-sha256:25000:" + salt + ":" + hash + "00",
         "pbkdf2-sha256:25000:" + salt + ":" + hash.substr(0, 62) + "AA", // lower-case hex only
         "pbkdf2-sha256:25000:" + salt + "-" + hash,
         "pbkdf2-sha256:-1:" + salt + ":" + hash,
       }) {
    CAPTURE(bad);
    CHECK_FALSE(parse_verifier(bad));
    CHECK_FALSE(verifier_matches(bad, "x"));
  }
}

TEST_CASE("password verifier: the same bytes as OpenSSL's PBKDF2 for every key length")
{
  // A key longer than a SHA-256 block is hashed first. Python:
  // hashlib.pbkdf2_hmac("sha256", b"k" * 100, b"saltsaltsaltsalt", 1000).hex()
  CHECK(verifier_matches("pbkdf2-sha256:1000:73616c7473616c7473616c7473616c74:"
                         "667eb33ee65dc32775fa56fd262658ca0946bd9c742b8112e2f92fec70ff3cb2",
                         std::string(100, 'k')));
  const std::string salt = "saltsaltsaltsalt";
  for (const std::size_t length : {0, 1, 31, 63, 64, 65, 100, 300}) {
    const std::string password(length, 'k');
    std::string expected(32, '\0');
    REQUIRE(PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                              reinterpret_cast<const unsigned char*>(salt.data()),
                              static_cast<int>(salt.size()), 1000, EVP_sha256(), 32,
                              reinterpret_cast<unsigned char*>(expected.data())) == 1);
    std::string hex;
    for (const unsigned char c : expected) {
      hex += fmt::format("{:02x}", c);
    }
    CAPTURE(length);
    CHECK(verifier_matches("pbkdf2-sha256:1000:73616c7473616c7473616c7473616c74:" + hex, password));
  }
}
