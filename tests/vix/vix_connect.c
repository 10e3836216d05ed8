/* SPDX-License-Identifier: Apache-2.0 */
/* Connects and disconnects: "connect: ok" or "connect: error <code>". */
#include "scenario.h"

int main(void)
{
  VixError error;
  VixHandle host = scenario_connect(&error);
  scenario_report("connect", error);
  if (host != VIX_INVALID_HANDLE) {
    printf("handle type: %d\n", Vix_GetHandleType(host));
    VixHost_Disconnect(host);
    printf("after disconnect: %d\n", Vix_GetHandleType(host));
    Vix_ReleaseHandle(host);
  }
  return 0;
}
