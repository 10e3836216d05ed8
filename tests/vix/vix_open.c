/* SPDX-License-Identifier: Apache-2.0 */
/* Opens the vmx path given as the argument twice through one host handle: prints the result,
 * and whether both opens gave the same handle (docs/libvix.md#same-vm-handle). */
#include "scenario.h"

int main(int argc, char** argv)
{
  VixError error;
  VixHandle host;
  VixHandle first;
  if (argc != 2) {
    fprintf(stderr, "usage: vix_open VMX\n");
    return 2;
  }
  host = scenario_connect(&error);
  if (!scenario_report("connect", error)) {
    return 1;
  }
  first = scenario_open(host, argv[1], &error);
  if (scenario_report("open", error)) {
    VixHandle second = scenario_open(host, argv[1], &error);
    scenario_report("open again", error);
    printf("same handle: %s\n", first == second ? "yes" : "no");
    /* One release per open: the first leaves it alive. */
    Vix_ReleaseHandle(second);
    printf("alive after one release: %s\n",
           Vix_GetHandleType(first) == VIX_HANDLETYPE_VM ? "yes" : "no");
    Vix_ReleaseHandle(first);
    printf("alive after two: %s\n", Vix_GetHandleType(first) == VIX_HANDLETYPE_VM ? "yes" : "no");
  }
  VixHost_Disconnect(host);
  return 0;
}
