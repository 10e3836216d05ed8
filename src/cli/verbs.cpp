// SPDX-License-Identifier: Apache-2.0

#include "cli/verbs.h"

#include "cli/handlers.h"
#include "cli/text.h"
#include "util/text.h"

#include <array>

namespace vmrun::cli {

namespace {

constexpr std::string_view k_vmx = "Path to vmx file";

// Short names keep each row on one or two lines.
constexpr auto power = HelpGroup::power;
constexpr auto snapshot = HelpGroup::snapshot;
constexpr auto guest_os = HelpGroup::guest_os;
constexpr auto general = HelpGroup::general;
constexpr auto session = HelpGroup::session;
constexpr auto vm = NeedsVm::yes;
constexpr auto no_vm = NeedsVm::no;
constexpr auto host = NeedsHost::yes;
constexpr auto no_host = NeedsHost::no;
constexpr auto guest = NeedsGuest::yes;
constexpr auto no_guest = NeedsGuest::no;
constexpr auto any = k_unbounded;

// vmrun 1.15.2's verbs in help order (tests/data/vmrun-1.15.2-help.txt), plus the 1.17 verbs
// typeKeystrokesInGuest, connectNamedDevice and disconnectNamedDevice (docs/behaviour.md#console).
// Counts are raw tokens after the verb: options such as -noWait count too; readVariable and
// writeVariable require their type word (docs/behaviour.md#variables); clone accepts each option as
// two tokens, "-snapshot NAME" (docs/behaviour.md#clone); runScriptInGuest also takes
// -captureOutput (docs/behaviour.md#guest-programs).
// clang-format off
constexpr std::array k_verbs{
  Verb{"start", power, "Path to vmx file\n[gui|nogui]", "Start a VM or Team",
       1, 2, vm, host, no_guest, handle_start,
       "start \"[datastore1] web/web.vmx\"",
       "Powers the VM on, or resumes it when it is suspended. gui and nogui are accepted and "
       "have no effect on vSphere. Starting a running VM is an error."},
  Verb{"stop", power, "Path to vmx file\n[hard|soft]", "Stop a VM or Team",
       1, 2, vm, host, no_guest, handle_stop,
       "stop \"[datastore1] web/web.vmx\" soft",
       "soft shuts the guest down through VMware Tools and waits, up to --timeout, until the "
       "VM is off; hard powers it off at once. Without a keyword the VM's default power "
       "operation decides (preset counts as hard). soft needs running VMware Tools."},
  Verb{"reset", power, "Path to vmx file\n[hard|soft]", "Reset a VM or Team",
       1, 2, vm, host, no_guest, handle_reset,
       "reset \"[datastore1] web/web.vmx\" hard",
       "soft reboots the guest through VMware Tools; hard resets the VM like its reset button. "
       "Without a keyword the VM's default power operation decides."},
  Verb{"suspend", power, "Path to vmx file\n[hard|soft]", "Suspend a VM or Team",
       1, 2, vm, host, no_guest, handle_suspend,
       "suspend \"[datastore1] web/web.vmx\"",
       "Suspends the VM; start resumes it. hard and soft as for stop."},
  Verb{"pause", power, k_vmx, "Pause a VM",
       1, 1, vm, no_host, no_guest, handle_unsupported,
       "pause \"[datastore1] web/web.vmx\"",
       "Not supported by vSphere: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"unpause", power, k_vmx, "Unpause a VM",
       1, 1, vm, no_host, no_guest, handle_unsupported,
       "unpause \"[datastore1] web/web.vmx\"",
       "Not supported by vSphere: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},

  Verb{"listSnapshots", snapshot, "Path to vmx file\n[showTree]", "List all snapshots in a VM",
       1, 2, vm, host, no_guest, handle_list_snapshots,
       "listSnapshots \"[datastore1] web/web.vmx\" showTree",
       "Prints \"Total snapshots: N\", then one snapshot name per line; showTree indents each "
       "child under its parent."},
  Verb{"snapshot", snapshot, "Path to vmx file\nSnapshot name", "Create a snapshot of a VM",
       2, 2, vm, host, no_guest, handle_snapshot,
       "snapshot \"[datastore1] web/web.vmx\" before-upgrade",
       "Takes a snapshot. A running VM's snapshot includes its memory, so reverting to it "
       "restores the running state. A name that already exists is refused."},
  Verb{"deleteSnapshot", snapshot, "Path to vmx file\nSnapshot name\n[andDeleteChildren]",
       "Remove a snapshot from a VM", 2, 3, vm, host, no_guest, handle_delete_snapshot,
       "deleteSnapshot \"[datastore1] web/web.vmx\" before-upgrade andDeleteChildren",
       "Removes the snapshot; its children move to its parent, or are removed too with "
       "andDeleteChildren. The snapshot is named by a unique name or a parent/child path."},
  Verb{"revertToSnapshot", snapshot, "Path to vmx file\nSnapshot name",
       "Set VM state to a snapshot", 2, 2, vm, host, no_guest, handle_revert_to_snapshot,
       "revertToSnapshot \"[datastore1] web/web.vmx\" base/before-upgrade",
       "Returns the VM to the snapshot, named by a unique name or a parent/child path. A "
       "snapshot taken while the VM ran leaves it suspended."},

  Verb{"runProgramInGuest", guest_os,
       "Path to vmx file\n[-noWait]\n[-activeWindow]\n[-interactive]\n"
       "Complete-Path-To-Program\n[Program arguments]",
       "Run a program in Guest OS", 2, any, vm, host, guest, handle_run_program_in_guest,
       "runProgramInGuest \"[datastore1] web/web.vmx\" /usr/bin/touch /tmp/ready",
       "Runs the program in the guest as the guest user (-gu, -gp) and waits for it to end; a "
       "non-zero exit N prints \"Guest program exited with non-zero exit code: N\" and becomes "
       "vmrun's exit status. -noWait returns once the program started; -activeWindow and "
       "-interactive are accepted. -captureOutput, new in this vmrun, copies the program's "
       "stdout and stderr back to vmrun's.",
       "-captureOutput"},
  Verb{"fileExistsInGuest", guest_os, "Path to vmx file\nPath to file in guest",
       "Check if a file exists in Guest OS", 2, 2, vm, host, guest, handle_file_exists_in_guest,
       "fileExistsInGuest \"[datastore1] web/web.vmx\" /etc/hostname",
       "Prints \"The file exists.\" (exit 0) or \"The file does not exist.\" (exit 1)."},
  Verb{"directoryExistsInGuest", guest_os, "Path to vmx file\nPath to directory in guest",
       "Check if a directory exists in Guest OS", 2, 2, vm, host, guest, handle_directory_exists_in_guest,
       "directoryExistsInGuest \"[datastore1] web/web.vmx\" /var/log",
       "Prints \"The directory exists.\" (exit 0) or \"The directory does not exist.\" (exit 1)."},
  Verb{"setSharedFolderState", guest_os,
       "Path to vmx file\nShare name\nHost path\nwritable | readonly",
       "Modify a Host-Guest shared folder", 4, 4, vm, no_host, no_guest,
       handle_set_shared_folder_state,
       "setSharedFolderState \"[datastore1] web/web.vmx\" share /srv/share readonly",
       "vSphere has no shared folders: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"addSharedFolder", guest_os, "Path to vmx file\nShare name\nNew host path",
       "Add a Host-Guest shared folder", 3, 3, vm, no_host, no_guest, handle_unsupported,
       "addSharedFolder \"[datastore1] web/web.vmx\" share /srv/share",
       "vSphere has no shared folders: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"removeSharedFolder", guest_os, "Path to vmx file\nShare name",
       "Remove a Host-Guest shared folder", 2, 2, vm, no_host, no_guest, handle_unsupported,
       "removeSharedFolder \"[datastore1] web/web.vmx\" share",
       "vSphere has no shared folders: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"enableSharedFolders", guest_os, "Path to vmx file\n[runtime]",
       "Enable shared folders in Guest", 1, 2, vm, no_host, no_guest,
       handle_toggle_shared_folders,
       "enableSharedFolders \"[datastore1] web/web.vmx\" runtime",
       "vSphere has no shared folders: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"disableSharedFolders", guest_os, "Path to vmx file\n[runtime]",
       "Disable shared folders in Guest", 1, 2, vm, no_host, no_guest,
       handle_toggle_shared_folders,
       "disableSharedFolders \"[datastore1] web/web.vmx\" runtime",
       "vSphere has no shared folders: the arguments are checked, then vmrun prints the "
       "not-supported error and exits 255 without connecting."},
  Verb{"listProcessesInGuest", guest_os, k_vmx, "List running processes in Guest OS",
       1, 1, vm, host, guest, handle_list_processes_in_guest,
       "listProcessesInGuest \"[datastore1] web/web.vmx\"",
       "Prints \"Process list: N\", then \"pid=P, owner=O, cmd=C\" for each process, C being "
       "its full command line."},
  Verb{"killProcessInGuest", guest_os, "Path to vmx file\nprocess id",
       "Kill a process in Guest OS", 2, 2, vm, host, guest, handle_kill_process_in_guest,
       "killProcessInGuest \"[datastore1] web/web.vmx\" 4242",
       "Kills the guest process with this pid, as listed by listProcessesInGuest."},
  Verb{"runScriptInGuest", guest_os,
       "Path to vmx file\n[-noWait]\n[-activeWindow]\n[-interactive]\n"
       "Interpreter path\nScript text",
       "Run a script in Guest OS", 3, 7, vm, host, guest, handle_run_script_in_guest,
       "runScriptInGuest \"[datastore1] web/web.vmx\" /bin/bash \"echo ready > /tmp/ready\"",
       "Writes the script text to a guest temporary file named for the interpreter (.sh, .py, "
       ".ps1, .bat, ...), runs it with the interpreter, waits and deletes the file. Options "
       "and exit status as for runProgramInGuest.",
       "-captureOutput"},
  Verb{"deleteFileInGuest", guest_os, "Path to vmx file\nPath in guest",
       "Delete a file in Guest OS", 2, 2, vm, host, guest, handle_delete_file_in_guest,
       "deleteFileInGuest \"[datastore1] web/web.vmx\" /tmp/ready",
       "Deletes a file in the guest."},
  Verb{"createDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "Create a directory in Guest OS", 2, 2, vm, host, guest, handle_create_directory_in_guest,
       "createDirectoryInGuest \"[datastore1] web/web.vmx\" /tmp/build/out",
       "Creates a directory in the guest, with any missing parents."},
  Verb{"deleteDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "Delete a directory in Guest OS", 2, 2, vm, host, guest, handle_delete_directory_in_guest,
       "deleteDirectoryInGuest \"[datastore1] web/web.vmx\" /tmp/build",
       "Deletes a directory in the guest, with everything in it."},
  Verb{"CreateTempfileInGuest", guest_os, k_vmx, "Create a temporary file in Guest OS",
       1, 1, vm, host, guest, handle_create_tempfile_in_guest,
       "CreateTempfileInGuest \"[datastore1] web/web.vmx\"",
       "Creates a temporary file in the guest and prints its path."},
  Verb{"listDirectoryInGuest", guest_os, "Path to vmx file\nDirectory path in guest",
       "List a directory in Guest OS", 2, 2, vm, host, guest, handle_list_directory_in_guest,
       "listDirectoryInGuest \"[datastore1] web/web.vmx\" /var/log",
       "Prints \"Directory list: N\", then each entry's name (leaving out \".\" and \"..\"), in "
       "the order the guest gives."},
  Verb{"CopyFileFromHostToGuest", guest_os, "Path to vmx file\nPath on host\nPath in guest",
       "Copy a file from host OS to guest OS", 3, 3, vm, host, guest, handle_copy_file_from_host_to_guest,
       "CopyFileFromHostToGuest \"[datastore1] web/web.vmx\" ./app.tar.gz /tmp/app.tar.gz",
       "Copies a local file into the guest, streamed, with a progress bar on stderr when it is "
       "a terminal."},
  Verb{"CopyFileFromGuestToHost", guest_os, "Path to vmx file\nPath in guest\nPath on host",
       "Copy a file from guest OS to host OS", 3, 3, vm, host, guest, handle_copy_file_from_guest_to_host,
       "CopyFileFromGuestToHost \"[datastore1] web/web.vmx\" /var/log/syslog ./syslog",
       "Copies a guest file to a local path, streamed; the local file appears only once it is "
       "complete."},
  Verb{"renameFileInGuest", guest_os, "Path to vmx file\nOriginal name\nNew name",
       "Rename a file in Guest OS", 3, 3, vm, host, guest, handle_rename_file_in_guest,
       "renameFileInGuest \"[datastore1] web/web.vmx\" /tmp/a.txt /tmp/b.txt",
       "Renames or moves a file in the guest."},
  Verb{"typeKeystrokesInGuest", guest_os, "Path to vmx file\nkeystroke string",
       "Type Keystrokes in Guest OS", 2, 2, vm, host, no_guest, handle_type_keystrokes_in_guest,
       "typeKeystrokesInGuest \"[datastore1] web/web.vmx\" \"root\"",
       "Types the string on the VM's keyboard (USB scan codes); needs no guest login. New in "
       "this vmrun for vSphere."},
  Verb{"connectNamedDevice", guest_os, "Path to vmx file\ndevice name",
       "Connect the named device in the Guest OS", 2, 2, vm, host, no_guest, handle_connect_named_device,
       "connectNamedDevice \"[datastore1] web/web.vmx\" \"CD/DVD drive 1\"",
       "Connects the VM's device with this label. New in this vmrun for vSphere."},
  Verb{"disconnectNamedDevice", guest_os, "Path to vmx file\ndevice name",
       "Disconnect the named device in the Guest OS", 2, 2, vm, host, no_guest, handle_disconnect_named_device,
       "disconnectNamedDevice \"[datastore1] web/web.vmx\" \"CD/DVD drive 1\"",
       "Disconnects the VM's device with this label. New in this vmrun for vSphere."},
  Verb{"captureScreen", guest_os, "Path to vmx file\nPath on host",
       "Capture the screen of the VM to a local file", 2, 2, vm, host, no_guest, handle_capture_screen,
       "captureScreen \"[datastore1] web/web.vmx\" screen.png",
       "Saves a PNG screenshot of the VM's console to the local path. New in this vmrun for "
       "vSphere."},
  Verb{"writeVariable", guest_os,
       "Path to vmx file\n[runtimeConfig|guestEnv|guestVar]\nvariable name\nvariable value",
       "Write a variable in the VM state", 4, 4, vm, host, NeedsGuest::by_keyword, handle_write_variable,
       "writeVariable \"[datastore1] web/web.vmx\" guestVar build 42",
       "guestVar NAME sets guestinfo.NAME in the VM's configuration; runtimeConfig NAME sets "
       "that configuration key as given. guestEnv is not supported by vSphere. The type word "
       "is required."},
  Verb{"readVariable", guest_os,
       "Path to vmx file\n[runtimeConfig|guestEnv|guestVar]\nvariable name",
       "Read a variable in the VM state", 3, 3, vm, host, NeedsGuest::by_keyword, handle_read_variable,
       "readVariable \"[datastore1] web/web.vmx\" guestVar build",
       "Prints the variable's value, or an empty line when it is unset. guestVar and "
       "runtimeConfig as for writeVariable; guestEnv reads the guest's environment and needs "
       "the guest login. The type word is required."},
  Verb{"getGuestIPAddress", guest_os, "Path to vmx file\n[-wait]",
       "Gets the IP address of the guest", 1, 2, vm, host, no_guest, handle_get_guest_ip_address,
       "getGuestIPAddress \"[datastore1] web/web.vmx\" -wait",
       "Prints the guest's IP address as VMware Tools report it; -wait waits for one, up to "
       "--timeout."},

  Verb{"list", general, "", "List all running VMs",
       0, 0, no_vm, host, no_guest, handle_list,
       "list",
       "Prints \"Total running VMs: N\", then the vmx path of each powered-on VM, sorted, "
       "across all datacenters."},
  Verb{"upgradevm", general, k_vmx, "Upgrade VM file format, virtual hw",
       1, 1, vm, host, no_guest, handle_upgrade_vm,
       "upgradevm \"[datastore1] web/web.vmx\"",
       "Upgrades the VM's virtual hardware to the newest version the host supports."},
  Verb{"installTools", general, k_vmx, "Install Tools in Guest",
       1, 1, vm, host, no_guest, handle_install_tools,
       "installTools \"[datastore1] web/web.vmx\"",
       "Mounts the VMware Tools installer in the VM's CD drive."},
  Verb{"checkToolsState", general, k_vmx, "Check the current Tools state",
       1, 1, vm, host, no_guest, handle_check_tools_state,
       "checkToolsState \"[datastore1] web/web.vmx\"",
       "Prints running or installed (exit 0), or unknown (exit 1)."},
  Verb{"register", general, k_vmx, "Register a VM",
       1, 1, vm, host, no_guest, handle_register,
       "register \"[datastore1] web/web.vmx\"",
       "Adds the vmx file to the inventory, in the default VM folder and resource pool of the "
       "datastore's datacenter."},
  Verb{"unregister", general, k_vmx, "Unregister a VM",
       1, 1, vm, host, no_guest, handle_unregister,
       "unregister \"[datastore1] web/web.vmx\"",
       "Removes the VM from the inventory and leaves its files. The VM must not be powered on."},
  Verb{"listRegisteredVM", general, "", "List registered VMs",
       0, 0, no_vm, host, no_guest, handle_list_registered_vm,
       "listRegisteredVM",
       "Prints \"Total registered VMs: N\", then every VM's vmx path, sorted, templates included."},
  Verb{"deleteVM", general, k_vmx, "Delete a VM",
       1, 1, vm, host, no_guest, handle_delete_vm,
       "deleteVM \"[datastore1] web/web.vmx\"",
       "Deletes the VM and its files. The VM must not be powered on."},
  Verb{"clone", general,
       "Path to vmx file\nPath to destination vmx file\nfull|linked\n"
       "[-snapshot=Snapshot Name]\n[-cloneName=Name]\n"
       "[-pool=Resource pool]\n[-host=Host]\n[-folder=VM folder]\n[-customize=Spec name]",
       "Create a copy of the VM", 3, 15, vm, host, no_guest, handle_clone,
       "clone \"[datastore1] web/web.vmx\" \"[datastore1] web2/web2.vmx\" linked "
       "-snapshot=base -cloneName=web2",
       "full copies the disks; linked gives the clone child disks on a snapshot: "
       "-snapshot=NAME, else a new snapshot of the current state. The clone is named "
       "-cloneName or the destination file's stem, and its vmx is exactly the destination "
       "path. A full clone of a running VM and a linked clone of a suspended VM are refused. "
       "The clone has the source's nvram (EFI boot entries) and, with -snapshot, the "
       "snapshot's disks, memory and CPUs. Works on a standalone ESXi host too. On vCenter the "
       "source may be a template (a linked clone of one needs -snapshot), and the clone goes to "
       "-pool (a resource pool), -host (an ESXi host, its cluster's root pool unless -pool "
       "says otherwise) and -folder (a VM folder), each an inventory path such as "
       "/DC0/host/Cluster/Resources/ci or a name unique in the datacenter; by default beside "
       "the source (a template's clone: its host's cluster's root pool). -customize=SPEC "
       "applies vCenter's customization specification of that name (host name, network) to "
       "the clone. Every option also takes its value as the next word (-pool ci)."},
  // Beyond vmrun: sessions are kept between commands (SESSIONS in the man page).
  Verb{"logout", session, "", "End the cached session with the host",
       0, 0, no_vm, host, no_guest, handle_logout,
       "logout",
       "Logs the cached session for this user, host and port out of the server and deletes its "
       "file (see SESSIONS); with no session cached it logs in and out. Prints nothing."},
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
    if (util::iequals(verb.name, name)) {
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

std::span<const HelpGroup> help_groups()
{
  static constexpr std::array<HelpGroup, 5> groups{HelpGroup::power, HelpGroup::snapshot,
                                                   HelpGroup::guest_os, HelpGroup::general,
                                                   HelpGroup::session};
  return groups;
}

std::string_view group_title(HelpGroup group)
{
  switch (group) {
  case HelpGroup::power: return "POWER COMMANDS";
  case HelpGroup::snapshot: return "SNAPSHOT COMMANDS";
  case HelpGroup::guest_os: return "GUEST OS COMMANDS";
  case HelpGroup::general: return "GENERAL COMMANDS";
  case HelpGroup::session: return "SESSION COMMANDS";
  }
  return {};
}

} // namespace vmrun::cli
