/* SPDX-License-Identifier: Apache-2.0 */
/* What the scenario programs share: the server from the environment (VIX_TEST_HOST, _USER,
 * _PASSWORD, _VM; VIX_TEST_VERIFY=1 asks for VIX_HOSTOPTION_VERIFY_SSL_CERT), and how they print
 * results: one line per step, "<step>: ok" or "<step>: error <code>". */
#ifndef VIX_TEST_SCENARIO_H
#define VIX_TEST_SCENARIO_H

#include "vix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char* scenario_env(const char* name)
{
  const char* value = getenv(name);
  if (value == NULL) {
    fprintf(stderr, "%s is not set\n", name);
    exit(2);
  }
  return value;
}

static inline int scenario_report(const char* step, VixError error)
{
  if (error == VIX_OK) {
    printf("%s: ok\n", step);
  } else {
    printf("%s: error %d\n", step, (int)VIX_ERROR_CODE(error));
  }
  return error == VIX_OK;
}

/* A host handle, or VIX_INVALID_HANDLE with the error in *error. */
static inline VixHandle scenario_connect(VixError* error)
{
  const char* verify = getenv("VIX_TEST_VERIFY");
  VixHandle host = VIX_INVALID_HANDLE;
  VixHandle job = VixHost_Connect(
    VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, scenario_env("VIX_TEST_HOST"), 0,
    scenario_env("VIX_TEST_USER"), scenario_env("VIX_TEST_PASSWORD"),
    verify != NULL && strcmp(verify, "1") == 0 ? VIX_HOSTOPTION_VERIFY_SSL_CERT : 0,
    VIX_INVALID_HANDLE, NULL, NULL);
  *error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &host, VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  return *error == VIX_OK ? host : VIX_INVALID_HANDLE;
}

/* A VM handle, or VIX_INVALID_HANDLE with the error in *error. */
static inline VixHandle scenario_open(VixHandle host, const char* vmx, VixError* error)
{
  VixHandle vm = VIX_INVALID_HANDLE;
  VixHandle job = VixVM_Open(host, vmx, NULL, NULL);
  *error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &vm, VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  return *error == VIX_OK ? vm : VIX_INVALID_HANDLE;
}

/* Connects and opens $VIX_TEST_VM, printing both steps; exits the program when either fails.
 * Returns the VM handle and sets *host. */
static inline VixHandle scenario_open_test_vm(VixHandle* host)
{
  VixError error;
  VixHandle vm;
  *host = scenario_connect(&error);
  if (!scenario_report("connect", error)) {
    exit(1);
  }
  vm = scenario_open(*host, scenario_env("VIX_TEST_VM"), &error);
  if (!scenario_report("open", error)) {
    VixHost_Disconnect(*host);
    exit(1);
  }
  return vm;
}

/* The power state without the Tools and question bits (they change on their own). */
static inline const char* scenario_power_word(int state)
{
  if (state & VIX_POWERSTATE_POWERED_ON) {
    return "powered on";
  }
  if (state & VIX_POWERSTATE_SUSPENDED) {
    return "suspended";
  }
  if (state & VIX_POWERSTATE_POWERED_OFF) {
    return "powered off";
  }
  return "other";
}

/* Waits for a job and releases it; with VIX_TEST_SHOW_INFO set, a failed job's
 * VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO is printed first, as the library gives it. */
static inline VixError scenario_wait(VixHandle job)
{
  VixError error = VixJob_Wait(job, VIX_PROPERTY_NONE);
  char* info = NULL;
  if (error != VIX_OK && getenv("VIX_TEST_SHOW_INFO") != NULL &&
      Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO, &info,
                        VIX_PROPERTY_NONE) == VIX_OK) {
    printf("info: %s\n", info);
    Vix_FreeBuffer(info);
  }
  Vix_ReleaseHandle(job);
  return error;
}

#endif
