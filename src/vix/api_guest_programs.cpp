// SPDX-License-Identifier: Apache-2.0

// Programs, scripts and processes in the guest (docs/behaviour.md#libvix-guest; scripts get the
// extension their interpreter needs, docs/behaviour.md#guest-scripts).
#include "core/errors/faults.h"
#include "core/guest/processes.h"
#include "vix/api.h"
#include "vix/guest.h"
#include "vix/vm.h"

#include <chrono>

using namespace vmrun::vix;
namespace core = vmrun::core;

namespace {

constexpr int k_run_options = VIX_RUNPROGRAM_RETURN_IMMEDIATELY | VIX_RUNPROGRAM_ACTIVATE_WINDOW;

// Whole seconds since `start`.
int seconds_since(std::chrono::steady_clock::time_point start)
{
  return static_cast<int>(
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
      .count());
}

// The results of a program run: with RETURN_IMMEDIATELY the time and exit code are 0 (doc). A
// non-zero exit code is a result, not an error.
void set_program_results(JobRun& run, std::int64_t pid, int elapsed, std::int64_t exit_code)
{
  run.set(VIX_PROPERTY_JOB_RESULT_PROCESS_ID, pid);
  run.set(VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_ELAPSED_TIME, elapsed);
  run.set(VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE, static_cast<int>(exit_code));
}

// A guest job running a program or script: options beyond the two run flags are
// VIX_E_INVALID_ARG.
VixHandle program_job(VixHandle vm_handle, VixRunProgramOptions options, VixEventProc* callback,
                      void* client_data, GuestWork work)
{
  if ((options & ~k_run_options) != 0) {
    return failed_job(nullptr, callback, client_data, VIX_E_INVALID_ARG);
  }
  return guest_job(vm_handle, callback, client_data, std::move(work));
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_RunProgramInGuest(VixHandle vmHandle, const char* guestProgramName,
                                             const char* commandLineArgs,
                                             VixRunProgramOptions options,
                                             VixHandle /*propertyListHandle*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // The arguments go to the guest as the caller wrote them: one command line.
    return program_job(
      vmHandle, options, callbackProc, clientData,
      [program = copy_text(guestProgramName), arguments = copy_text(commandLineArgs),
       options](JobRun& run, Vm& vm, core::Session& session, const core::GuestTarget& target) {
        core::GuestVm guest = core::open_guest(session, target);
        core::with_vm_errors(vm.vmx(), [&] {
          const auto start = std::chrono::steady_clock::now();
          const std::int64_t pid = core::start_program(guest, program, arguments,
                                                       (options & VIX_RUNPROGRAM_ACTIVATE_WINDOW) !=
                                                         0);
          if ((options & VIX_RUNPROGRAM_RETURN_IMMEDIATELY) != 0) {
            set_program_results(run, pid, 0, 0);
            return;
          }
          const std::int64_t code = core::wait_for_exit(guest, pid);
          set_program_results(run, pid, seconds_since(start), code);
        });
      });
  });
}

VIX_EXPORT VixHandle VixVM_RunScriptInGuest(VixHandle vmHandle, const char* interpreter,
                                            const char* scriptText, VixRunProgramOptions options,
                                            VixHandle /*propertyListHandle*/,
                                            VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return program_job(vmHandle, options, callbackProc, clientData,
                       [interpreter = copy_text(interpreter), script = copy_text(scriptText),
                        options](JobRun& run, Vm&, core::Session& session,
                                 const core::GuestTarget& target) {
                         core::RunOptions run_options;
                         run_options.no_wait = (options & VIX_RUNPROGRAM_RETURN_IMMEDIATELY) != 0;
                         run_options.active_window = (options & VIX_RUNPROGRAM_ACTIVATE_WINDOW) !=
                                                     0;
                         const auto start = std::chrono::steady_clock::now();
                         std::int64_t pid = 0;
                         const auto code = core::run_script_in_guest(session, target, interpreter,
                                                                     script, run_options, {}, &pid);
                         if (!code) {
                           set_program_results(run, pid, 0, 0);
                           return;
                         }
                         set_program_results(run, pid, seconds_since(start), *code);
                       });
  });
}

VIX_EXPORT VixHandle VixVM_ListProcessesInGuest(VixHandle vmHandle, int /*options*/,
                                                VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return guest_job(vmHandle, callbackProc, clientData,
                     [](JobRun& run, Vm&, core::Session& session, const core::GuestTarget& target) {
                       for (const auto& process : core::list_processes_in_guest(session, target)) {
                         Record record;
                         record[VIX_PROPERTY_JOB_RESULT_ITEM_NAME] = process.name;
                         record[VIX_PROPERTY_JOB_RESULT_PROCESS_ID] = process.pid;
                         record[VIX_PROPERTY_JOB_RESULT_PROCESS_OWNER] = process.owner;
                         record[VIX_PROPERTY_JOB_RESULT_PROCESS_COMMAND] = process.cmd_line;
                         record[VIX_PROPERTY_JOB_RESULT_PROCESS_BEING_DEBUGGED] = false;
                         record[VIX_PROPERTY_JOB_RESULT_PROCESS_START_TIME] = static_cast<int>(
                           process.start_time);
                         run.add_record(std::move(record));
                       }
                     });
  });
}

VIX_EXPORT VixHandle VixVM_KillProcessInGuest(VixHandle vmHandle, uint64 pid, int /*options*/,
                                              VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return guest_job(vmHandle, callbackProc, clientData,
                     [pid](JobRun&, Vm&, core::Session& session, const core::GuestTarget& target) {
                       core::kill_process_in_guest(session, target, static_cast<std::int64_t>(pid));
                     });
  });
}

} // extern "C"
