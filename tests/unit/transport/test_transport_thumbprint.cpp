// SPDX-License-Identifier: Apache-2.0

#include "transport/thumbprint.h"

#include <doctest/doctest.h>

#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

using namespace vmrun::transport;

namespace {

const std::string k_sha256 =
  "D2:87:1C:00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:B4:35";
const std::string k_sha1 = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";

} // namespace

TEST_CASE("format_thumbprint")
{
  std::vector<unsigned char> bytes{0x00, 0x0f, 0xa0, 0xff};
  CHECK(format_thumbprint(bytes) == "00:0F:A0:FF");
  CHECK(format_thumbprint({}).empty());

  // SHA-1 of "abc" (FIPS 180 test vector), as any tool prints it.
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>("abc"), 3, digest);
  CHECK(format_thumbprint(digest) == "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
}

TEST_CASE("normalise_thumbprint")
{
  SUBCASE("colons optional, any case")
  {
    CHECK(normalise_thumbprint("abcdef0123456789abcdef0123456789abcdef01") == k_sha1);
    CHECK(normalise_thumbprint("ab:cd:ef:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01") ==
          k_sha1);
    std::string bare = k_sha256;
    std::erase(bare, ':');
    CHECK(normalise_thumbprint(bare) == k_sha256);
    CHECK(normalise_thumbprint(k_sha256) == k_sha256);
  }
  SUBCASE("invalid")
  {
    CHECK_THROWS_AS(normalise_thumbprint(""), std::invalid_argument);
    CHECK_THROWS_AS(normalise_thumbprint("abc"), std::invalid_argument);
    CHECK_THROWS_AS(normalise_thumbprint(k_sha1 + ":02"), std::invalid_argument);
    CHECK_THROWS_AS(normalise_thumbprint("zz" + k_sha1.substr(2)), std::invalid_argument);
    CHECK_THROWS_WITH_AS(normalise_thumbprint("xyz"),
                         doctest::Contains("Invalid thumbprint \"xyz\""), std::invalid_argument);
  }
}

TEST_CASE("thumbprint_algorithm")
{
  CHECK(thumbprint_algorithm(k_sha1) == DigestAlgorithm::sha1);
  CHECK(thumbprint_algorithm(k_sha256) == DigestAlgorithm::sha256);
  CHECK(std::string(algorithm_name(DigestAlgorithm::sha1)) == "SHA1");
  CHECK(std::string(algorithm_name(DigestAlgorithm::sha256)) == "SHA256");
}

TEST_CASE("thumbprint_matches")
{
  CertThumbprints cert{k_sha256, k_sha1};
  CHECK(thumbprint_matches(k_sha256, cert));
  CHECK(thumbprint_matches("abcdef0123456789abcdef0123456789abcdef01", cert));
  CHECK_FALSE(thumbprint_matches("00" + k_sha1.substr(2), cert));
  CHECK_FALSE(thumbprint_matches("garbage", cert));
}
