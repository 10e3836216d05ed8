// SPDX-License-Identifier: Apache-2.0

#include "core/errors/faults.h"

#include "core/errors/vix_catalog.h"
#include "util/interrupt.h"

#include <fmt/format.h>

#include <map>

namespace vmrun::core {

namespace {

const char* const k_unable_to_connect = "Unable to connect to host.";

// Fault types whose message is simply the VIX catalog text of a code.
const std::map<std::string, int>& catalog_faults()
{
  static const std::map<std::string, int> table{
    {"NotAuthenticated", vix::host_user_permissions},
    {"NoPermission", vix::host_user_permissions},
    {"NotSupported", vix::not_supported},
    {"NotImplemented", vix::not_supported},
    {"MethodNotFound", vix::not_supported},
    {"FileNotFound", vix::file_not_found},
    {"NotFound", vix::file_not_found},
    {"InvalidDatastore", vix::file_not_found},
    {"InvalidDatastorePath", vix::file_not_found},
    {"FileAlreadyExists", vix::file_already_exists},
    {"AlreadyExists", vix::vm_already_loaded},
    {"DuplicateName", vix::already_exists},
    {"AlreadyUpgraded", vix::vm_already_up_to_date},
    {"TaskInProgress", vix::object_is_busy},
    {"NoDiskSpace", vix::disk_full},
    {"RequestCanceled", vix::cancelled},
    {"CannotAccessFile", vix::file_access_error},
    {"FileLocked", vix::file_already_locked},
    {"FileNameTooLong", vix::file_name_too_long},
    {"NotAFile", vix::not_a_file},
    {"NotADirectory", vix::not_a_directory},
    {"GuestProcessNotFound", vix::no_such_process},
    {"GuestPermissionDenied", vix::guest_user_permissions},
    {"GuestComponentsOutOfDate", vix::op_not_supported_on_guest},
    {"OperationNotSupportedByGuest", vix::op_not_supported_on_guest},
    {"InvalidSnapshotFormat", vix::snapshot_inval},
    {"SnapshotFault", vix::snapshot_inval},
    {"TooManySnapshotLevels", vix::snapshot_inval},
    // Further rows: add one line each, in this block, for the faults your verbs meet.
  };
  return table;
}

} // namespace

Error vm_not_found(const std::string& vmx)
{
  return Error(vix::vm_not_found,
               fmt::format("Cannot open VM: {}, {}", vmx, vix_text(vix::vm_not_found)));
}

Error vm_not_running(const std::string& vmx)
{
  return Error(vix::vm_not_running, "The virtual machine is not powered on: " + vmx);
}

Error vm_is_running()
{
  // vmrun printed this, not the VIX documentation's text (docs/behaviour.md#faults).
  return Error(vix::vm_is_running,
               "The virtual machine should not be powered on. It is already running.");
}

Error template_vm()
{
  // The catalog's text without its final full stop, as vmrun prints catalog texts.
  return Error(vix::template_vm, "Cannot perform this operation on a template virtual machine");
}

Error tools_not_running(const std::string& vmx)
{
  return Error(vix::tools_not_running,
               "The VMware Tools are not running in the virtual machine: " + vmx);
}

Error cancelled()
{
  return Error(vix::cancelled, vix_text(vix::cancelled));
}

void check_interrupted()
{
  if (util::InterruptGuard::interrupted() != 0) {
    throw cancelled();
  }
}

namespace {

Error error_for_fault(const transport::SoapFault& fault, const std::string& vmx)
{
  const std::string& type = fault.type();
  if (type == "InvalidPowerState" || type == "InvalidState") {
    return fault.field("existingState") == "poweredOn" ? vm_is_running() : vm_not_running(vmx);
  }
  if (type == "ToolsUnavailable" || type == "GuestOperationsUnavailable") {
    return tools_not_running(vmx);
  }
  if (type == "ManagedObjectNotFound" && !vmx.empty()) {
    return vm_not_found(vmx);
  }
  if (type == "InvalidLogin") {
    return Error(vix::authentication_fail,
                 "Cannot complete login due to an incorrect user name or password");
  }
  if (type == "InvalidGuestLogin") {
    return Error(vix::guest_user_permissions, "Invalid user name or password for the guest OS");
  }
  if (auto it = catalog_faults().find(type); it != catalog_faults().end()) {
    return Error(it->second, vix_text(it->second), {}, fault.message());
  }
  if (!fault.message().empty()) {
    return Error(vix::fail, fault.message());
  }
  return Error(vix::fail, fmt::format("{} ({})", vix_text(vix::fail), type));
}

} // namespace

Error error_from_fault(const transport::SoapFault& fault, const std::string& vmx)
{
  Error error = error_for_fault(fault, vmx);
  error.with_fault_type(fault.type());
  return error;
}

Error error_from_net(const transport::NetError& error, bool connecting)
{
  if (error.kind() == transport::NetErrorKind::cancelled) {
    return cancelled(); // the user's choice, not a failure to connect
  }
  std::vector<std::string> preamble;
  if (connecting) {
    preamble.emplace_back(k_unable_to_connect);
  }
  if (error.kind() == transport::NetErrorKind::deadline) {
    // --timeout ran out: the same error as a wait that ran out, after vmrun's connect line
    // when it ran out while connecting or logging in.
    Error timed_out(vix::fail, error.what(), std::move(preamble));
    timed_out.with_net_kind(error.kind());
    return timed_out;
  }
  std::string hint;
  if (const auto* mismatch = dynamic_cast<const transport::TlsMismatchError*>(&error);
      mismatch != nullptr && !mismatch->details().known_hosts_path.empty()) {
    hint = fmt::format("To trust the new certificate, remove this line from {}:\n{}",
                       mismatch->details().known_hosts_path, mismatch->details().known_hosts_line);
  }
  Error mapped(vix::cannot_connect_to_host, error.what(), std::move(preamble), std::move(hint));
  mapped.with_net_kind(error.kind());
  return mapped;
}

} // namespace vmrun::core
