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
int handle_register(Invocation& invocation);
int handle_unregister(Invocation& invocation);

// unsupported.cpp: verbs vSphere cannot do; they validate, then refuse (decisions.md 19).
int handle_unsupported(Invocation& invocation);
int handle_set_shared_folder_state(Invocation& invocation);
int handle_toggle_shared_folders(Invocation& invocation);

} // namespace vmrun::cli
