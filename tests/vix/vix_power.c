/* SPDX-License-Identifier: Apache-2.0 */
/* Power operations on $VIX_TEST_VM, one per argument, in order: on, off, off-guest, reset,
 * suspend, pause, unpause, state (prints "power state: <word>, running <0|1>" read from the
 * server), delete, delete-no-flag, wait (prints "waiting", then reads a line from stdin). Prints a line per step; exits 0 unless the connection or the open
 * failed. */
#include "scenario.h"

static VixHandle start(const char* action, VixHandle vm)
{
  if (strcmp(action, "on") == 0) {
    return VixVM_PowerOn(vm, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE, NULL, NULL);
  }
  if (strcmp(action, "off") == 0) {
    return VixVM_PowerOff(vm, VIX_VMPOWEROP_NORMAL, NULL, NULL);
  }
  if (strcmp(action, "off-guest") == 0) {
    return VixVM_PowerOff(vm, VIX_VMPOWEROP_FROM_GUEST, NULL, NULL);
  }
  if (strcmp(action, "reset") == 0) {
    return VixVM_Reset(vm, VIX_VMPOWEROP_NORMAL, NULL, NULL);
  }
  if (strcmp(action, "suspend") == 0) {
    return VixVM_Suspend(vm, VIX_VMPOWEROP_NORMAL, NULL, NULL);
  }
  if (strcmp(action, "pause") == 0) {
    return VixVM_Pause(vm, 0, VIX_INVALID_HANDLE, NULL, NULL);
  }
  if (strcmp(action, "unpause") == 0) {
    return VixVM_Unpause(vm, 0, VIX_INVALID_HANDLE, NULL, NULL);
  }
  if (strcmp(action, "delete") == 0) {
    return VixVM_Delete(vm, VIX_VMDELETE_DISK_FILES, NULL, NULL);
  }
  if (strcmp(action, "delete-no-flag") == 0) {
    return VixVM_Delete(vm, 0, NULL, NULL);
  }
  return VIX_INVALID_HANDLE;
}

int main(int argc, char** argv)
{
  VixError error;
  VixHandle host;
  VixHandle vm = scenario_open_test_vm(&host);
  int i;
  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "wait") == 0) {
      /* Lets the test act on the server between two steps: says so, then reads a line. */
      char line[64];
      printf("waiting\n");
      fflush(stdout);
      if (fgets(line, sizeof line, stdin) == NULL) {
        return 2;
      }
      continue;
    }
    if (strcmp(argv[i], "state") == 0) {
      int state = 0;
      Bool running = 5;
      error = Vix_GetProperties(vm, VIX_PROPERTY_VM_POWER_STATE, &state,
                                VIX_PROPERTY_VM_IS_RUNNING, &running, VIX_PROPERTY_NONE);
      if (error == VIX_OK) {
        printf("power state: %s, running %d\n", scenario_power_word(state), running);
      } else {
        scenario_report("state", error);
      }
      continue;
    }
    {
      VixHandle job = start(argv[i], vm);
      char step[64];
      snprintf(step, sizeof step, "power %s", argv[i]);
      if (job == VIX_INVALID_HANDLE) {
        fprintf(stderr, "unknown action %s\n", argv[i]);
        return 2;
      }
      scenario_report(step, scenario_wait(job));
    }
  }
  Vix_ReleaseHandle(vm);
  VixHost_Disconnect(host);
  Vix_ReleaseHandle(host);
  return 0;
}
