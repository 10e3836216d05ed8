// SPDX-License-Identifier: Apache-2.0

#include "transport/errors.h"

#include "transport/thumbprint.h"

namespace vmrun::transport {

namespace {

std::string mismatch_message(const TlsMismatch& d)
{
  // The presented thumbprint is made with the expected one's algorithm (a SHA-1 pin is
  // compared with the certificate's SHA-1), so one name describes both.
  std::string alg = algorithm_name(thumbprint_algorithm(d.expected));
  const std::string what = d.vouched_by.empty() ? "the trusted thumbprint"
                                                : "the thumbprint " + d.vouched_by + " reports";
  return "The certificate of " + d.host_port + " does not match " + what + ": expected " + alg +
         " " + d.expected + ", presented " + alg + " " + d.presented;
}

} // namespace

TlsMismatchError::TlsMismatchError(TlsMismatch details)
  : NetError(NetErrorKind::tls_mismatch, mismatch_message(details)), m_details(std::move(details))
{
}

NetError net_error_of(const std::system_error& error)
{
  return NetError(error.code() == std::errc::operation_canceled ? NetErrorKind::cancelled
                                                                : NetErrorKind::io,
                  error.what());
}

} // namespace vmrun::transport
