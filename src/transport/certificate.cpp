// SPDX-License-Identifier: Apache-2.0

#include "transport/certificate.h"

#include "transport/ssl_ptr.h"
#include "transport/tls_verify.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace vmrun::transport {

std::optional<CertThumbprints> pem_thumbprints(std::string_view pem)
{
  if (pem.size() > INT_MAX) {
    return std::nullopt;
  }
  SslPtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return std::nullopt;
  }
  SslPtr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error(); // a failed parse leaves its reasons queued; they must not leak into TLS
  if (!cert) {
    return std::nullopt;
  }
  return certificate_thumbprints(cert.get());
}

} // namespace vmrun::transport
