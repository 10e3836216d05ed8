// SPDX-License-Identifier: Apache-2.0

#include "vix/errors.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "util/terminal_text.h"
#include "vix/runtime.h"

#include <new>
#include <optional>
#include <stdexcept>

namespace vmrun::vix {

namespace {

// The code of a transport failure the core reported: TLS refusals and the deadline have codes
// of their own in VIX; the rest is a failure to reach the host (the core's code).
VixError net_code(transport::NetErrorKind kind, int core_code)
{
  switch (kind) {
  case transport::NetErrorKind::tls_untrusted:
  case transport::NetErrorKind::tls_mismatch:
  case transport::NetErrorKind::tls_session_changed:
  case transport::NetErrorKind::tls_other: return VIX_E_NET_HTTP_SSL_SECURITY;
  case transport::NetErrorKind::deadline: return VIX_E_NET_HTTP_OPERATION_TIMEDOUT;
  case transport::NetErrorKind::cancelled: return VIX_E_CANCELLED;
  default: return static_cast<VixError>(core_code);
  }
}

// VIX codes for vSphere faults that vmrun's own texts do not tell apart (they print the
// server's message as a generic failure): a refused power-on keeps its real reason.
std::optional<VixError> fault_code(const std::string& type)
{
  if (type == "UnsupportedGuest") {
    return VIX_E_VM_UNSUPPORTED_GUEST;
  }
  if (type == "InsufficientMemoryResourcesFault") {
    return VIX_E_VM_INSUFFICIENT_HOST_MEMORY;
  }
  if (type == "NotEnoughCpus") {
    return VIX_E_VM_NOT_ENOUGH_CPUS;
  }
  return std::nullopt;
}

// The extra error info: the message and the hint's lines, each shown as the CLI shows them
// (util::one_line), so that a server's text brings no line break or control of its own.
std::string detail_of(const core::Error& error)
{
  std::string detail = util::one_line(error.what(), util::k_max_message_chars);
  std::string_view hint = error.hint();
  while (!hint.empty()) {
    const auto end = hint.find('\n');
    detail += '\n';
    detail += util::one_line(hint.substr(0, end), util::k_max_message_chars);
    hint = end == std::string_view::npos ? std::string_view() : hint.substr(end + 1);
  }
  return detail;
}

VixFailure from_core(const core::Error& error)
{
  const std::string detail = detail_of(error);
  if (error.net_kind()) {
    return {net_code(*error.net_kind(), error.code()), detail};
  }
  if (const auto code = fault_code(error.fault_type())) {
    return {*code, detail};
  }
  return {static_cast<VixError>(error.code()), detail};
}

} // namespace

VixFailure current_failure() noexcept
{
  try {
    try {
      throw;
    } catch (const VixFailure& failure) {
      return failure;
    } catch (const HandleError& error) {
      return {error.code, {}};
    } catch (const core::Error& error) {
      return from_core(error);
    } catch (const transport::SoapFault& fault) {
      return from_core(core::error_from_fault(fault, {}));
    } catch (const transport::NetError& error) {
      return from_core(core::error_from_net(error, false));
    } catch (const std::bad_alloc&) {
      return {VIX_E_OUT_OF_MEMORY, {}};
    } catch (const std::invalid_argument& error) {
      return {VIX_E_INVALID_ARG, error.what()};
    } catch (const std::exception& error) {
      return {VIX_E_FAIL, error.what()};
    } catch (...) {
      return {VIX_E_FAIL, {}};
    }
  } catch (...) {
    return {VIX_E_OUT_OF_MEMORY, {}}; // copying a detail failed
  }
}

} // namespace vmrun::vix
