// SPDX-License-Identifier: Apache-2.0

#pragma once

// Guest operations, part 2: programs, scripts, processes and the guest environment
// (docs/behaviour.md#guest-programs, docs/behaviour.md#guest-scripts, docs/behaviour.md#variables).
#include "core/guest/guest.h"
#include "transport/http_client.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// One GuestProcessInfo.
struct GuestProcess {
  std::int64_t pid = 0;
  std::string name;
  std::string owner;
  std::string cmd_line;
  bool ended = false;          // endTime is set
  std::int64_t exit_code = 0;  // meaningful when `ended`
  std::int64_t start_time = 0; // seconds since the epoch
};

// runProgramInGuest / runScriptInGuest options; -interactive is GuestLogin::interactive.
struct RunOptions {
  bool no_wait = false;
  bool active_window = false;  // Windows: start not minimized
  bool capture_output = false; // copy the guest's stdout/stderr back
};

// Where -captureOutput sends the guest program's output.
struct OutputSinks {
  transport::WriteCallback out;
  transport::WriteCallback err;
};

// --- Pure helpers -----------------------------------------------------------------------------

// A token quoted for the guest shell when it holds white space or quotes (or is empty):
// POSIX single quotes ('\'' for a quote), or Windows double quotes (MSVC rules); else verbatim.
std::string quote_guest_argument(std::string_view token, GuestFamily family);
// The tokens quoted as needed and joined with single spaces (docs/behaviour.md#guest-programs).
std::string join_guest_arguments(const std::vector<std::string>& tokens, GuestFamily family);
// The temp-file extension that fits an interpreter (docs/behaviour.md#guest-scripts):
// cscript/wscript .vbs, powershell/pwsh .ps1, cmd or "" .bat, python* .py, perl .pl, bash/sh .sh,
// else "".
std::string script_extension(std::string_view interpreter);
// vmrun's exit status for a guest exit code (docs/behaviour.md#exit-status): 0 for 0, else N mod
// 256, 1 if that is 0.
int exit_status_for(std::int64_t guest_exit_code);
// The pause before exit-code poll number `attempt` (0-based): 50 ms doubling up to 1 s.
std::chrono::milliseconds poll_delay(int attempt);
// The guest command line that runs `command` with stdout and stderr redirected to the files
// (through /bin/sh -c on POSIX guests, cmd.exe /s /c on Windows): program path and arguments.
std::pair<std::string, std::string> redirected_command(std::string_view command,
                                                       const std::string& out_path,
                                                       const std::string& err_path,
                                                       GuestFamily family);

// --- Operations on an open guest (faults propagate as transport::SoapFault) --------------------

std::vector<GuestProcess> list_processes(GuestVm& guest, const std::vector<std::int64_t>& pids);
// StartProgramInGuest; returns the pid.
std::int64_t start_program(GuestVm& guest, const std::string& program_path,
                           const std::string& arguments, bool active_window);
// Polls ListProcessesInGuest([pid]) with poll_delay() back-off until the process has ended,
// up to guest.timeout; returns its exit code.
std::int64_t wait_for_exit(GuestVm& guest, std::int64_t pid);

// --- Verbs --------------------------------------------------------------------------------------

// runProgramInGuest: the guest exit code, or nullopt with -noWait.
std::optional<std::int64_t> run_program_in_guest(Session& session, const GuestTarget& target,
                                                 const std::string& program,
                                                 const std::vector<std::string>& arguments,
                                                 const RunOptions& options,
                                                 const OutputSinks& sinks = {});
// runScriptInGuest: the script goes to a guest temp file (extension per script_extension()),
// run as `interpreter file`, deleted afterwards (with -noWait, by the guest shell when the
// interpreter ends). The guest exit code, or nullopt with -noWait. `started` (when not null and
// not capturing output) receives the pid of the program started: the interpreter's, or with
// -noWait the shell's that runs it.
std::optional<std::int64_t>
run_script_in_guest(Session& session, const GuestTarget& target, const std::string& interpreter,
                    const std::string& script, const RunOptions& options,
                    const OutputSinks& sinks = {}, std::int64_t* started = nullptr);
// listProcessesInGuest: the running processes (ended ones the server still reports left out).
std::vector<GuestProcess> list_processes_in_guest(Session& session, const GuestTarget& target);
// killProcessInGuest (TerminateProcessInGuest).
void kill_process_in_guest(Session& session, const GuestTarget& target, std::int64_t pid);
// readVariable guestEnv NAME: the value, "" when unset.
std::string read_guest_environment(Session& session, const GuestTarget& target,
                                   const std::string& name);

} // namespace vmrun::core
