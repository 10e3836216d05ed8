/* SPDX-License-Identifier: Apache-2.0 */
/* libvix without a server: handle rules, error texts, jobs and callbacks, property types and
 * outputs, connections that fail (docs/libvix.md). Usage: vix_local <path of vix-errors.tsv>.
 * Exits 0 when every check passed. */
#include "check.h"
#include "vix.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------------------------ */

/* A TCP port on 127.0.0.1 that nothing listens on: bound, then closed. */
static int closed_port(void)
{
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && bind(fd, (struct sockaddr*)&addr, sizeof addr) == 0 &&
      getsockname(fd, (struct sockaddr*)&addr, &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) {
    close(fd);
  }
  return port;
}

static VixHandle connect_to(const char* host, int port, VixServiceProvider provider,
                            VixEventProc* proc, void* data)
{
  return VixHost_Connect(VIX_API_VERSION, provider, host, port, "user", "secret", 0,
                         VIX_INVALID_HANDLE, proc, data);
}

/* What a callback saw, guarded by a mutex; `done` is signalled on JOB_COMPLETED. */
struct seen {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  int completed;
  int other_events;
  VixError wait_inside;
  VixError property_inside;
  VixError error_code_inside;
  int done;
};

static void seen_init(struct seen* s)
{
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->mutex, NULL);
  pthread_cond_init(&s->cond, NULL);
}

static void seen_destroy(struct seen* s)
{
  pthread_mutex_destroy(&s->mutex);
  pthread_cond_destroy(&s->cond);
}

static void seen_wait_done(struct seen* s)
{
  pthread_mutex_lock(&s->mutex);
  while (!s->done) {
    pthread_cond_wait(&s->cond, &s->mutex);
  }
  pthread_mutex_unlock(&s->mutex);
}

/* Inside its JOB_COMPLETED callback a job's results are readable, and VixJob_Wait on it returns
 * at once with the stored error (docs/libvix.md#job-results, docs/libvix.md#wait-in-callback). */
static void on_event(VixHandle job, VixEventType type, VixHandle more, void* data)
{
  struct seen* s = (struct seen*)data;
  VixError code = VIX_OK;
  VixError wait = VIX_OK;
  VixError property = VIX_OK;
  (void)more;
  if (type != VIX_EVENTTYPE_JOB_COMPLETED) {
    pthread_mutex_lock(&s->mutex);
    ++s->other_events;
    pthread_mutex_unlock(&s->mutex);
    return;
  }
  wait = VixJob_Wait(job, VIX_PROPERTY_NONE);
  property = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_ERROR_CODE, &code, VIX_PROPERTY_NONE);
  pthread_mutex_lock(&s->mutex);
  ++s->completed;
  s->wait_inside = wait;
  s->property_inside = property;
  s->error_code_inside = code;
  s->done = 1;
  pthread_cond_signal(&s->cond);
  pthread_mutex_unlock(&s->mutex);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_handle_rules(void)
{
  VixHandle job;
  CHECK(Vix_GetHandleType(VIX_INVALID_HANDLE) == VIX_HANDLETYPE_NONE);
  CHECK(Vix_GetHandleType(987654) == VIX_HANDLETYPE_NONE);
  CHECK(Vix_GetHandleType(-5) == VIX_HANDLETYPE_NONE);
  /* Silent no-ops (docs/libvix.md#handle-values). */
  Vix_ReleaseHandle(VIX_INVALID_HANDLE);
  Vix_ReleaseHandle(987654);
  Vix_AddRefHandle(987654);
  Vix_AddRefHandle(VIX_INVALID_HANDLE);
  VixHost_Disconnect(VIX_INVALID_HANDLE);
  VixHost_Disconnect(987654);

  job = connect_to("esx.example", 0, VIX_SERVICEPROVIDER_VMWARE_PLAYER, NULL, NULL);
  CHECK(job > 0);
  CHECK(Vix_GetHandleType(job) == VIX_HANDLETYPE_JOB);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  /* One more reference: the handle survives one release, not two; a third is a no-op. */
  Vix_AddRefHandle(job);
  Vix_ReleaseHandle(job);
  CHECK(Vix_GetHandleType(job) == VIX_HANDLETYPE_JOB);
  Vix_ReleaseHandle(job);
  CHECK(Vix_GetHandleType(job) == VIX_HANDLETYPE_NONE);
  Vix_ReleaseHandle(job);
  CHECK_CODE(VixJob_GetError(job), VIX_E_INVALID_HANDLE);
  {
    /* Values are never reused (docs/libvix.md#handle-values). */
    VixHandle next = connect_to("esx.example", 0, VIX_SERVICEPROVIDER_VMWARE_SERVER, NULL, NULL);
    CHECK(next > job);
    CHECK_CODE(VixJob_Wait(next, VIX_PROPERTY_NONE), VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
    Vix_ReleaseHandle(next);
  }
  printf("handle rules: ok\n");
}

/* Every code of the TSV answers with its text (for a code the TSV lists twice, the catalog
 * keeps one of its texts); the upper bits are masked; never NULL; the pointer stays. */
enum { max_rows = 1024 };
static long tsv_codes[max_rows];
static char tsv_texts[max_rows][256];

static int text_of_code_is(long code, const char* text, int rows)
{
  int i;
  for (i = 0; i < rows; ++i) {
    if (tsv_codes[i] == code && strcmp(tsv_texts[i], text) == 0) {
      return 1;
    }
  }
  return 0;
}

static void test_error_texts(const char* tsv_path)
{
  FILE* tsv = fopen(tsv_path, "r");
  char line[1024];
  int rows = 0;
  int i;
  CHECK(tsv != NULL);
  if (tsv == NULL) {
    return;
  }
  while (rows < max_rows && fgets(line, sizeof line, tsv) != NULL) {
    char* constant = strchr(line, '\t');
    char* text = constant ? strchr(constant + 1, '\t') : NULL;
    if (text == NULL || line[0] < '0' || line[0] > '9') {
      continue; /* the header */
    }
    text += 1;
    text[strcspn(text, "\r\n")] = '\0';
    tsv_codes[rows] = strtol(line, NULL, 10);
    snprintf(tsv_texts[rows], sizeof tsv_texts[rows], "%s", text);
    ++rows;
  }
  fclose(tsv);
  CHECK(rows > 50);
  for (i = 0; i < rows; ++i) {
    const char* got = Vix_GetErrorText((VixError)tsv_codes[i], NULL);
    CHECK(got != NULL);
    if (got != NULL && !text_of_code_is(tsv_codes[i], got, rows)) {
      fprintf(stderr, "text of %ld: got \"%s\", want \"%s\"\n", tsv_codes[i], got, tsv_texts[i]);
      ++check_failures;
    }
  }
  CHECK(text_of_code_is(VIX_E_VM_NOT_FOUND, Vix_GetErrorText(VIX_E_VM_NOT_FOUND, NULL), rows));
  CHECK(strcmp(Vix_GetErrorText(((VixError)0x1234 << 32) | VIX_E_VM_NOT_FOUND, NULL),
               Vix_GetErrorText(VIX_E_VM_NOT_FOUND, NULL)) == 0);
  CHECK(Vix_GetErrorText(VIX_E_VM_NOT_FOUND, NULL) == Vix_GetErrorText(VIX_E_VM_NOT_FOUND, NULL));
  CHECK(Vix_GetErrorText(64999, NULL) != NULL);
  CHECK(strcmp(Vix_GetErrorText(64999, "fr_FR"), "Unknown error") == 0);
  printf("error texts: ok\n");
}

/* A hosted provider: the job fails with 22003, through VixJob_Wait, VixJob_GetError, the
 * ERROR_CODE property and a callback that runs exactly once. */
static void test_provider_not_found(void)
{
  struct seen s;
  VixHandle job;
  VixError code = VIX_OK;
  Bool complete[2] = {FALSE, 0x5A};
  seen_init(&s);
  job = connect_to(NULL, 0, VIX_SERVICEPROVIDER_VMWARE_WORKSTATION, on_event, &s);
  CHECK(job != VIX_INVALID_HANDLE);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  /* Wait returns after the callback has returned (docs/libvix.md#wait-in-callback). */
  pthread_mutex_lock(&s.mutex);
  CHECK(s.completed == 1);
  CHECK(s.other_events == 0);
  CHECK_CODE(s.wait_inside, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  CHECK_CODE(s.property_inside, VIX_OK);
  CHECK_CODE(s.error_code_inside, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  pthread_mutex_unlock(&s.mutex);
  CHECK_CODE(VixJob_GetError(job), VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  CHECK_CODE(Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_ERROR_CODE, &code, VIX_PROPERTY_NONE),
             VIX_OK);
  CHECK_CODE(code, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  CHECK_CODE(VixJob_CheckCompletion(job, &complete[0]), VIX_OK);
  CHECK(complete[0] == TRUE && complete[1] == 0x5A);
  CHECK_CODE(VixJob_CheckCompletion(job, NULL), VIX_E_INVALID_ARG);
  /* A failed job's results are not there, its error comes first (docs/libvix.md#wait-error-first). */
  {
    VixHandle result = 77;
    CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &result, VIX_PROPERTY_NONE),
               VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
    CHECK(result == 77);
  }
  CHECK(VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_HANDLE) == 0);
  CHECK(VixJob_GetNumProperties(987654, VIX_PROPERTY_JOB_RESULT_HANDLE) == 0);
  Vix_ReleaseHandle(job);
  Vix_ReleaseHandle(job);
  seen_destroy(&s);

  /* DEFAULT without a host name is a hosted product too; a VI server without one is a bad
   * argument. */
  job = connect_to("", 0, VIX_SERVICEPROVIDER_DEFAULT, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  Vix_ReleaseHandle(job);
  job = connect_to(NULL, 0, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_ARG);
  Vix_ReleaseHandle(job);
  printf("provider not found: ok\n");
}

/* The caller releases the job at once; the callback still runs, with a live job
 * (docs/libvix.md#job-release). */
static void test_release_before_completion(void)
{
  struct seen s;
  VixHandle job;
  seen_init(&s);
  job = connect_to(NULL, 0, VIX_SERVICEPROVIDER_VMWARE_WORKSTATION, on_event, &s);
  CHECK(job != VIX_INVALID_HANDLE);
  Vix_ReleaseHandle(job);
  seen_wait_done(&s);
  pthread_mutex_lock(&s.mutex);
  CHECK(s.completed == 1);
  CHECK_CODE(s.property_inside, VIX_OK);
  CHECK_CODE(s.error_code_inside, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  CHECK_CODE(s.wait_inside, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND);
  pthread_mutex_unlock(&s.mutex);
  seen_destroy(&s);
  printf("release before completion: ok\n");
}

static void test_property_types(void)
{
  VixPropertyType type = -1;
  VixHandle job = connect_to(NULL, 0, VIX_SERVICEPROVIDER_VMWARE_PLAYER, NULL, NULL);
  VixHandle list = VIX_INVALID_HANDLE;
  VixJob_Wait(job, VIX_PROPERTY_NONE);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_HANDLE);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_ERROR_CODE, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_INT64);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_INT64);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_BOOL);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_BLOB);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_STRING);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE, &type),
             VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_INTEGER);
  /* A VM property is not a job's. */
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_VM_POWER_STATE, &type),
             VIX_E_UNRECOGNIZED_PROPERTY);
  CHECK_CODE(Vix_GetPropertyType(job, 99999, &type), VIX_E_UNRECOGNIZED_PROPERTY);
  CHECK_CODE(Vix_GetPropertyType(job, VIX_PROPERTY_JOB_RESULT_HANDLE, NULL), VIX_E_INVALID_ARG);
  CHECK_CODE(Vix_GetPropertyType(987654, VIX_PROPERTY_JOB_RESULT_HANDLE, &type),
             VIX_E_INVALID_HANDLE);
  CHECK_CODE(VixPropertyList_AllocPropertyList(job, &list, VIX_PROPERTY_NONE), VIX_OK);
  CHECK(Vix_GetHandleType(list) == VIX_HANDLETYPE_PROPERTY_LIST);
  CHECK_CODE(Vix_GetPropertyType(list, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_STRING);
  CHECK_CODE(Vix_GetPropertyType(list, VIX_PROPERTY_FOUND_ITEM_LOCATION, &type), VIX_OK);
  CHECK(type == VIX_PROPERTYTYPE_STRING);
  /* Job functions on a property list. */
  CHECK_CODE(VixJob_Wait(list, VIX_PROPERTY_NONE), VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE);
  Vix_ReleaseHandle(list);
  Vix_ReleaseHandle(job);
  printf("property types: ok\n");
}

/* Exact sizes, malloc'd strings, validation before any write (docs/libvix.md#memory). */
static void test_property_list(void)
{
  VixHandle list = VIX_INVALID_HANDLE;
  char* text = NULL;
  unsigned char flag[2] = {0, 0x5A};
  unsigned char number[8];
  int64 wide = 0;
  VixError error;
  memset(number, 0xAB, sizeof number);
  error = VixPropertyList_AllocPropertyList(VIX_INVALID_HANDLE, &list,
                                            VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, "secret",
                                            VIX_PROPERTY_VM_READ_ONLY, TRUE,
                                            VIX_PROPERTY_VM_MEMORY_SIZE, 2048,
                                            VIX_PROPERTY_JOB_RESULT_FILE_SIZE, (int64)1 << 40,
                                            VIX_PROPERTY_NONE);
  CHECK_CODE(error, VIX_OK);
  CHECK_CODE(Vix_GetProperties(list, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, &text,
                               VIX_PROPERTY_VM_READ_ONLY, flag, VIX_PROPERTY_VM_MEMORY_SIZE,
                               number, VIX_PROPERTY_JOB_RESULT_FILE_SIZE, &wide,
                               VIX_PROPERTY_NONE),
             VIX_OK);
  CHECK(text != NULL && strcmp(text, "secret") == 0);
  Vix_FreeBuffer(text);
  CHECK(flag[0] == 1 && flag[1] == 0x5A); /* BOOL: exactly one byte */
  {
    int got;
    memcpy(&got, number, sizeof got);
    CHECK(got == 2048);
    CHECK(number[4] == 0xAB && number[7] == 0xAB); /* INTEGER: exactly four */
  }
  CHECK(wide == (int64)1 << 40);
  /* A missing property: an error and nothing written, not even the first output. */
  text = (char*)"untouched";
  CHECK_CODE(Vix_GetProperties(list, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, &text,
                               VIX_PROPERTY_VM_NUM_VCPUS, number, VIX_PROPERTY_NONE),
             VIX_E_UNRECOGNIZED_PROPERTY);
  CHECK(strcmp(text, "untouched") == 0);
  CHECK_CODE(Vix_GetProperties(list, 99999, &text, VIX_PROPERTY_NONE),
             VIX_E_UNRECOGNIZED_PROPERTY);
  /* A NULL output is skipped. */
  CHECK_CODE(Vix_GetProperties(list, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, NULL,
                               VIX_PROPERTY_NONE),
             VIX_OK);
  CHECK_CODE(VixPropertyList_AllocPropertyList(VIX_INVALID_HANDLE, NULL, VIX_PROPERTY_NONE),
             VIX_E_INVALID_ARG);
  {
    VixHandle bad = 77;
    CHECK_CODE(VixPropertyList_AllocPropertyList(VIX_INVALID_HANDLE, &bad, 99999, 1,
                                                 VIX_PROPERTY_NONE),
               VIX_E_UNRECOGNIZED_PROPERTY);
    CHECK(bad == 77);
  }
  Vix_FreeBuffer(NULL);
  Vix_ReleaseHandle(list);
  Vix_ReleaseHandle(list);
  CHECK_CODE(Vix_GetProperties(list, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, &text,
                               VIX_PROPERTY_NONE),
             VIX_E_INVALID_HANDLE);
  printf("property list: ok\n");
}

/* Functions on a handle that is not a VM: their jobs fail with the handle's error. */
static void test_bad_vm_handles(void)
{
  VixHandle job = VixVM_Pause(987654, 0, VIX_INVALID_HANDLE, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE);
  Vix_ReleaseHandle(job);
  job = VixVM_PowerOn(987654, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE);
  {
    VixHandle other = VixVM_PowerOff(job, VIX_VMPOWEROP_NORMAL, NULL, NULL);
    CHECK_CODE(VixJob_Wait(other, VIX_PROPERTY_NONE), VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE);
    Vix_ReleaseHandle(other);
  }
  Vix_ReleaseHandle(job);
  job = VixHost_FindItems(987654, VIX_FIND_RUNNING_VMS, VIX_INVALID_HANDLE, -1, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE);
  Vix_ReleaseHandle(job);
  job = VixVM_Open(987654, "[ds] vm/vm.vmx", NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE);
  Vix_ReleaseHandle(job);
  CHECK_CODE(VixVM_GetNumRootSnapshots(987654, NULL), VIX_E_INVALID_HANDLE);
  Vix_PumpEvents(VIX_INVALID_HANDLE, VIX_PUMPEVENTOPTION_NONE);
  printf("bad handles: ok\n");
}

/* Nothing listens: VIX_E_CANNOT_CONNECT_TO_HOST, whichever way the port is given. */
static void test_closed_port(void)
{
  char url[64];
  VixHandle host = 77;
  int port = closed_port();
  VixHandle job;
  CHECK(port > 0);
  snprintf(url, sizeof url, "https://127.0.0.1:%d/sdk", port);
  job = connect_to(url, 0, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &host, VIX_PROPERTY_NONE),
             VIX_E_CANNOT_CONNECT_TO_HOST);
  CHECK(host == 77);
  {
    /* The reason, for people: VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO. */
    char* info = NULL;
    char want[64];
    snprintf(want, sizeof want, "Cannot connect to 127.0.0.1:%d: ", port);
    CHECK_CODE(Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO, &info,
                                 VIX_PROPERTY_NONE),
               VIX_OK);
    CHECK(info != NULL && strncmp(info, want, strlen(want)) == 0);
    Vix_FreeBuffer(info);
  }
  Vix_ReleaseHandle(job);
  job = connect_to("127.0.0.1", port, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_CANNOT_CONNECT_TO_HOST);
  Vix_ReleaseHandle(job);
  snprintf(url, sizeof url, "[::1]:%d", port);
  job = connect_to(url, 443, VIX_SERVICEPROVIDER_VMWARE_WORKSTATION_SHARED, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_CANNOT_CONNECT_TO_HOST);
  Vix_ReleaseHandle(job);
  job = connect_to("ftp://127.0.0.1/", 0, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, NULL, NULL);
  CHECK_CODE(VixJob_Wait(job, VIX_PROPERTY_NONE), VIX_E_INVALID_HOSTNAME_SPECIFICATION);
  Vix_ReleaseHandle(job);
  printf("closed port: ok\n");
}

static int g_port;

static void* connect_and_release(void* arg)
{
  char url[64];
  VixHandle job;
  VixError* result = (VixError*)arg;
  snprintf(url, sizeof url, "127.0.0.1:%d", g_port);
  job = connect_to(url, 0, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, NULL, NULL);
  *result = VixJob_Wait(job, VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  return NULL;
}

/* Twenty threads connecting at once neither crash nor hang (docs/libvix.md#threads). */
static void test_threads(void)
{
  enum { n = 20 };
  pthread_t threads[n];
  VixError results[n];
  int i;
  g_port = closed_port();
  for (i = 0; i < n; ++i) {
    results[i] = VIX_OK;
    CHECK(pthread_create(&threads[i], NULL, connect_and_release, &results[i]) == 0);
  }
  for (i = 0; i < n; ++i) {
    pthread_join(threads[i], NULL);
    CHECK_CODE(results[i], VIX_E_CANNOT_CONNECT_TO_HOST);
  }
  printf("20 threads: ok\n");
}

int main(int argc, char** argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: vix_local <vix-errors.tsv>\n");
    return 2;
  }
  test_handle_rules();
  test_error_texts(argv[1]);
  test_provider_not_found();
  test_release_before_completion();
  test_property_types();
  test_property_list();
  test_bad_vm_handles();
  test_closed_port();
  test_threads();
  if (check_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", check_failures);
    return 1;
  }
  return 0;
}
