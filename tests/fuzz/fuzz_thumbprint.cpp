// SPDX-License-Identifier: Apache-2.0

// Thumbprints as users and files give them: transport's normalise_thumbprint (refuses with
// invalid_argument), thumbprint_algorithm and thumbprint_matches, and core's
// is_valid_thumbprint (the CLI's check of --thumbprint), which must never accept what the transport
// then refuses (that would turn --thumbprint into an "Unknown error").
#include "core/vsphere/connect_config.h"
#include "fuzz_support.h"
#include "transport/thumbprint.h"

#include <stdexcept>

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const bool cli_accepts = core::is_valid_thumbprint(text);
  std::string normal;
  try {
    normal = transport::normalise_thumbprint(text);
  } catch (const std::invalid_argument&) {
    fuzz::require(!cli_accepts, "what --thumbprint accepts, the transport accepts");
    return 0;
  }
  fuzz::require(normal.size() == 59 || normal.size() == 95, "a SHA-1 or SHA-256 thumbprint");
  fuzz::require(transport::normalise_thumbprint(normal) == normal, "normalising is idempotent");
  transport::CertThumbprints cert;
  (transport::thumbprint_algorithm(normal) == transport::DigestAlgorithm::sha1
     ? cert.sha1
     : cert.sha256) = normal;
  fuzz::require(transport::thumbprint_matches(text, cert), "a pin matches its own certificate");
  return 0;
}
