/* SPDX-License-Identifier: Apache-2.0 */
/* VixHost_FindItems (argument "running" or "registered", then the timeout, -1 when not given)
 * with a callback and VixJob_Wait, as VMware's example does: prints every location (sorted), the
 * count, and whether every FIND_ITEM event came before JOB_COMPLETED. */
#include "scenario.h"

#include <pthread.h>

enum { max_items = 256 };

struct found {
  pthread_mutex_t mutex;
  char* items[max_items];
  int count;
  int completed;
  int item_after_completion;
};

static void on_event(VixHandle job, VixEventType type, VixHandle more, void* data)
{
  struct found* f = (struct found*)data;
  (void)job;
  pthread_mutex_lock(&f->mutex);
  if (type == VIX_EVENTTYPE_FIND_ITEM) {
    char* location = NULL;
    f->item_after_completion |= f->completed;
    if (Vix_GetProperties(more, VIX_PROPERTY_FOUND_ITEM_LOCATION, &location,
                          VIX_PROPERTY_NONE) == VIX_OK &&
        f->count < max_items) {
      f->items[f->count++] = strdup(location);
    }
    Vix_FreeBuffer(location);
  } else if (type == VIX_EVENTTYPE_JOB_COMPLETED) {
    ++f->completed;
  }
  pthread_mutex_unlock(&f->mutex);
}

static int compare(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv)
{
  struct found f;
  VixError error;
  VixHandle host;
  VixHandle job;
  int i;
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: vix_find running|registered [TIMEOUT]\n");
    return 2;
  }
  memset(&f, 0, sizeof f);
  pthread_mutex_init(&f.mutex, NULL);
  host = scenario_connect(&error);
  if (!scenario_report("connect", error)) {
    return 1;
  }
  job = VixHost_FindItems(host,
                          strcmp(argv[1], "running") == 0 ? VIX_FIND_RUNNING_VMS
                                                          : VIX_FIND_REGISTERED_VMS,
                          VIX_INVALID_HANDLE, argc == 3 ? atoi(argv[2]) : -1, on_event, &f);
  scenario_report("find", scenario_wait(job));
  /* VixJob_Wait returned: every callback has run. */
  pthread_mutex_lock(&f.mutex);
  qsort(f.items, (size_t)f.count, sizeof f.items[0], compare);
  for (i = 0; i < f.count; ++i) {
    printf("%s\n", f.items[i]);
    free(f.items[i]);
  }
  printf("found: %d\n", f.count);
  printf("completed: %d, items after it: %d\n", f.completed, f.item_after_completion);
  pthread_mutex_unlock(&f.mutex);
  pthread_mutex_destroy(&f.mutex);
  VixHost_Disconnect(host);
  return 0;
}
