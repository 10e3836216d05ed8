/* SPDX-License-Identifier: Apache-2.0 */
/* The libvix part of the benchmark (scripts/bench.sh, docs/benchmark.md "libvix fan-out"): N
 * power-ons three ways on the VMs named on the command line, all powered off beforehand:
 *   one      one power-on through one host handle (the reference);
 *   serial   the N, one after another, through one host handle;
 *   handle   the N started at once through one host handle, then all waited for;
 *   handles  the N at once, each VM opened through its own host handle (connected beforehand).
 * Every VM is powered off again (untimed) between the measurements. Prints "<name> <seconds>"
 * per measurement, or "error <step> <code>" and exits 1. The server comes from VIX_BENCH_HOST,
 * VIX_BENCH_USER and VIX_BENCH_PASSWORD; certificates are not checked. */
#include "scenario.h" /* tests/vix: scenario_env */
#include "vix.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { max_vms = 64 };

static void check(const char* step, VixError error)
{
  if (error != VIX_OK) {
    printf("error %s %d\n", step, (int)VIX_ERROR_CODE(error));
    exit(1);
  }
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Waits for a job that returns a handle and releases the job. */
static VixHandle wait_handle(const char* step, VixHandle job)
{
  VixHandle result = VIX_INVALID_HANDLE;
  VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &result, VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  check(step, error);
  return result;
}

static void wait_all(const char* step, VixHandle* jobs, int n)
{
  int i;
  for (i = 0; i < n; ++i) {
    VixError error = VixJob_Wait(jobs[i], VIX_PROPERTY_NONE);
    Vix_ReleaseHandle(jobs[i]);
    check(step, error);
  }
}

static VixHandle connect_host(void)
{
  return wait_handle("connect",
                     VixHost_Connect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
                                     scenario_env("VIX_BENCH_HOST"), 0, scenario_env("VIX_BENCH_USER"),
                                     scenario_env("VIX_BENCH_PASSWORD"), 0, VIX_INVALID_HANDLE, NULL, NULL));
}

/* Starts a power operation on each of vms[from..to) and waits for them all. */
static double power(VixHandle* vms, int from, int to, int on)
{
  VixHandle jobs[max_vms];
  double began = now();
  int i;
  for (i = from; i < to; ++i) {
    jobs[i - from] = on
                       ? VixVM_PowerOn(vms[i], VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE, NULL, NULL)
                       : VixVM_PowerOff(vms[i], VIX_VMPOWEROP_NORMAL, NULL, NULL);
  }
  wait_all(on ? "power on" : "power off", jobs, to - from);
  return now() - began;
}

int main(int argc, char** argv)
{
  VixHandle host;
  VixHandle vms[max_vms];
  VixHandle hosts[max_vms];
  VixHandle own[max_vms];
  int n = argc - 1;
  int i;
  double serial = 0;
  if (n < 1 || n > max_vms) {
    fprintf(stderr, "usage: vix_fanout VMX... (at most %d)\n", max_vms);
    return 2;
  }
  host = connect_host();
  for (i = 0; i < n; ++i) {
    vms[i] = wait_handle("open", VixVM_Open(host, argv[i + 1], NULL, NULL));
  }
  printf("one %.6f\n", power(vms, 0, 1, 1));
  power(vms, 0, 1, 0);
  for (i = 0; i < n; ++i) {
    serial += power(vms, i, i + 1, 1);
  }
  printf("serial %.6f\n", serial);
  power(vms, 0, n, 0);
  printf("handle %.6f\n", power(vms, 0, n, 1));
  power(vms, 0, n, 0);
  for (i = 0; i < n; ++i) {
    hosts[i] = connect_host();
    own[i] = wait_handle("open", VixVM_Open(hosts[i], argv[i + 1], NULL, NULL));
  }
  printf("handles %.6f\n", power(own, 0, n, 1));
  power(vms, 0, n, 0);
  for (i = 0; i < n; ++i) {
    Vix_ReleaseHandle(own[i]);
    VixHost_Disconnect(hosts[i]);
    Vix_ReleaseHandle(hosts[i]);
    Vix_ReleaseHandle(vms[i]);
  }
  VixHost_Disconnect(host);
  Vix_ReleaseHandle(host);
  return 0;
}
