// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer (and its tests): owning pointers for OpenSSL objects.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace vmrun::transport {

// One deleter, one overload per OpenSSL type.
struct SslFree {
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
  void operator()(SSL* ssl) const { SSL_free(ssl); }
  void operator()(BIO* bio) const { BIO_free_all(bio); }
  void operator()(BIGNUM* number) const { BN_free(number); }
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};

template <typename T>
using SslPtr = std::unique_ptr<T, SslFree>;

} // namespace vmrun::transport
