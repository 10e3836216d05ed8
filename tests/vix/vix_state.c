/* SPDX-License-Identifier: Apache-2.0 */
/* The VM properties of $VIX_TEST_VM read through the library, one line each. */
#include "scenario.h"

int main(void)
{
  VixError error;
  VixHandle host;
  VixHandle vm;
  char* vmx = NULL;
  char* name = NULL;
  char* guest = NULL;
  char* team = NULL;
  int power = 0, tools = 0, cpus = 0, memory = 0, features = 0;
  Bool running = 7, read_only = 7;
  int host_type = 0;
  vm = scenario_open_test_vm(&host);
  error = Vix_GetProperties(vm, VIX_PROPERTY_VM_VMX_PATHNAME, &vmx, VIX_PROPERTY_VM_NAME, &name,
                            VIX_PROPERTY_VM_GUESTOS, &guest, VIX_PROPERTY_VM_VMTEAM_PATHNAME, &team,
                            VIX_PROPERTY_VM_POWER_STATE, &power, VIX_PROPERTY_VM_TOOLS_STATE,
                            &tools, VIX_PROPERTY_VM_NUM_VCPUS, &cpus, VIX_PROPERTY_VM_MEMORY_SIZE,
                            &memory, VIX_PROPERTY_VM_IS_RUNNING, &running,
                            VIX_PROPERTY_VM_READ_ONLY, &read_only,
                            VIX_PROPERTY_VM_SUPPORTED_FEATURES, &features, VIX_PROPERTY_NONE);
  if (scenario_report("properties", error)) {
    printf("vmx: %s\n", vmx);
    printf("name: %s\n", name);
    printf("guest os: %s\n", guest);
    printf("team: \"%s\"\n", team);
    printf("power state: %s\n", scenario_power_word(power));
    printf("running: %d\n", running);
    printf("read only: %d\n", read_only);
    printf("vcpus: %d\n", cpus);
    printf("memory: %d\n", memory);
    printf("features: 0x%x\n", features);
    printf("tools state valid: %d\n", tools == VIX_TOOLSSTATE_RUNNING ||
                                        tools == VIX_TOOLSSTATE_NOT_INSTALLED ||
                                        tools == VIX_TOOLSSTATE_UNKNOWN);
  }
  Vix_FreeBuffer(vmx);
  Vix_FreeBuffer(name);
  Vix_FreeBuffer(guest);
  Vix_FreeBuffer(team);
  error = Vix_GetProperties(host, VIX_PROPERTY_HOST_HOSTTYPE, &host_type, VIX_PROPERTY_NONE);
  if (scenario_report("host properties", error)) {
    printf("host type: %d\n", host_type);
  }
  VixHost_Disconnect(host);
  /* Everything obtained through the host is gone; releasing it afterwards is a no-op
   * (docs/libvix.md#disconnect). */
  printf("after disconnect: host %d, vm %d\n", Vix_GetHandleType(host), Vix_GetHandleType(vm));
  Vix_ReleaseHandle(vm);
  Vix_ReleaseHandle(host);
  return 0;
}
