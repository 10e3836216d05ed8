/* SPDX-License-Identifier: Apache-2.0 */
/* VixHost_Disconnect while a job runs on the host (docs/libvix.md#disconnect): starts a PowerOff of $VIX_TEST_VM
 * with a callback, says "started", waits for a line on stdin (the test holds the task until
 * then), disconnects, says what the job handle is then, waits for another line (the test lets
 * the task end), then waits for the callback and says what it saw. */
#include "scenario.h"

#include <pthread.h>

struct seen {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  int calls;
  VixError error;
};

static void on_event(VixHandle job, VixEventType type, VixHandle more, void* data)
{
  struct seen* s = (struct seen*)data;
  (void)more;
  if (type != VIX_EVENTTYPE_JOB_COMPLETED) {
    return;
  }
  pthread_mutex_lock(&s->mutex);
  ++s->calls;
  s->error = VixJob_GetError(job);
  pthread_cond_signal(&s->cond);
  pthread_mutex_unlock(&s->mutex);
}

static void wait_line(void)
{
  char line[64];
  if (fgets(line, sizeof line, stdin) == NULL) {
    fprintf(stderr, "stdin closed\n");
    exit(2);
  }
}

int main(void)
{
  struct seen s;
  VixHandle host;
  VixHandle vm = scenario_open_test_vm(&host);
  VixHandle job;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mutex, NULL);
  pthread_cond_init(&s.cond, NULL);
  job = VixVM_PowerOff(vm, VIX_VMPOWEROP_NORMAL, on_event, &s);
  printf("started\n");
  fflush(stdout);
  wait_line();
  VixHost_Disconnect(host);
  printf("after disconnect: job %d, vm %d, wait %d\n", Vix_GetHandleType(job),
         Vix_GetHandleType(vm), (int)VIX_ERROR_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE)));
  fflush(stdout);
  wait_line();
  pthread_mutex_lock(&s.mutex);
  while (s.calls == 0) {
    pthread_cond_wait(&s.cond, &s.mutex);
  }
  printf("callbacks: %d, its job: error %d\n", s.calls, (int)VIX_ERROR_CODE(s.error));
  pthread_mutex_unlock(&s.mutex);
  /* Releasing what the disconnect erased is a no-op. */
  Vix_ReleaseHandle(job);
  Vix_ReleaseHandle(vm);
  Vix_ReleaseHandle(host);
  pthread_cond_destroy(&s.cond);
  pthread_mutex_destroy(&s.mutex);
  return 0;
}
