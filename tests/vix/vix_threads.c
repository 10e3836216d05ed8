/* SPDX-License-Identifier: Apache-2.0 */
/* One thread per vmx path argument, all at once: connect, open, power on, power off,
 * disconnect (docs/libvix.md#threads). Prints "threads: N ok" or one line per failed step. */
#include "scenario.h"

#include <pthread.h>

enum { max_threads = 64 };

struct work {
  const char* vmx;
  char failure[128];
};

static void* run(void* arg)
{
  struct work* w = (struct work*)arg;
  VixError error;
  VixHandle host = scenario_connect(&error);
  VixHandle vm;
  if (host == VIX_INVALID_HANDLE) {
    snprintf(w->failure, sizeof w->failure, "connect %d", (int)VIX_ERROR_CODE(error));
    return NULL;
  }
  vm = scenario_open(host, w->vmx, &error);
  if (vm == VIX_INVALID_HANDLE) {
    snprintf(w->failure, sizeof w->failure, "open %d", (int)VIX_ERROR_CODE(error));
  } else if ((error = scenario_wait(VixVM_PowerOn(vm, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE,
                                                  NULL, NULL))) != VIX_OK) {
    snprintf(w->failure, sizeof w->failure, "power on %d", (int)VIX_ERROR_CODE(error));
  } else if ((error = scenario_wait(VixVM_PowerOff(vm, VIX_VMPOWEROP_NORMAL, NULL, NULL))) !=
             VIX_OK) {
    snprintf(w->failure, sizeof w->failure, "power off %d", (int)VIX_ERROR_CODE(error));
  }
  Vix_ReleaseHandle(vm);
  VixHost_Disconnect(host);
  Vix_ReleaseHandle(host);
  return NULL;
}

int main(int argc, char** argv)
{
  pthread_t threads[max_threads];
  struct work works[max_threads];
  int n = argc - 1;
  int i;
  int failed = 0;
  if (n < 1 || n > max_threads) {
    fprintf(stderr, "usage: vix_threads VMX...\n");
    return 2;
  }
  for (i = 0; i < n; ++i) {
    works[i].vmx = argv[i + 1];
    works[i].failure[0] = '\0';
    if (pthread_create(&threads[i], NULL, run, &works[i]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 1;
    }
  }
  for (i = 0; i < n; ++i) {
    pthread_join(threads[i], NULL);
  }
  for (i = 0; i < n; ++i) {
    if (works[i].failure[0] != '\0') {
      printf("thread %d: %s\n", i, works[i].failure);
      ++failed;
    }
  }
  if (failed == 0) {
    printf("threads: %d ok\n", n);
  }
  return 0;
}
