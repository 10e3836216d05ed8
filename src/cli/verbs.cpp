#include "cli/verbs.h"

#include "cli/handlers.h"
#include "cli/text.h"

#include <array>

namespace vmrun::cli {

namespace {

constexpr std::string_view k_vmx = "Path to vmx file";

// Short names keep each row on one or two lines.
constexpr auto power = HelpGroup::power;
constexpr auto snapshot = HelpGroup::snapshot;
constexpr auto guest_os = HelpGroup::guest_os;
constexpr auto general = HelpGroup::general;
constexpr auto vm = NeedsVm::yes;
constexpr auto no_vm = NeedsVm::no;
constexpr auto host = NeedsHost::yes;
constexpr auto no_host = NeedsHost::no;
constexpr auto guest = NeedsGuest::yes;
constexpr auto no_guest = NeedsGuest::no;
constexpr auto any = k_unbounded;

// vmrun 1.15.2's verbs in help order (vmrun-interface.md Appendix A), plus the 1.17 verbs
// typeKeystrokesInGuest, connectNamedDevice and disconnectNamedDevice (decisions.md 30).
// Counts are raw tokens after the verb: options such as -noWait count too; readVariable and
// writeVariable require their type word (decisions.md 28); clone accepts "-snapshot NAME" as
// two tokens (decisions.md 21); runScriptInGuest also takes -captureOutput (decisions.md 23).
// clang-format off
constexpr std::array k_verbs{
  Verb{"start", power, "Path to vmx file\n[gui|nogui]", "Start a VM or Team",
       1, 2, vm, host, no_guest, handle_start},
  Verb{"stop", power, "Path to vmx file\n[hard|soft]", "Stop a VM or Team",
       1, 2, vm, host, no_guest, handle_stop},
  Verb{"reset", power, "Path to vmx file\n[hard|soft]", "Reset a VM or Team",
       1, 2, vm, host, no_guest, handle_reset},
  Verb{"suspend", power, "Path to vmx file\n[hard|soft]", "Suspend a VM or Team",
       1, 2, vm, host, no_guest, handle_suspend},
  Verb{"pause", power, k_vmx, "Pause a VM",
       1, 1, vm, no_host, no_guest, handle_unsupported},
  Verb{"unpause", power, k_vmx, "Unpause a VM",
       1, 1, vm, no_host, no_guest, handle_unsupported},

  Verb{"listSnapshots", snapshot, "Path to vmx file\n[showTree]", "List all snapshots in a VM",
       1, 2, vm, host, no_guest, handle_list_snapshots},
  Verb{"snapshot", snapshot, "Path to vmx file\nSnapshot name", "Create a snapshot of a VM",
       2, 2, vm, host, no_guest, handle_snapshot},
  Verb{"deleteSnapshot", snapshot, "Path to vmx file\nSnapshot name\n[andDeleteChildren]",
       "Remove a snapshot from a VM", 2, 3, vm, host, no_guest, handle_delete_snapshot},
  Verb{"revertToSnapshot", snapshot, "Path to vmx file\nSnapshot name",
       "Set VM state to a snapshot", 2, 2, vm, host, no_guest, handle_revert_to_snapshot},

  Verb{"runProgramInGuest", guest_os,
       "Path to vmx file\n[-noWait]\n[-activeWindow]\n[-interactive]\n"
       "Complete-Path-To-Program\n[Program arguments]",
       "Run a program in Guest OS", 2, any, vm, host, guest, handle_run_program_in_guest},
  Verb{"fileExistsInGuest", guest_os, "Path to vmx file\nPath to file in guest",
       "Check if a file exists in Guest OS", 2, 2, vm, host, guest, handle_file_exists_in_guest},
  Verb{"directoryExistsInGuest", guest_os, "Path to vmx file\nPath to directory in guest",
       "Check if a directory exists in Guest OS", 2, 2, vm, host, guest, handle_directory_exists_in_guest},
  Verb{"setSharedFolderState", guest_os,
       "Path to vmx file\nShare name\nHost path\nwritable | readonly",
       "Modify a Host-Guest shared folder", 4, 4, vm, no_host, no_guest,
       handle_set_shared_folder_state},
  Verb{"addSharedFolder", guest_os, "Path to vmx file\nShare name\nNew host path",
       "Add a Host-Guest shared folder", 3, 3, vm, no_host, no_guest, handle_unsupported},
  Verb{"removeSharedFolder", guest_os, "Path to vmx file\nShare name",
       "Remove a Host-Guest shared folder", 2, 2, vm, no_host, no_guest, handle_unsupported},
  Verb{"enableSharedFolders", guest_os, "Path to vmx file\n[runtime]",
       "Enable shared folders in Guest", 1, 2, vm, no_host, no_guest,
       handle_toggle_shared_folders},
  Verb{"disableSharedFolders", guest_os, "Path to vmx file\n[runtime]",
       "Disable shared folders in Guest", 1, 2, vm, no_host, no_guest,
       handle_toggle_shared_folders},
  Verb{"listProcessesInGuest", guest_os, k_vmx, "List running processes in Guest OS",
       1, 1, vm, host, guest, handle_list_processes_in_guest},
  Verb{"killProcessInGuest", guest_os, "Path to vmx file\nprocess id",
       "Kill a process in Guest OS", 2, 2, vm, host, guest, handle_kill_process_in_guest},
  Verb{"runScriptInGuest", guest_os,
       "Path to vmx file\n[-noWait]\n[-activeWindow]\n[-interactive]\n"
       "Interpreter path\nScript text",
       "Run a script in Guest OS", 3, 7, vm, host, guest, handle_run_script_in_guest},
  Verb{"deleteFileInGuest", guest_os, "Path to vmx file\nPath in guest",
       "Delete a file in Guest OS", 2, 2, vm, host, guest, handle_delete_file_in_guest},
  Verb{"createDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "Create a directory in Guest OS", 2, 2, vm, host, guest, handle_create_directory_in_guest},
  Verb{"deleteDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "Delete a directory in Guest OS", 2, 2, vm, host, guest, handle_delete_directory_in_guest},
  Verb{"CreateTempfileInGuest", guest_os, k_vmx, "Create a temporary file in Guest OS",
       1, 1, vm, host, guest, handle_create_tempfile_in_guest},
  Verb{"listDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "List a directory in Guest OS", 2, 2, vm, host, guest, handle_list_directory_in_guest},
  Verb{"CopyFileFromHostToGuest", guest_os, "Path to vmx file\nPath on host\nPath in guest",
       "Copy a file from host OS to guest OS", 3, 3, vm, host, guest, handle_copy_file_from_host_to_guest},
  Verb{"CopyFileFromGuestToHost", guest_os, "Path to vmx file\nPath in guest\nPath on host",
       "Copy a file from guest OS to host OS", 3, 3, vm, host, guest, handle_copy_file_from_guest_to_host},
  Verb{"renameFileInGuest", guest_os, "Path to vmx file\nOriginal name\nNew name",
       "Rename a file in Guest OS", 3, 3, vm, host, guest, handle_rename_file_in_guest},
  Verb{"typeKeystrokesInGuest", guest_os, "Path to vmx file\nkeystroke string",
       "Type Keystrokes in Guest OS", 2, 2, vm, host, no_guest, handle_type_keystrokes_in_guest},
  Verb{"connectNamedDevice", guest_os, "Path to vmx file\ndevice name",
       "Connect the named device in the Guest OS", 2, 2, vm, host, no_guest, handle_connect_named_device},
  Verb{"disconnectNamedDevice", guest_os, "Path to vmx file\ndevice name",
       "Disconnect the named device in the Guest OS", 2, 2, vm, host, no_guest, handle_disconnect_named_device},
  Verb{"captureScreen", guest_os, "Path to vmx file\nPath on host",
       "Capture the screen of the VM to a local file", 2, 2, vm, host, no_guest, handle_capture_screen},
  Verb{"writeVariable", guest_os,
       "Path to vmx file\n[runtimeConfig|guestEnv|guestVar]\nvariable name\nvariable value",
       "Write a variable in the VM state", 4, 4, vm, host, NeedsGuest::by_keyword, handle_write_variable},
  Verb{"readVariable", guest_os,
       "Path to vmx file\n[runtimeConfig|guestEnv|guestVar]\nvariable name",
       "Read a variable in the VM state", 3, 3, vm, host, NeedsGuest::by_keyword, handle_read_variable},
  Verb{"getGuestIPAddress", guest_os, "Path to vmx file\n[-wait]",
       "Gets the IP address of the guest", 1, 2, vm, host, no_guest, handle_get_guest_ip_address},

  Verb{"list", general, "", "List all running VMs",
       0, 0, no_vm, host, no_guest, handle_list},
  Verb{"upgradevm", general, k_vmx, "Upgrade VM file format, virtual hw",
       1, 1, vm, host, no_guest, handle_upgrade_vm},
  Verb{"installTools", general, k_vmx, "Install Tools in Guest",
       1, 1, vm, host, no_guest, handle_install_tools},
  Verb{"checkToolsState", general, k_vmx, "Check the current Tools state",
       1, 1, vm, host, no_guest, handle_check_tools_state},
  Verb{"register", general, k_vmx, "Register a VM",
       1, 1, vm, host, no_guest, handle_register},
  Verb{"unregister", general, k_vmx, "Unregister a VM",
       1, 1, vm, host, no_guest, handle_unregister},
  Verb{"listRegisteredVM", general, "", "List registered VMs",
       0, 0, no_vm, host, no_guest, handle_list_registered_vm},
  Verb{"deleteVM", general, k_vmx, "Delete a VM",
       1, 1, vm, host, no_guest, handle_delete_vm},
  Verb{"clone", general,
       "Path to vmx file\nPath to destination vmx file\nfull|linked\n"
       "[-snapshot=Snapshot Name]\n[-cloneName=Name]",
       "Create a copy of the VM", 3, 6, vm, host, no_guest, handle_clone},
};
// clang-format on

} // namespace

std::span<const Verb> verb_table()
{
  return k_verbs;
}

const Verb* find_verb(std::string_view name)
{
  for (const auto& verb : k_verbs) {
    if (iequals(verb.name, name)) {
      return &verb;
    }
  }
  return nullptr;
}

bool accepts_param_count(const Verb& verb, std::size_t count)
{
  const auto n = static_cast<long>(count);
  return n >= verb.min_params && (verb.max_params == k_unbounded || n <= verb.max_params);
}

std::vector<std::string_view> param_lines(const Verb& verb)
{
  return split_lines(verb.params);
}

std::string_view group_title(HelpGroup group)
{
  switch (group) {
  case HelpGroup::power: return "POWER COMMANDS";
  case HelpGroup::snapshot: return "SNAPSHOT COMMANDS";
  case HelpGroup::guest_os: return "GUEST OS COMMANDS";
  case HelpGroup::general: return "GENERAL COMMANDS";
  }
  return {};
}

} // namespace vmrun::cli
