// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: the certificate decision (docs/behaviour.md#tls), made inside
// OpenSSL's verification and carried out of libcurl afterwards.
#include "transport/errors.h"
#include "transport/known_hosts.h"
#include "transport/thumbprint.h"
#include "transport/tls_policy.h"

#include <openssl/ssl.h>

#include <exception>
#include <optional>
#include <string>

namespace vmrun::transport {

// The leaf certificate's thumbprints.
CertThumbprints certificate_thumbprints(X509* cert);

class TlsVerifier
{
public:
  // Normalises the pin up front (throws std::invalid_argument for a malformed one).
  explicit TlsVerifier(TlsPolicy policy);

  // The server the next connection goes to: `host` without brackets, `host_port` as the
  // known_hosts key and message authority; `endpoint` when it is the server we log in to (the one
  // a pin and a session binding speak of).
  void set_target(std::string host, std::string host_port, bool endpoint);
  // Makes OpenSSL call us instead of its own chain check (CURLOPT_SSL_CTX_FUNCTION), after
  // adding the policy's CA file to the context's trust store; false if that file is unusable.
  bool install(SSL_CTX* ctx);
  // Forgets the last verdict and any vouch(); call before each transfer.
  void reset();
  // For the next connection only: accept exactly the certificate with `thumbprint` (SHA-256 or
  // SHA-1, any spelling), which `by` reported for this host over a verified connection; the
  // policy is not asked and nothing is recorded (insecure mode still accepts anything).
  void vouch(std::string thumbprint, std::string by);
  // Refuses, from now on, any certificate whose SHA-256 is not `sha256` (hex, any spelling),
  // whatever the policy says of it: a cached session was made with that certificate, and its
  // cookie must not go to another. Empty: no binding.
  void bind(std::string sha256);
  // SHA-256 (formatted) of the certificate the endpoint presented last; "" before one.
  const std::string& presented_sha256() const { return m_presented_sha256; }
  // Throws the reason the last handshake was refused, if we refused it.
  void rethrow_refusal() const;
  // Stores a certificate trusted on first use, now that its handshake has completed. Throws
  // TlsMismatchError when another vmrun recorded a different certificate for the host meanwhile.
  void commit_first_use();

private:
  struct FirstUse {
    std::string host_port;
    CertThumbprints presented;
  };

  static int verify_callback(X509_STORE_CTX* store, void* self);
  // Accepts (true) or refuses (false, with m_refusal set) the chain in `store`.
  bool decide(X509_STORE_CTX* store);
  bool decide_policy(X509_STORE_CTX* store, X509* leaf, const CertThumbprints& presented);
  bool decide_tofu(const CertThumbprints& presented);
  bool decide_vouched(const CertThumbprints& presented);
  bool refuse(std::exception_ptr reason);
  // The refusal of `presented` when known_hosts holds `entry` for this host.
  TlsMismatchError mismatch(const KnownHostEntry& entry, const CertThumbprints& presented) const;

  TlsPolicy m_policy;
  std::string m_host;
  std::string m_host_port;
  bool m_endpoint = true;
  std::string m_vouched;    // normalised thumbprint; empty: none
  std::string m_vouched_by; // who reported it
  std::exception_ptr m_refusal;
  std::optional<FirstUse> m_first_use;
  std::string m_binding;
  std::string m_presented_sha256;
};

} // namespace vmrun::transport
