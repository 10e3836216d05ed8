// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/invocation.h"

namespace vmrun::cli {

// Handlers referenced by the verb table, grouped by the file that defines them.

// power.cpp
int handle_start(Invocation& invocation);
int handle_stop(Invocation& invocation);
int handle_reset(Invocation& invocation);
int handle_suspend(Invocation& invocation);

// general.cpp
int handle_list(Invocation& invocation);
int handle_list_registered_vm(Invocation& invocation);
int handle_logout(Invocation& invocation);
int handle_register(Invocation& invocation);
int handle_unregister(Invocation& invocation);

// unsupported.cpp: verbs vSphere cannot do; they validate, then refuse
// (docs/behaviour.md#unsupported).
int handle_unsupported(Invocation& invocation);
int handle_set_shared_folder_state(Invocation& invocation);
int handle_toggle_shared_folders(Invocation& invocation);

// snapshot.cpp: snapshots
int handle_list_snapshots(Invocation& invocation);
int handle_snapshot(Invocation& invocation);
int handle_delete_snapshot(Invocation& invocation);
int handle_revert_to_snapshot(Invocation& invocation);

// clone.cpp: clone
int handle_clone(Invocation& invocation);

// lifecycle.cpp: deleteVM, upgradevm, Tools, IP, variables
int handle_delete_vm(Invocation& invocation);
int handle_upgrade_vm(Invocation& invocation);
int handle_install_tools(Invocation& invocation);
int handle_check_tools_state(Invocation& invocation);
int handle_get_guest_ip_address(Invocation& invocation);
int handle_read_variable(Invocation& invocation);
int handle_write_variable(Invocation& invocation);

// console.cpp: screen, keystrokes, devices
int handle_capture_screen(Invocation& invocation);
int handle_type_keystrokes_in_guest(Invocation& invocation);
int handle_connect_named_device(Invocation& invocation);
int handle_disconnect_named_device(Invocation& invocation);

// guest_programs.cpp: programs, processes, guest environment
int handle_run_program_in_guest(Invocation& invocation);
int handle_run_script_in_guest(Invocation& invocation);
int handle_list_processes_in_guest(Invocation& invocation);
int handle_kill_process_in_guest(Invocation& invocation);
// `readVariable <vmx> guestEnv NAME`, called by handle_read_variable.
int handle_read_guest_env(Invocation& invocation);

// guest_files.cpp: guest files and transfers
int handle_file_exists_in_guest(Invocation& invocation);
int handle_directory_exists_in_guest(Invocation& invocation);
int handle_delete_file_in_guest(Invocation& invocation);
int handle_create_directory_in_guest(Invocation& invocation);
int handle_delete_directory_in_guest(Invocation& invocation);
int handle_create_tempfile_in_guest(Invocation& invocation);
int handle_list_directory_in_guest(Invocation& invocation);
int handle_copy_file_from_host_to_guest(Invocation& invocation);
int handle_copy_file_from_guest_to_host(Invocation& invocation);
int handle_rename_file_in_guest(Invocation& invocation);

} // namespace vmrun::cli
