/* SPDX-License-Identifier: Apache-2.0 */
/* Guest operations on $VIX_TEST_VM, one per argument group, in order (each prints
 * "<verb>: ok" or "<verb>: error <code>", then its results):
 *   tools SECONDS                     wait for Tools
 *   login USER PASSWORD | login-interactive USER PASSWORD | logout
 *   run PROGRAM ARGS | run-nowait PROGRAM ARGS     "exit code: N, pid set: 1" / "pid: N"
 *   script INTERPRETER TEXT | script-nowait INTERPRETER TEXT          (the same results)
 *   ps PID                            "process PID: NAME, OWNER, COMMAND, debugged 0" or
 *                                     "process PID: not listed"; "counts agree: 1"
 *   kill PID
 *   copy-to HOST GUEST | copy-from GUEST HOST | rm GUEST | mv OLD NEW | mkdir DIR | rmdir DIR
 *   exists GUEST | direxists GUEST    "exists: 0|1"
 *   mktemp                            "temp: PATH"
 *   info GUEST                        "size N, flags F, mtime M"
 *   ls DIR                            "entry NAME, size N, flags F, mtime M" per record
 *   env NAME                          VixVM_ReadVariable of a guest environment variable:
 *                                     "env NAME: ok \"VALUE\"" (or the error)
 *   again                             opens the VM again: "same handle: 1" (the login is shared)
 * Exits 0 unless the connection or the open failed, or the arguments are wrong. */
#include "scenario.h"

static int g_argc;
static char** g_argv;

static const char* arg(int i)
{
  if (i >= g_argc) {
    fprintf(stderr, "missing argument after %s\n", g_argv[i - 1]);
    exit(2);
  }
  return g_argv[i];
}

static void program_results(VixHandle job, int wait)
{
  int64 pid = 0;
  int elapsed = -1;
  int code = -1;
  VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &pid,
                               VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_ELAPSED_TIME, &elapsed,
                               VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE, &code,
                               VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  if (!scenario_report(wait ? "run" : "run-nowait", error)) {
    return;
  }
  if (wait) {
    printf("exit code: %d, pid set: %d, elapsed sane: %d\n", code, pid > 0, elapsed >= 0);
  } else {
    printf("pid: %lld, exit code: %d, elapsed: %d\n", (long long)pid, code, elapsed);
  }
}

static void list_processes(VixHandle vm, long long wanted)
{
  VixHandle job = VixVM_ListProcessesInGuest(vm, 0, NULL, NULL);
  VixError error = VixJob_Wait(job, VIX_PROPERTY_NONE);
  int n;
  int i;
  int found = 0;
  if (scenario_report("ps", error)) {
    n = VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME);
    for (i = 0; i < n; ++i) {
      char* name = NULL;
      char* owner = NULL;
      char* command = NULL;
      int64 pid = 0;
      Bool debugged = 7;
      int start = 0;
      error = VixJob_GetNthProperties(job, i, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name,
                                      VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &pid,
                                      VIX_PROPERTY_JOB_RESULT_PROCESS_OWNER, &owner,
                                      VIX_PROPERTY_JOB_RESULT_PROCESS_COMMAND, &command,
                                      VIX_PROPERTY_JOB_RESULT_PROCESS_BEING_DEBUGGED, &debugged,
                                      VIX_PROPERTY_JOB_RESULT_PROCESS_START_TIME, &start,
                                      VIX_PROPERTY_NONE);
      if (error != VIX_OK) {
        scenario_report("ps record", error);
      } else if (pid == wanted) {
        printf("process %lld: %s, %s, %s, debugged %d, started %d\n", wanted, name, owner, command,
               debugged, start > 0);
        found = 1;
      }
      Vix_FreeBuffer(name);
      Vix_FreeBuffer(owner);
      Vix_FreeBuffer(command);
    }
    if (!found) {
      printf("process %lld: not listed\n", wanted);
    }
    printf("counts agree: %d\n",
           n == VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_PROCESS_ID));
  }
  Vix_ReleaseHandle(job);
}

static void file_info(VixHandle job, int index, const char* prefix)
{
  int64 size = -1;
  int flags = -1;
  int64 mtime = -1;
  char* name = NULL;
  VixError error;
  if (prefix != NULL) {
    error = VixJob_GetNthProperties(job, index, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name,
                                    VIX_PROPERTY_JOB_RESULT_FILE_SIZE, &size,
                                    VIX_PROPERTY_JOB_RESULT_FILE_FLAGS, &flags,
                                    VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME, &mtime,
                                    VIX_PROPERTY_NONE);
  } else {
    error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_FILE_SIZE, &size,
                        VIX_PROPERTY_JOB_RESULT_FILE_FLAGS, &flags,
                        VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME, &mtime, VIX_PROPERTY_NONE);
    if (!scenario_report("info", error)) {
      return;
    }
  }
  if (error != VIX_OK) {
    scenario_report("entry", error);
    return;
  }
  if (prefix != NULL) {
    printf("%s%s, ", prefix, name);
  }
  printf("size %lld, flags %d, mtime %lld\n", (long long)size, flags, (long long)mtime);
  Vix_FreeBuffer(name);
}

static void list_directory(VixHandle vm, const char* path)
{
  VixHandle job = VixVM_ListDirectoryInGuest(vm, path, 0, NULL, NULL);
  if (scenario_report("ls", VixJob_Wait(job, VIX_PROPERTY_NONE))) {
    int n = VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME);
    int i;
    for (i = 0; i < n; ++i) {
      file_info(job, i, "entry ");
    }
  }
  Vix_ReleaseHandle(job);
}

static void exists(const char* step, VixHandle job)
{
  Bool result = 7;
  if (scenario_report(step, VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS, &result,
                                        VIX_PROPERTY_NONE))) {
    printf("exists: %d\n", result);
  }
  Vix_ReleaseHandle(job);
}

int main(int argc, char** argv)
{
  VixHandle host;
  VixHandle vm = scenario_open_test_vm(&host);
  int i = 1;
  g_argc = argc;
  g_argv = argv;
  while (i < argc) {
    const char* verb = argv[i++];
    if (strcmp(verb, "tools") == 0) {
      scenario_report(verb, scenario_wait(VixVM_WaitForToolsInGuest(vm, atoi(arg(i)), NULL, NULL)));
      i += 1;
    } else if (strcmp(verb, "login") == 0 || strcmp(verb, "login-interactive") == 0) {
      int options = strcmp(verb, "login") == 0 ? 0
                                               : VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT;
      scenario_report(verb, scenario_wait(
                              VixVM_LoginInGuest(vm, arg(i), arg(i + 1), options, NULL, NULL)));
      i += 2;
    } else if (strcmp(verb, "logout") == 0) {
      scenario_report(verb, scenario_wait(VixVM_LogoutFromGuest(vm, NULL, NULL)));
    } else if (strcmp(verb, "run") == 0 || strcmp(verb, "run-nowait") == 0) {
      int wait = strcmp(verb, "run") == 0;
      program_results(VixVM_RunProgramInGuest(vm, arg(i), arg(i + 1),
                                              wait ? 0 : VIX_RUNPROGRAM_RETURN_IMMEDIATELY,
                                              VIX_INVALID_HANDLE, NULL, NULL),
                      wait);
      i += 2;
    } else if (strcmp(verb, "script") == 0 || strcmp(verb, "script-nowait") == 0) {
      int wait = strcmp(verb, "script") == 0;
      program_results(VixVM_RunScriptInGuest(vm, arg(i), arg(i + 1),
                                             wait ? 0 : VIX_RUNPROGRAM_RETURN_IMMEDIATELY,
                                             VIX_INVALID_HANDLE, NULL, NULL),
                      wait);
      i += 2;
    } else if (strcmp(verb, "ps") == 0) {
      list_processes(vm, atoll(arg(i)));
      i += 1;
    } else if (strcmp(verb, "kill") == 0) {
      scenario_report(verb, scenario_wait(
                              VixVM_KillProcessInGuest(vm, (uint64)atoll(arg(i)), 0, NULL, NULL)));
      i += 1;
    } else if (strcmp(verb, "copy-to") == 0) {
      scenario_report(verb,
                      scenario_wait(VixVM_CopyFileFromHostToGuest(vm, arg(i), arg(i + 1), 0,
                                                                  VIX_INVALID_HANDLE, NULL, NULL)));
      i += 2;
    } else if (strcmp(verb, "copy-from") == 0) {
      scenario_report(verb,
                      scenario_wait(VixVM_CopyFileFromGuestToHost(vm, arg(i), arg(i + 1), 0,
                                                                  VIX_INVALID_HANDLE, NULL, NULL)));
      i += 2;
    } else if (strcmp(verb, "rm") == 0) {
      scenario_report(verb, scenario_wait(VixVM_DeleteFileInGuest(vm, arg(i), NULL, NULL)));
      i += 1;
    } else if (strcmp(verb, "mv") == 0) {
      scenario_report(verb, scenario_wait(VixVM_RenameFileInGuest(vm, arg(i), arg(i + 1), 0,
                                                                  VIX_INVALID_HANDLE, NULL, NULL)));
      i += 2;
    } else if (strcmp(verb, "mkdir") == 0) {
      scenario_report(verb,
                      scenario_wait(
                        VixVM_CreateDirectoryInGuest(vm, arg(i), VIX_INVALID_HANDLE, NULL, NULL)));
      i += 1;
    } else if (strcmp(verb, "rmdir") == 0) {
      scenario_report(verb, scenario_wait(VixVM_DeleteDirectoryInGuest(vm, arg(i), 0, NULL, NULL)));
      i += 1;
    } else if (strcmp(verb, "exists") == 0) {
      exists(verb, VixVM_FileExistsInGuest(vm, arg(i), NULL, NULL));
      i += 1;
    } else if (strcmp(verb, "direxists") == 0) {
      exists(verb, VixVM_DirectoryExistsInGuest(vm, arg(i), NULL, NULL));
      i += 1;
    } else if (strcmp(verb, "mktemp") == 0) {
      char* path = NULL;
      VixHandle job = VixVM_CreateTempFileInGuest(vm, 0, VIX_INVALID_HANDLE, NULL, NULL);
      if (scenario_report(verb, VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &path,
                                            VIX_PROPERTY_NONE))) {
        printf("temp: %s\n", path);
      }
      Vix_FreeBuffer(path);
      Vix_ReleaseHandle(job);
    } else if (strcmp(verb, "info") == 0) {
      VixHandle job = VixVM_GetFileInfoInGuest(vm, arg(i), NULL, NULL);
      file_info(job, 0, NULL);
      Vix_ReleaseHandle(job);
      i += 1;
    } else if (strcmp(verb, "ls") == 0) {
      list_directory(vm, arg(i));
      i += 1;
    } else if (strcmp(verb, "env") == 0) {
      char step[256];
      char* value = NULL;
      VixHandle job = VixVM_ReadVariable(vm, VIX_GUEST_ENVIRONMENT_VARIABLE, arg(i), 0, NULL, NULL);
      VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING, &value,
                                   VIX_PROPERTY_NONE);
      Vix_ReleaseHandle(job);
      snprintf(step, sizeof step, "env %s", arg(i));
      if (error == VIX_OK) {
        printf("%s: ok \"%s\"\n", step, value);
        Vix_FreeBuffer(value);
      } else {
        scenario_report(step, error);
      }
      i += 1;
    } else if (strcmp(verb, "again") == 0) {
      VixError error;
      VixHandle other = scenario_open(host, scenario_env("VIX_TEST_VM"), &error);
      if (scenario_report(verb, error)) {
        printf("same handle: %d\n", other == vm);
        Vix_ReleaseHandle(other);
      }
    } else {
      fprintf(stderr, "unknown verb %s\n", verb);
      return 2;
    }
  }
  Vix_ReleaseHandle(vm);
  VixHost_Disconnect(host);
  Vix_ReleaseHandle(host);
  return 0;
}
