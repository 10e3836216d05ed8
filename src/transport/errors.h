// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace vmrun::transport {

// What went wrong below the SOAP layer, coarse enough for the caller to pick a message.
enum class NetErrorKind {
  resolve,             // host name did not resolve
  connect,             // TCP connection refused or unreachable
  timeout,             // connect or TLS handshake timed out
  deadline,            // the command's --timeout ran out (Deadline)
  tls_untrusted,       // certificate not trusted (strict mode, or pin/CA failure)
  tls_mismatch,        // certificate differs from the pinned or known_hosts thumbprint
  tls_other,           // handshake failed for another reason
  tls_session_changed, // not the certificate a cached session was bound to (TlsVerifier::bind)
  http_status,         // an HTTP status the protocol does not allow (not 200, not a SOAP 500)
  protocol,            // the reply is not what the protocol promises (garbage, truncated XML)
  io,                  // local file or stream error during a transfer
  dropped,             // an upload's reused connection was dropped before any reply (a server
                       // closing an idle connection just then, or a hostile one): the upload
                       // may start over from its first byte, as the URL allows (UploadBody)
  cancelled,           // SIGINT, SIGTERM or SIGHUP arrived under a util::InterruptGuard
};

// A failure to exchange bytes with the server: carries enough to explain it to a user.
class NetError : public std::runtime_error
{
public:
  NetError(NetErrorKind kind, std::string message, long http_status = 0)
    : std::runtime_error(std::move(message)), m_kind(kind), m_http_status(http_status)
  {
  }
  NetErrorKind kind() const { return m_kind; }
  long http_status() const { return m_http_status; }

private:
  NetErrorKind m_kind;
  long m_http_status;
};

// Details of a refused certificate change, for the user-facing explanation.
struct TlsMismatch {
  std::string host_port;        // "host:port" as stored in known_hosts
  std::string expected;         // the trusted thumbprint (pinned or stored), formatted
  std::string presented;        // the server's thumbprint, formatted, made with the same
                                // algorithm as `expected` (SHA-256 unless SHA-1 was pinned)
  std::string known_hosts_path; // empty when the expectation came from a pin
  std::string known_hosts_line; // the line to remove to accept the new certificate
  std::string vouched_by;       // who reported `expected` for this host ("vCenter"), if anyone
};

// Thrown instead of a plain NetError when a known or pinned thumbprint does not match.
class TlsMismatchError : public NetError
{
public:
  explicit TlsMismatchError(TlsMismatch details);
  const TlsMismatch& details() const { return m_details; }

private:
  TlsMismatch m_details;
};

// A vSphere fault: from a SOAP Fault, a task's TaskInfo.error, or a missingSet entry.
class SoapFault : public std::runtime_error
{
public:
  // `type` is the fault's vim25 type name ("InvalidPowerState"), resolved from xsi:type
  // whatever prefix the server used; `message` is faultstring or localizedMessage (may be
  // empty); `fields` holds the fault's simple child elements (existingState, file, name...).
  SoapFault(std::string type, std::string message, std::map<std::string, std::string> fields = {})
    : std::runtime_error(type + (message.empty() ? "" : ": " + message)), m_type(std::move(type)),
      m_message(std::move(message)), m_fields(std::move(fields))
  {
  }
  const std::string& type() const { return m_type; }
  const std::string& message() const { return m_message; }
  // Returns the named detail field, or "" when the fault did not carry it.
  std::string field(const std::string& name) const
  {
    auto it = m_fields.find(name);
    return it == m_fields.end() ? std::string() : it->second;
  }

private:
  std::string m_type;
  std::string m_message;
  std::map<std::string, std::string> m_fields;
};

// The NetError for a failure of a local file helper (util/local_file.h), with its text: io, or
// cancelled when a signal ended the wait for a lock.
NetError net_error_of(const std::system_error& error);

// Runs `action` (work on local files through util/local_file.h), raising its failures as
// NetError.
template <typename Action>
decltype(auto) with_local_files(Action&& action)
{
  try {
    return std::forward<Action>(action)();
  } catch (const std::system_error& error) {
    throw net_error_of(error);
  }
}

} // namespace vmrun::transport
