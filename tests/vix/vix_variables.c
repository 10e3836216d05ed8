/* SPDX-License-Identifier: Apache-2.0 */
/* Variables, hardware upgrade, Tools installation and screen capture on $VIX_TEST_VM, one action
 * per argument (some take the next ones), in order: read TYPE NAME          VixVM_ReadVariable:
 * "read TYPE NAME: ok \"VALUE\"" (or the error) write TYPE NAME VALUE   VixVM_WriteVariable
 *   read-null               ReadVariable with a NULL name
 *   upgrade                 VixVM_UpgradeVirtualHardware
 *   tools OPTIONS           VixVM_InstallTools with these options (a number)
 *   capture TYPE FILE       VixVM_CaptureScreenImage in format TYPE (a number); the PNG to FILE
 * TYPE is VixVM_ReadVariable's number (1 guest variable, 2 runtime configuration, 3 guest
 * environment). Exits 0 unless the connection or the open failed. */
#include "actions.h"

static int act(VixHandle vm, int argc, char** argv, int i)
{
  const char* action = argv[i];
  char step[512];
  if (strcmp(action, "read") == 0 && i + 2 < argc) {
    char* value = NULL;
    VixHandle job = VixVM_ReadVariable(vm, atoi(argv[i + 1]), argv[i + 2], 0, NULL, NULL);
    VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING, &value,
                                 VIX_PROPERTY_NONE);
    Vix_ReleaseHandle(job);
    snprintf(step, sizeof step, "read %s %s", argv[i + 1], argv[i + 2]);
    if (error == VIX_OK) {
      printf("%s: ok \"%s\"\n", step, value);
      Vix_FreeBuffer(value);
    } else {
      scenario_report(step, error);
    }
    i += 2;
  } else if (strcmp(action, "write") == 0 && i + 3 < argc) {
    snprintf(step, sizeof step, "write %s %s %s", argv[i + 1], argv[i + 2], argv[i + 3]);
    scenario_report(step, scenario_wait(VixVM_WriteVariable(vm, atoi(argv[i + 1]), argv[i + 2],
                                                            argv[i + 3], 0, NULL, NULL)));
    i += 3;
  } else if (strcmp(action, "read-null") == 0) {
    scenario_report(action, scenario_wait(
                              VixVM_ReadVariable(vm, VIX_VM_GUEST_VARIABLE, NULL, 0, NULL, NULL)));
  } else if (strcmp(action, "upgrade") == 0) {
    scenario_report(action, scenario_wait(VixVM_UpgradeVirtualHardware(vm, 0, NULL, NULL)));
  } else if (strcmp(action, "capture") == 0 && i + 2 < argc) {
    int size = -1;
    int blob_size = -1;
    char* data = NULL;
    VixHandle job = VixVM_CaptureScreenImage(vm, atoi(argv[i + 1]), VIX_INVALID_HANDLE, NULL, NULL);
    VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_SIZE, &size,
                                 VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA, &blob_size, &data,
                                 VIX_PROPERTY_NONE);
    Vix_ReleaseHandle(job);
    snprintf(step, sizeof step, "capture %s", argv[i + 1]);
    if (error == VIX_OK) {
      FILE* out = fopen(argv[i + 2], "wb");
      if (out == NULL || fwrite(data, 1, (size_t)blob_size, out) != (size_t)blob_size) {
        printf("%s: cannot write %s\n", step, argv[i + 2]);
      } else {
        printf("%s: ok, size %s\n", step, size == blob_size ? "as the blob's" : "wrong");
      }
      if (out != NULL) {
        fclose(out);
      }
      Vix_FreeBuffer(data);
    } else {
      scenario_report(step, error);
    }
    i += 2;
  } else if (strcmp(action, "tools") == 0 && i + 1 < argc) {
    snprintf(step, sizeof step, "tools %s", argv[++i]);
    scenario_report(step, scenario_wait(VixVM_InstallTools(vm, atoi(argv[i]), NULL, NULL, NULL)));
  } else {
    return -1;
  }
  return i;
}

int main(int argc, char** argv)
{
  return scenario_run_actions(argc, argv, act);
}
