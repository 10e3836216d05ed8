/* SPDX-License-Identifier: Apache-2.0 */
/* VixHost_UnregisterVM / VixHost_RegisterVM of $VIX_TEST_VM, one per argument, in order
 * ("unregister", "register"); one line per step. */
#include "scenario.h"

int main(int argc, char** argv)
{
  VixError error;
  VixHandle host = scenario_connect(&error);
  const char* vmx = scenario_env("VIX_TEST_VM");
  int i;
  if (!scenario_report("connect", error)) {
    return 1;
  }
  for (i = 1; i < argc; ++i) {
    VixHandle job;
    if (strcmp(argv[i], "register") == 0) {
      job = VixHost_RegisterVM(host, vmx, NULL, NULL);
    } else if (strcmp(argv[i], "unregister") == 0) {
      job = VixHost_UnregisterVM(host, vmx, NULL, NULL);
    } else {
      fprintf(stderr, "unknown action %s\n", argv[i]);
      return 2;
    }
    scenario_report(argv[i], scenario_wait(job));
  }
  VixHost_Disconnect(host);
  return 0;
}
