// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/errors.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vmrun::core {

// VIX codes this project raises (values from open-vm-tools vix.h). Each name is its VIX_E_*
// constant's, lower-cased without the prefix (as in data/vix-errors.tsv; a unit test checks).
namespace vix {
inline constexpr int fail = 1;
inline constexpr int invalid_arg = 3;
inline constexpr int file_not_found = 4;
inline constexpr int object_is_busy = 5;
inline constexpr int not_supported = 6;
inline constexpr int disk_full = 8;
inline constexpr int cancelled = 10;
inline constexpr int file_already_exists = 12;
inline constexpr int file_access_error = 13;
inline constexpr int file_already_locked = 15;
inline constexpr int already_exists = 23;
inline constexpr int authentication_fail = 35;
inline constexpr int timeout_waiting_for_tools = 3000;
inline constexpr int op_not_supported_on_guest = 3003;
inline constexpr int vm_not_running = 3006;
inline constexpr int vm_is_running = 3007;
inline constexpr int host_user_permissions = 3014;
inline constexpr int guest_user_permissions = 3015;
inline constexpr int tools_not_running = 3016;
inline constexpr int vm_not_found = 4000;
inline constexpr int template_vm = 4003;
inline constexpr int vm_already_loaded = 4004;
inline constexpr int vm_already_up_to_date = 4006;
inline constexpr int snapshot_inval = 13000;
inline constexpr int snapshot_notfound = 13003;
inline constexpr int snapshot_exists = 13004;
inline constexpr int snapshot_nonunique_name = 13017;
inline constexpr int cannot_connect_to_host = 18000;
inline constexpr int not_a_file = 20001;
inline constexpr int not_a_directory = 20002;
inline constexpr int no_such_process = 20003;
inline constexpr int file_name_too_long = 20004;
} // namespace vix

// The one error type that crosses from core to cli. `message` is what follows "Error: ";
// `preamble` lines are printed before it on stdout (vmrun's "Unable to connect to host.");
// `hint` goes to stderr (only helpful context, never needed by scripts).
class Error : public std::runtime_error
{
public:
  Error(int vix_code, std::string message, std::vector<std::string> preamble = {},
        std::string hint = {})
    : std::runtime_error(std::move(message)), m_code(vix_code), m_preamble(std::move(preamble)),
      m_hint(std::move(hint))
  {
  }
  int code() const { return m_code; }
  const std::vector<std::string>& preamble() const { return m_preamble; }
  const std::string& hint() const { return m_hint; }
  // The kind of transport failure this error reports, when it reports one (error_from_net):
  // callers that answer with their own codes (libvix) tell TLS refusals from other failures.
  const std::optional<transport::NetErrorKind>& net_kind() const { return m_net_kind; }
  Error& with_net_kind(transport::NetErrorKind kind)
  {
    m_net_kind = kind;
    return *this;
  }

  // The vSphere fault this error reports, when it reports one (error_from_fault): libvix gives
  // some faults VIX codes that vmrun's texts do not need (UnsupportedGuest, ...).
  const std::string& fault_type() const { return m_fault_type; }
  Error& with_fault_type(std::string type)
  {
    m_fault_type = std::move(type);
    return *this;
  }

private:
  int m_code;
  std::optional<transport::NetErrorKind> m_net_kind;
  std::string m_fault_type;
  std::vector<std::string> m_preamble;
  std::string m_hint;
};

} // namespace vmrun::core
