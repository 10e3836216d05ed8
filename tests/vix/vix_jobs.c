/* SPDX-License-Identifier: Apache-2.0 */
/* Many jobs at once through one host handle (docs/libvix.md#threads). One connection, one VM
 * handle per vmx path argument (opened in order), then a power-on of every VM started at once:
 *
 *   vix_jobs power VMX...       waits for every job, then reads each VM's power state back;
 *   vix_jobs renew VMX...       the same, after saying "opened" and reading a line from stdin
 *                               (the test ends the session on the server meanwhile);
 *   vix_jobs disconnect VMX...  with a callback on each job: says "started", reads a line,
 *                               disconnects while the jobs run, then waits for every callback
 *                               and says what the jobs ended with.
 *
 * With VIX_TEST_TIMING set, the time from the first start to the last end of the power-ons goes
 * to stderr (the benchmark's number, not a test's). */
#include "scenario.h"

#include <pthread.h>
#include <time.h>

enum { max_vms = 64 };

struct ends {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  int calls;
  VixError errors[max_vms];
};

struct job_data {
  struct ends* ends;
  int index;
};

static void on_event(VixHandle job, VixEventType type, VixHandle more, void* data)
{
  struct job_data* d = (struct job_data*)data;
  (void)more;
  if (type != VIX_EVENTTYPE_JOB_COMPLETED) {
    return;
  }
  pthread_mutex_lock(&d->ends->mutex);
  d->ends->errors[d->index] = VixJob_GetError(job);
  ++d->ends->calls;
  pthread_cond_signal(&d->ends->cond);
  pthread_mutex_unlock(&d->ends->mutex);
}

static void wait_line(void)
{
  char line[64];
  if (fgets(line, sizeof line, stdin) == NULL) {
    fprintf(stderr, "stdin closed\n");
    exit(2);
  }
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Prints "power on: N ok", or a line per failed job. */
static void wait_power_ons(VixHandle* jobs, int n)
{
  int i;
  int failed = 0;
  for (i = 0; i < n; ++i) {
    VixError error = scenario_wait(jobs[i]);
    if (error != VIX_OK) {
      printf("power on %d: error %d\n", i, (int)VIX_ERROR_CODE(error));
      ++failed;
    }
  }
  if (failed == 0) {
    printf("power on: %d ok\n", n);
  }
}

/* Prints "states: N powered on", or a line per VM in another state (or unreadable). */
static void read_states(const VixHandle* vms, int n)
{
  int i;
  int other = 0;
  for (i = 0; i < n; ++i) {
    int state = 0;
    VixError error = Vix_GetProperties(vms[i], VIX_PROPERTY_VM_POWER_STATE, &state,
                                       VIX_PROPERTY_NONE);
    if (error != VIX_OK) {
      printf("state %d: error %d\n", i, (int)VIX_ERROR_CODE(error));
      ++other;
    } else if (!(state & VIX_POWERSTATE_POWERED_ON)) {
      printf("state %d: %s\n", i, scenario_power_word(state));
      ++other;
    }
  }
  if (other == 0) {
    printf("states: %d powered on\n", n);
  }
}

/* Disconnects while the jobs run; prints "callbacks: N, cancelled: M" once every job's callback
 * has run, and a line per job that ended otherwise. */
static void disconnect_during(VixHandle host, struct ends* ends, int n)
{
  int i;
  int cancelled = 0;
  printf("started\n");
  fflush(stdout);
  wait_line();
  VixHost_Disconnect(host);
  printf("disconnected\n");
  fflush(stdout);
  pthread_mutex_lock(&ends->mutex);
  while (ends->calls < n) {
    pthread_cond_wait(&ends->cond, &ends->mutex);
  }
  for (i = 0; i < n; ++i) {
    if (VIX_ERROR_CODE(ends->errors[i]) == VIX_E_CANCELLED) {
      ++cancelled;
    } else {
      printf("job %d: error %d\n", i, (int)VIX_ERROR_CODE(ends->errors[i]));
    }
  }
  printf("callbacks: %d, cancelled: %d\n", ends->calls, cancelled);
  pthread_mutex_unlock(&ends->mutex);
}

int main(int argc, char** argv)
{
  VixHandle vms[max_vms];
  VixHandle jobs[max_vms];
  struct job_data data[max_vms];
  struct ends ends;
  const char* mode = argc > 1 ? argv[1] : "";
  const int with_callbacks = strcmp(mode, "disconnect") == 0;
  const int n = argc - 2;
  VixError error;
  VixHandle host;
  double began;
  int i;
  if (n < 1 || n > max_vms ||
      (strcmp(mode, "power") != 0 && strcmp(mode, "renew") != 0 && !with_callbacks)) {
    fprintf(stderr, "usage: vix_jobs power|renew|disconnect VMX...\n");
    return 2;
  }
  memset(&ends, 0, sizeof ends);
  pthread_mutex_init(&ends.mutex, NULL);
  pthread_cond_init(&ends.cond, NULL);
  host = scenario_connect(&error);
  if (!scenario_report("connect", error)) {
    return 1;
  }
  for (i = 0; i < n; ++i) {
    vms[i] = scenario_open(host, argv[i + 2], &error);
    if (vms[i] == VIX_INVALID_HANDLE) {
      printf("open %d: error %d\n", i, (int)VIX_ERROR_CODE(error));
      return 1;
    }
  }
  printf("opened: %d\n", n);
  fflush(stdout);
  if (strcmp(mode, "renew") == 0) {
    wait_line();
  }
  began = now_s();
  for (i = 0; i < n; ++i) {
    data[i].ends = &ends;
    data[i].index = i;
    jobs[i] = VixVM_PowerOn(vms[i], VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE,
                            with_callbacks ? on_event : NULL, &data[i]);
  }
  if (with_callbacks) {
    disconnect_during(host, &ends, n);
  } else {
    wait_power_ons(jobs, n);
    if (getenv("VIX_TEST_TIMING") != NULL) {
      fprintf(stderr, "elapsed: %.3f s\n", now_s() - began);
    }
    read_states(vms, n);
    VixHost_Disconnect(host);
  }
  /* After a disconnect, releasing what it erased is a no-op. */
  for (i = 0; i < n; ++i) {
    if (with_callbacks) {
      Vix_ReleaseHandle(jobs[i]);
    }
    Vix_ReleaseHandle(vms[i]);
  }
  Vix_ReleaseHandle(host);
  pthread_cond_destroy(&ends.cond);
  pthread_mutex_destroy(&ends.mutex);
  return 0;
}
