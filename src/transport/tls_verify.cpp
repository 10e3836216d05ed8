// SPDX-License-Identifier: Apache-2.0

#include "transport/tls_verify.h"

#include "transport/errors.h"
#include "transport/known_hosts.h"

#include <arpa/inet.h>
#include <openssl/x509v3.h>

namespace vmrun::transport {

namespace {

std::string digest(X509* cert, const EVP_MD* md)
{
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert, md, bytes, &size) != 1) {
    throw NetError(NetErrorKind::tls_other, "Cannot compute the certificate thumbprint");
  }
  return format_thumbprint(std::span<const unsigned char>(bytes, size));
}

bool is_ip_literal(const std::string& host)
{
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// We do curl's VERIFYHOST ourselves so that a name mismatch counts as "not CA-trusted" and
// still leaves room for a pin or known_hosts entry (as govc does).
bool name_matches(X509* cert, const std::string& host)
{
  if (is_ip_literal(host)) {
    return X509_check_ip_asc(cert, host.c_str(), 0) == 1;
  }
  return X509_check_host(cert, host.c_str(), host.size(), 0, nullptr) == 1;
}

} // namespace

CertThumbprints certificate_thumbprints(X509* cert)
{
  return {digest(cert, EVP_sha256()), digest(cert, EVP_sha1())};
}

TlsVerifier::TlsVerifier(TlsPolicy policy) : m_policy(std::move(policy))
{
  if (!m_policy.pin.empty()) {
    m_policy.pin = normalise_thumbprint(m_policy.pin);
  }
}

void TlsVerifier::set_target(std::string host, std::string host_port, bool endpoint)
{
  m_host = std::move(host);
  m_host_port = std::move(host_port);
  m_endpoint = endpoint;
}

void TlsVerifier::vouch(std::string thumbprint, std::string by)
{
  m_vouched = normalise_thumbprint(thumbprint);
  m_vouched_by = std::move(by);
}

bool TlsVerifier::install(SSL_CTX* ctx)
{
  if (!m_policy.ca_file.empty() &&
      SSL_CTX_load_verify_locations(ctx, m_policy.ca_file.c_str(), nullptr) != 1) {
    return false;
  }
  SSL_CTX_set_cert_verify_callback(ctx, &TlsVerifier::verify_callback, this);
  return true;
}

void TlsVerifier::bind(std::string sha256)
{
  m_binding = std::move(sha256);
}

void TlsVerifier::reset()
{
  m_refusal = nullptr;
  m_first_use.reset();
  m_vouched.clear();
  m_vouched_by.clear();
}

void TlsVerifier::rethrow_refusal() const
{
  if (m_refusal) {
    std::rethrow_exception(m_refusal);
  }
}

void TlsVerifier::commit_first_use()
{
  if (!m_first_use) {
    return;
  }
  FirstUse first = std::move(*m_first_use);
  m_first_use.reset();
  // Another vmrun may have recorded this host since our handshake: its entry wins.
  auto existing = record_known_host(m_policy.known_hosts_path, first.host_port,
                                    first.presented.sha256);
  if (!existing) {
    if (m_policy.on_first_use) {
      m_policy.on_first_use(first.host_port, first.presented.sha256);
    }
  } else if (!thumbprint_matches(existing->thumbprint, first.presented)) {
    throw mismatch(*existing, first.presented);
  }
}

int TlsVerifier::verify_callback(X509_STORE_CTX* store, void* self)
{
  // Exceptions must not unwind through OpenSSL and libcurl: keep them for rethrow_refusal().
  auto* verifier = static_cast<TlsVerifier*>(self);
  bool accepted = false;
  try {
    accepted = verifier->decide(store);
  } catch (...) {
    accepted = verifier->refuse(std::current_exception());
  }
  if (!accepted) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  // Accepted: clear the chain error, or curl would still report the handshake as unverified.
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

bool TlsVerifier::decide(X509_STORE_CTX* store)
{
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (!leaf) {
    return refuse(std::make_exception_ptr(
      NetError(NetErrorKind::tls_other, "The server at " + m_host_port + " sent no certificate")));
  }
  const CertThumbprints presented = certificate_thumbprints(leaf);
  if (m_endpoint) { // what a cached session records: never another host's certificate
    m_presented_sha256 = presented.sha256;
  }
  if (!m_vouched.empty()) {
    return m_policy.mode == TlsMode::insecure || decide_vouched(presented);
  }
  // The policy speaks first (a known_hosts mismatch says more than a session binding).
  if (!decide_policy(store, leaf, presented)) {
    return false;
  }
  if (m_endpoint && !m_binding.empty() && !thumbprint_matches(m_binding, presented)) {
    return refuse(
      std::make_exception_ptr(NetError(NetErrorKind::tls_session_changed,
                                       "The certificate of " + m_host_port +
                                         " is not the one its cached session was made with")));
  }
  return true;
}

bool TlsVerifier::decide_policy(X509_STORE_CTX* store, X509* leaf, const CertThumbprints& presented)
{
  if (m_policy.mode == TlsMode::insecure) {
    return true;
  }
  bool ca_trusted = X509_verify_cert(store) == 1 && name_matches(leaf, m_host);

  if (!m_policy.pin.empty() && m_endpoint) {
    if (thumbprint_matches(m_policy.pin, presented)) {
      return true;
    }
    const auto& same_kind = thumbprint_for(presented, thumbprint_algorithm(m_policy.pin));
    return refuse(std::make_exception_ptr(
      TlsMismatchError(TlsMismatch{m_host_port, m_policy.pin, same_kind, "", "", ""})));
  }
  if (ca_trusted) {
    return true;
  }
  if (m_policy.mode == TlsMode::tofu && !m_policy.known_hosts_path.empty()) {
    return decide_tofu(presented);
  }
  // Strict mode (or tofu without a file to remember in): only CA or pin would do.
  return refuse(std::make_exception_ptr(
    NetError(NetErrorKind::tls_untrusted, "The certificate of " + m_host_port +
                                            " is not trusted (SHA256 " + presented.sha256 + ")")));
}

bool TlsVerifier::decide_tofu(const CertThumbprints& presented)
{
  auto entry = find_known_host(m_policy.known_hosts_path, m_host_port);
  if (!entry) {
    m_first_use = FirstUse{m_host_port, presented};
    return true;
  }
  if (thumbprint_matches(entry->thumbprint, presented)) {
    return true;
  }
  return refuse(std::make_exception_ptr(mismatch(*entry, presented)));
}

bool TlsVerifier::decide_vouched(const CertThumbprints& presented)
{
  if (thumbprint_matches(m_vouched, presented)) {
    return true;
  }
  const auto& same_kind = thumbprint_for(presented, thumbprint_algorithm(m_vouched));
  return refuse(std::make_exception_ptr(
    TlsMismatchError(TlsMismatch{m_host_port, m_vouched, same_kind, "", "", m_vouched_by})));
}

TlsMismatchError TlsVerifier::mismatch(const KnownHostEntry& entry,
                                       const CertThumbprints& presented) const
{
  // A stored value that does not even parse is shown as written and still refused.
  std::string expected = entry.thumbprint;
  try {
    expected = normalise_thumbprint(entry.thumbprint);
  } catch (const std::invalid_argument&) {
  }
  const auto& same_kind = thumbprint_for(presented, thumbprint_algorithm(expected));
  return TlsMismatchError(
    TlsMismatch{m_host_port, expected, same_kind, m_policy.known_hosts_path, entry.line, ""});
}

bool TlsVerifier::refuse(std::exception_ptr reason)
{
  m_refusal = std::move(reason);
  return false;
}

} // namespace vmrun::transport
