/* SPDX-License-Identifier: Apache-2.0 */
/* The example of VixVM_Clone's reference page, against a vSphere server: connect
 * ($VIX_TEST_HOST, an "https://host:port/sdk" URL), open $VIX_TEST_VM, make a linked clone of
 * it at $VIX_TEST_CLONE (a "[datastore] dir/name.vmx" path) with no snapshot handle (the
 * library takes a snapshot first), power the clone on, release every handle. Prints the first
 * failure as "<step>: error <code>", or "clone example: ok"; exits 0 only on success. */
#include "vix.h"

#include <stdio.h>
#include <stdlib.h>

static const char* env(const char* name)
{
  const char* value = getenv(name);
  if (value == NULL) {
    fprintf(stderr, "%s is not set\n", name);
    exit(2);
  }
  return value;
}

int main(void)
{
  VixError err = VIX_OK;
  VixHandle hostHandle = VIX_INVALID_HANDLE;
  VixHandle jobHandle = VIX_INVALID_HANDLE;
  VixHandle vmHandle = VIX_INVALID_HANDLE;
  VixHandle cloneVMHandle = VIX_INVALID_HANDLE;
  const char* step = "connect";

  jobHandle = VixHost_Connect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
                              env("VIX_TEST_HOST"),     /* hostName */
                              0,                        /* hostPort */
                              env("VIX_TEST_USER"),     /* userName */
                              env("VIX_TEST_PASSWORD"), /* password */
                              0,                        /* options */
                              VIX_INVALID_HANDLE,       /* propertyListHandle */
                              NULL,                     /* callbackProc */
                              NULL);                    /* clientData */
  err = VixJob_Wait(jobHandle, VIX_PROPERTY_JOB_RESULT_HANDLE, &hostHandle, VIX_PROPERTY_NONE);
  if (VIX_FAILED(err)) {
    goto abort;
  }
  /* Release handle after use. */
  Vix_ReleaseHandle(jobHandle);

  step = "open";
  jobHandle = VixVM_Open(hostHandle, env("VIX_TEST_VM"), NULL, /* callbackProc */
                         NULL);                                /* clientData */
  err = VixJob_Wait(jobHandle, VIX_PROPERTY_JOB_RESULT_HANDLE, &vmHandle, VIX_PROPERTY_NONE);
  if (VIX_FAILED(err)) {
    goto abort;
  }
  Vix_ReleaseHandle(jobHandle);

  /* Create a clone of this virtual machine. */
  step = "clone";
  jobHandle = VixVM_Clone(vmHandle, VIX_INVALID_HANDLE, /* snapshotHandle */
                          VIX_CLONETYPE_LINKED,         /* cloneType */
                          env("VIX_TEST_CLONE"),        /* destConfigPathName */
                          0,                            /* options */
                          VIX_INVALID_HANDLE,           /* propertyListHandle */
                          NULL,                         /* callbackProc */
                          NULL);                        /* clientData */
  err = VixJob_Wait(jobHandle, VIX_PROPERTY_JOB_RESULT_HANDLE, &cloneVMHandle, VIX_PROPERTY_NONE);
  if (VIX_FAILED(err)) {
    goto abort;
  }
  Vix_ReleaseHandle(jobHandle);

  /* The clone is a VM like any other: power it on. */
  step = "power on";
  jobHandle = VixVM_PowerOn(cloneVMHandle, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE, NULL,
                            NULL);
  err = VixJob_Wait(jobHandle, VIX_PROPERTY_NONE);

abort:
  if (VIX_FAILED(err)) {
    printf("%s: error %d\n", step, (int)VIX_ERROR_CODE(err));
  } else {
    printf("clone example: ok\n");
  }
  Vix_ReleaseHandle(jobHandle);
  Vix_ReleaseHandle(vmHandle);
  Vix_ReleaseHandle(cloneVMHandle);
  VixHost_Disconnect(hostHandle);
  return VIX_FAILED(err) ? 1 : 0;
}
