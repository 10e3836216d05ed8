/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMware::Vix::Simple: the synchronous, function-style VIX Perl API over libvixAllProducts.so
 * (docs/perl.md), and the low-level VMware::Vix::API::* functions. The functions of the regular
 * shapes are not here: perl/gen_xs.pl makes them from perl/api.table and appends them to this
 * file (docs/perl.md#table); here are the helpers they use and the functions of their own shape.
 * Rules kept by every function:
 *  - each asynchronous C call gets NULL callbacks (FindItems: a C callback that only copies
 *    strings into C memory); Perl is never entered from a library thread;
 *  - a wait polls VixJob_CheckCompletion with short sleeps and PERL_ASYNC_CHECK(), so an alarm
 *    handler may die out of it; the job is released by a save-stack destructor on every exit;
 *  - nothing dies for a C-level failure: the VixError is the first value returned;
 *  - in scalar context a function returns its error code alone.
 */
#define PERL_NO_GET_CONTEXT
#include "EXTERN.h"
#include "perl.h"
#include "XSUB.h"

#include "vix.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- argument conversion: undef is 0 / NULL, numbers are stringified ---- */

static int arg_int(pTHX_ SV* sv)
{
  return (sv != NULL && SvOK(sv)) ? (int)SvIV(sv) : 0;
}

static const char* arg_str(pTHX_ SV* sv)
{
  return (sv != NULL && SvOK(sv)) ? SvPVutf8_nolen(sv) : NULL;
}

/* ---- jobs ---- */

static void release_slot(pTHX_ void* p)
{
  VixHandle* slot = (VixHandle*)p;
  Vix_ReleaseHandle(*slot);
  Safefree(slot);
}

/* Takes ownership of `job` for the current scope: released at LEAVE or when a die unwinds it. */
static void own_job(pTHX_ VixHandle job)
{
  VixHandle* slot;
  Newx(slot, 1, VixHandle);
  *slot = job;
  SAVEDESTRUCTOR_X(release_slot, slot);
}

/* Waits for the job: polls every 10 ms, running pending Perl signal handlers in between. */
static VixError poll_job(pTHX_ VixHandle job)
{
  for (;;) {
    Bool complete = 0;
    VixError err = VixJob_CheckCompletion(job, &complete);
    if (err != VIX_OK) {
      return err;
    }
    if (complete) {
      return VixJob_GetError(job);
    }
    struct timespec pause = {0, 10 * 1000 * 1000};
    nanosleep(&pause, NULL);
    PERL_ASYNC_CHECK();
  }
}

static VixError run_job(pTHX_ VixHandle job)
{
  VixError err;
  ENTER;
  own_job(aTHX_ job);
  err = poll_job(aTHX_ job);
  LEAVE;
  return err;
}

/* The job's result handle (one reference for the caller), VIX_INVALID_HANDLE on failure. */
static VixError run_job_handle(pTHX_ VixHandle job, VixHandle* out)
{
  VixError err;
  *out = VIX_INVALID_HANDLE;
  ENTER;
  own_job(aTHX_ job);
  err = poll_job(aTHX_ job);
  if (err == VIX_OK) {
    err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_HANDLE, out, VIX_PROPERTY_NONE);
  }
  LEAVE;
  return err;
}

static SV* take_string(pTHX_ char* s)
{
  SV* sv = s != NULL ? newSVpv(s, 0) : newSVpvs("");
  Vix_FreeBuffer(s);
  return sv;
}

/* A string result property of the job, as a new SV (undef on failure). */
static VixError run_job_string(pTHX_ VixHandle job, VixPropertyID id, SV** out)
{
  VixError err;
  *out = &PL_sv_undef;
  ENTER;
  own_job(aTHX_ job);
  err = poll_job(aTHX_ job);
  if (err == VIX_OK) {
    char* s = NULL;
    err = Vix_GetProperties(job, id, &s, VIX_PROPERTY_NONE);
    if (err == VIX_OK) {
      *out = sv_2mortal(take_string(aTHX_ s));
    }
  }
  LEAVE;
  return err;
}

/* One property as a new SV, converted by the type the library gives for its id: the handle's own
 * with index < 0, else of the job's index-th result record. */
#define GET_PROPERTY(...)                                                                        \
  (index < 0 ? Vix_GetProperties(h, id, __VA_ARGS__, VIX_PROPERTY_NONE)                          \
             : VixJob_GetNthProperties(h, index, id, __VA_ARGS__, VIX_PROPERTY_NONE))
static VixError read_property(pTHX_ VixHandle h, int index, VixPropertyID id, SV** out)
{
  VixPropertyType type = VIX_PROPERTYTYPE_ANY;
  VixError err = Vix_GetPropertyType(h, id, &type);
  *out = NULL;
  if (err != VIX_OK) {
    return err;
  }
  switch (type) {
  case VIX_PROPERTYTYPE_INTEGER:
  case VIX_PROPERTYTYPE_HANDLE: {
    int v = 0;
    err = GET_PROPERTY(&v);
    *out = newSViv(v);
    break;
  }
  case VIX_PROPERTYTYPE_BOOL: {
    Bool v = 0;
    err = GET_PROPERTY(&v);
    *out = newSViv(v ? 1 : 0);
    break;
  }
  case VIX_PROPERTYTYPE_INT64: {
    int64 v = 0;
    err = GET_PROPERTY(&v);
    *out = newSViv((IV)v);
    break;
  }
  case VIX_PROPERTYTYPE_STRING: {
    char* s = NULL;
    err = GET_PROPERTY(&s);
    *out = err == VIX_OK ? take_string(aTHX_ s) : newSV(0);
    break;
  }
  case VIX_PROPERTYTYPE_BLOB: {
    int size = 0;
    char* data = NULL;
    err = GET_PROPERTY(&size, &data);
    *out = newSVpvn(data != NULL ? data : "", data != NULL && size > 0 ? (STRLEN)size : 0);
    Vix_FreeBuffer(data);
    break;
  }
  default:
    err = VIX_E_UNRECOGNIZED_PROPERTY;
    break;
  }
  return err;
}

/* The values of `n` property ids (see read_property): a mortal array of n values, or empty when
 * *err is set. */
static AV* read_values(pTHX_ VixHandle h, int index, SV** ids, int n, VixError* err)
{
  AV* values = (AV*)sv_2mortal((SV*)newAV());
  *err = VIX_OK;
  for (int i = 0; i < n && *err == VIX_OK; i++) {
    SV* value = NULL;
    *err = read_property(aTHX_ h, index, arg_int(aTHX_ ids[i]), &value);
    if (value != NULL) {
      av_push(values, value);
    }
  }
  if (*err != VIX_OK) {
    av_clear(values);
  }
  return values;
}

/* The ids of ST(first)... up to a VIX_PROPERTY_NONE terminator or the end of the arguments. */
static int count_ids(pTHX_ SV** ids, int available)
{
  int n = 0;
  while (n < available && arg_int(aTHX_ ids[n]) != VIX_PROPERTY_NONE) {
    n++;
  }
  return n;
}

/* A low-level call's callbackProc: a Perl sub cannot run on a library thread, so only undef. */
static void refuse_callback(pTHX_ const char* function, SV* callbackProc)
{
  if (callbackProc != NULL && SvOK(callbackProc)) {
    croak("%s: callbackProc must be undef (a Perl callback cannot run on a VIX library thread)",
      function);
  }
}

/* ---- FindItems: the paths are copied in the C callback and handed to Perl after the wait ---- */

typedef struct {
  pthread_mutex_t lock;
  int refs; /* the Perl side's and the callback's (dropped on JOB_COMPLETED) */
  size_t count, cap;
  char** paths;
} Found;

static void found_unref(Found* f)
{
  pthread_mutex_lock(&f->lock);
  int refs = --f->refs;
  pthread_mutex_unlock(&f->lock);
  if (refs == 0) {
    for (size_t i = 0; i < f->count; i++) {
      free(f->paths[i]);
    }
    free(f->paths);
    pthread_mutex_destroy(&f->lock);
    free(f);
  }
}

static void found_callback(VixHandle job, VixEventType type, VixHandle info, void* data)
{
  Found* f = (Found*)data;
  (void)job;
  if (type == VIX_EVENTTYPE_FIND_ITEM) {
    char* location = NULL;
    if (Vix_GetProperties(info, VIX_PROPERTY_FOUND_ITEM_LOCATION, &location, VIX_PROPERTY_NONE) ==
          VIX_OK &&
        location != NULL) {
      char* copy = strdup(location);
      pthread_mutex_lock(&f->lock);
      if (copy != NULL && f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        char** grown = (char**)realloc(f->paths, cap * sizeof *grown);
        if (grown != NULL) {
          f->paths = grown;
          f->cap = cap;
        }
      }
      if (copy != NULL && f->count < f->cap) {
        f->paths[f->count++] = copy;
        copy = NULL;
      }
      pthread_mutex_unlock(&f->lock);
      free(copy);
    }
    Vix_FreeBuffer(location);
  } else if (type == VIX_EVENTTYPE_JOB_COMPLETED) {
    found_unref(f);
  }
}

static void found_release(pTHX_ void* p)
{
  found_unref((Found*)p);
}

/* ---- return values ---- */

#define WANT_LIST (GIMME_V == G_ARRAY)
#define PUSH_IV(v) XPUSHs(sv_2mortal(newSViv((IV)(v))))
#define PUSH_ERR(err) PUSH_IV(err)
/* n values of read_values, undef for the missing ones (all of them after an error). */
#define PUSH_VALUES(values, n)                                                                   \
  for (int i_ = 0; i_ < (n); i_++) {                                                             \
    SV** v_ = av_fetch((values), i_, 0);                                                         \
    XPUSHs(v_ != NULL ? sv_mortalcopy(*v_) : &PL_sv_undef);                                      \
  }

static void hv_iv(pTHX_ HV* hv, const char* key, IV v)
{
  (void)hv_store(hv, key, (I32)strlen(key), newSViv(v), 0);
}

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::Simple

PROTOTYPES: DISABLE

void
HostDisconnect(host = &PL_sv_undef)
    SV* host
  PPCODE:
    VixHost_Disconnect(arg_int(aTHX_ host));

void
ReleaseHandle(handle = &PL_sv_undef)
    SV* handle
  PPCODE:
    Vix_ReleaseHandle(arg_int(aTHX_ handle));

void
GetHandleType(handle = &PL_sv_undef)
    SV* handle
  PPCODE:
    PUSH_IV(Vix_GetHandleType(arg_int(aTHX_ handle)));

void
GetErrorText(err = &PL_sv_undef, locale = &PL_sv_undef)
    SV* err
    SV* locale
  PPCODE:
    (void)locale;
    const char* text = Vix_GetErrorText((VixError)(SvOK(err) ? SvUV(err) : 0), NULL);
    XPUSHs(sv_2mortal(newSVpv(text != NULL ? text : "", 0)));

void
FindItems(host = &PL_sv_undef, ...)
    SV* host
  ALIAS:
    FindRunningVMs = 1
    VMware::Vix::API::Host::FindItems = 2
  PPCODE:
    /* FindItems(host, searchType, timeout); FindRunningVMs(host, timeout); the low-level
     * FindItems(host, searchType, searchCriteria, timeout, callbackProc, clientData), which
     * waits like the Simple one (its results only arrive through a callback). */
    static const int most[] = {3, 2, 6};
    if (items > most[ix]) {
      croak_xs_usage(cv, ix == 0 ? "host, searchType, timeout" : ix == 1 ? "host, timeout"
        : "host, searchType, searchCriteria, timeout, callbackProc, clientData");
    }
#define FIND_ARG(i) ((i) < items ? ST(i) : &PL_sv_undef)
    if (ix == 2) {
      refuse_callback(aTHX_ "VMware::Vix::API::Host::FindItems", FIND_ARG(4));
    }
    int type = ix == 1 ? VIX_FIND_RUNNING_VMS : arg_int(aTHX_ FIND_ARG(1));
    int seconds = arg_int(aTHX_ FIND_ARG(ix == 0 ? 2 : ix == 1 ? 1 : 3));
#undef FIND_ARG
    Found* f = (Found*)calloc(1, sizeof *f);
    if (f == NULL) {
      PUSH_ERR(VIX_E_OUT_OF_MEMORY);
      XSRETURN(1);
    }
    pthread_mutex_init(&f->lock, NULL);
    f->refs = 2;
    ENTER;
    SAVEDESTRUCTOR_X(found_release, f);
    VixHandle job = VixHost_FindItems(arg_int(aTHX_ host), type, VIX_INVALID_HANDLE, seconds,
      found_callback, f);
    if (job == VIX_INVALID_HANDLE) {
      found_unref(f); /* no job was made: no callback will drop its reference */
    }
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    PUSH_ERR(err);
    if (err == VIX_OK && WANT_LIST) {
      pthread_mutex_lock(&f->lock);
      for (size_t i = 0; i < f->count; i++) {
        XPUSHs(sv_2mortal(newSVpv(f->paths[i], 0)));
      }
      pthread_mutex_unlock(&f->lock);
    }
    LEAVE;

void
GetProperties(handle = &PL_sv_undef, ...)
    SV* handle
  PPCODE:
    int n = items - 1;
    VixError err;
    AV* values = read_values(aTHX_ arg_int(aTHX_ handle), -1, &ST(1), n, &err);
    PUSH_ERR(err);
    if (WANT_LIST) {
      PUSH_VALUES(values, n);
    }

void
VMCaptureScreenImage(vm = &PL_sv_undef, captureType = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* captureType
    SV* propertyList
  PPCODE:
    VixHandle job = VixVM_CaptureScreenImage(arg_int(aTHX_ vm), arg_int(aTHX_ captureType),
      arg_int(aTHX_ propertyList), NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int size = 0;
    char* data = NULL;
    if (err == VIX_OK) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA, &size, &data,
        VIX_PROPERTY_NONE);
    }
    PUSH_ERR(err);
    if (WANT_LIST) {
      PUSH_IV(err == VIX_OK ? size : 0);
      XPUSHs(err == VIX_OK ? sv_2mortal(newSVpvn(data != NULL ? data : "",
        data != NULL && size > 0 ? (STRLEN)size : 0)) : &PL_sv_undef);
    }
    Vix_FreeBuffer(data);
    LEAVE;

void
VMListProcessesInGuest(vm = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* options
  PPCODE:
    VixHandle job = VixVM_ListProcessesInGuest(arg_int(aTHX_ vm), arg_int(aTHX_ options), NULL,
      NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int n = err == VIX_OK ? VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME) : 0;
    AV* records = (AV*)sv_2mortal((SV*)newAV());
    for (int i = 0; i < n && err == VIX_OK; i++) {
      char *name = NULL, *owner = NULL, *command = NULL;
      int64 pid = 0;
      Bool debugged = 0;
      int start = 0;
      err = VixJob_GetNthProperties(job, i, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name,
        VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &pid, VIX_PROPERTY_JOB_RESULT_PROCESS_OWNER, &owner,
        VIX_PROPERTY_JOB_RESULT_PROCESS_COMMAND, &command,
        VIX_PROPERTY_JOB_RESULT_PROCESS_BEING_DEBUGGED, &debugged,
        VIX_PROPERTY_JOB_RESULT_PROCESS_START_TIME, &start, VIX_PROPERTY_NONE);
      if (err == VIX_OK) {
        HV* hv = newHV();
        (void)hv_stores(hv, "PROCESS_NAME", take_string(aTHX_ name));
        hv_iv(aTHX_ hv, "PROCESS_ID", (IV)pid);
        (void)hv_stores(hv, "PROCESS_OWNER", take_string(aTHX_ owner));
        (void)hv_stores(hv, "PROCESS_COMMAND", take_string(aTHX_ command));
        hv_iv(aTHX_ hv, "PROCESS_BEING_DEBUGGED", debugged ? 1 : 0);
        hv_iv(aTHX_ hv, "PROCESS_START_TIME", start);
        av_push(records, newRV_noinc((SV*)hv));
      } else {
        Vix_FreeBuffer(name);
        Vix_FreeBuffer(owner);
        Vix_FreeBuffer(command);
      }
    }
    PUSH_ERR(err);
    if (err == VIX_OK && WANT_LIST) {
      for (int i = 0; i < n; i++) {
        XPUSHs(sv_mortalcopy(*av_fetch(records, i, 0)));
      }
    }
    LEAVE;

void
VMFileExistsInGuest(vm = &PL_sv_undef, path = &PL_sv_undef)
    SV* vm
    SV* path
  ALIAS:
    VMDirectoryExistsInGuest = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    const char* p = arg_str(aTHX_ path);
    VixHandle job = ix == 0 ? VixVM_FileExistsInGuest(h, p, NULL, NULL)
                            : VixVM_DirectoryExistsInGuest(h, p, NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    Bool exists = 0;
    if (err == VIX_OK) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS, &exists,
        VIX_PROPERTY_NONE);
    }
    LEAVE;
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK && exists ? 1 : 0);

void
VMRunProgramInGuestEx(vm = &PL_sv_undef, program = &PL_sv_undef, args = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* program
    SV* args
    SV* options
    SV* propertyList
  ALIAS:
    VMRunScriptInGuestEx = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    const char* a = arg_str(aTHX_ program);
    const char* b = arg_str(aTHX_ args);
    int o = arg_int(aTHX_ options);
    VixHandle p = arg_int(aTHX_ propertyList);
    VixHandle job = ix == 0 ? VixVM_RunProgramInGuest(h, a, b, o, p, NULL, NULL)
                            : VixVM_RunScriptInGuest(h, a, b, o, p, NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int64 pid = 0;
    int elapsed = 0, code = 0;
    if (err == VIX_OK) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &pid,
        VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_ELAPSED_TIME, &elapsed,
        VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE, &code, VIX_PROPERTY_NONE);
    }
    LEAVE;
    PUSH_ERR(err);
    if (err == VIX_OK && WANT_LIST) {
      /* Started, not waited for: no elapsed time and no exit code yet. */
      int immediate = (o & VIX_RUNPROGRAM_RETURN_IMMEDIATELY) != 0;
      XPUSHs(sv_2mortal(newSVpvs("PROCESS_ID")));
      PUSH_IV(pid);
      XPUSHs(sv_2mortal(newSVpvs("ELAPSED_TIME")));
      XPUSHs(immediate ? &PL_sv_undef : sv_2mortal(newSViv(elapsed)));
      XPUSHs(sv_2mortal(newSVpvs("EXIT_CODE")));
      XPUSHs(immediate ? &PL_sv_undef : sv_2mortal(newSViv(code)));
    }

void
VMGetFileInfoInGuest(vm = &PL_sv_undef, path = &PL_sv_undef)
    SV* vm
    SV* path
  PPCODE:
    VixHandle job = VixVM_GetFileInfoInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ path), NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int64 size = 0, mtime = 0;
    int flags = 0;
    if (err == VIX_OK) {
      err = VixJob_GetNthProperties(job, 0, VIX_PROPERTY_JOB_RESULT_FILE_SIZE, &size,
        VIX_PROPERTY_JOB_RESULT_FILE_FLAGS, &flags, VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME, &mtime,
        VIX_PROPERTY_NONE);
    }
    LEAVE;
    PUSH_ERR(err);
    if (err == VIX_OK && WANT_LIST) {
      XPUSHs(sv_2mortal(newSVpvs("FILE_SIZE")));
      PUSH_IV(size);
      XPUSHs(sv_2mortal(newSVpvs("FILE_FLAGS")));
      PUSH_IV(flags);
      XPUSHs(sv_2mortal(newSVpvs("FILE_MOD_TIME")));
      PUSH_IV(mtime);
    }

void
VMListDirectoryInGuest(vm = &PL_sv_undef, path = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* path
    SV* options
  PPCODE:
    VixHandle job = VixVM_ListDirectoryInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ path),
      arg_int(aTHX_ options), NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int n = err == VIX_OK ? VixJob_GetNumProperties(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME) : 0;
    AV* records = (AV*)sv_2mortal((SV*)newAV());
    for (int i = 0; i < n && err == VIX_OK; i++) {
      char* name = NULL;
      int64 size = 0, mtime = 0;
      int flags = 0;
      err = VixJob_GetNthProperties(job, i, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name,
        VIX_PROPERTY_JOB_RESULT_FILE_SIZE, &size, VIX_PROPERTY_JOB_RESULT_FILE_FLAGS, &flags,
        VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME, &mtime, VIX_PROPERTY_NONE);
      SV* file_name = take_string(aTHX_ name);
      if (err == VIX_OK) {
        HV* hv = newHV();
        (void)hv_stores(hv, "FILE_NAME", file_name);
        hv_iv(aTHX_ hv, "FILE_SIZE", (IV)size);
        hv_iv(aTHX_ hv, "FILE_ATTRIBUTES", flags);
        hv_iv(aTHX_ hv, "FILE_MOD_TIME", (IV)mtime);
        av_push(records, newRV_noinc((SV*)hv));
      } else {
        SvREFCNT_dec(file_name);
      }
    }
    PUSH_ERR(err);
    if (err == VIX_OK && WANT_LIST) {
      for (int i = 0; i < n; i++) {
        XPUSHs(sv_mortalcopy(*av_fetch(records, i, 0)));
      }
    }
    LEAVE;

void
VMGetNumSharedFolders(vm = &PL_sv_undef)
    SV* vm
  PPCODE:
    VixHandle job = VixVM_GetNumSharedFolders(arg_int(aTHX_ vm), NULL, NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    int n = 0;
    if (err == VIX_OK) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_COUNT, &n,
        VIX_PROPERTY_NONE);
    }
    LEAVE;
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? n : 0);

void
VMGetSharedFolderState(vm = &PL_sv_undef, index = &PL_sv_undef)
    SV* vm
    SV* index
  PPCODE:
    VixHandle job = VixVM_GetSharedFolderState(arg_int(aTHX_ vm), arg_int(aTHX_ index), NULL,
      NULL);
    ENTER;
    own_job(aTHX_ job);
    VixError err = poll_job(aTHX_ job);
    char *name = NULL, *host_path = NULL;
    int flags = 0;
    if (err == VIX_OK) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name,
        VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_HOST, &host_path,
        VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_FLAGS, &flags, VIX_PROPERTY_NONE);
    }
    LEAVE;
    SV* name_sv = sv_2mortal(take_string(aTHX_ name));
    SV* host_sv = sv_2mortal(take_string(aTHX_ host_path));
    PUSH_ERR(err);
    if (WANT_LIST) {
      /* Perl's order: flags, name, host path (the C results come name, host, flags). */
      if (err == VIX_OK) {
        PUSH_IV(flags);
        XPUSHs(name_sv);
        XPUSHs(host_sv);
      } else {
        PUSH_IV(0);
        XPUSHs(&PL_sv_undef);
        XPUSHs(&PL_sv_undef);
      }
    }

void
AllocPropertyList(handle = &PL_sv_undef, ...)
    SV* handle
  PPCODE:
    /* (id, value) pairs, optionally ended by VIX_PROPERTY_NONE; each value converted by the type
     * the library gives its id, asked of an empty list (docs/perl.md#property-lists). */
    VixHandle h = arg_int(aTHX_ handle);
    int pairs = 0;
    while (1 + 2 * pairs < items && arg_int(aTHX_ ST(1 + 2 * pairs)) != VIX_PROPERTY_NONE) {
      if (2 + 2 * pairs >= items) {
        croak("AllocPropertyList: property %d has no value", arg_int(aTHX_ ST(1 + 2 * pairs)));
      }
      pairs++;
    }
    VixHandle list = VIX_INVALID_HANDLE;
    VixHandle probe = VIX_INVALID_HANDLE;
    int id[LIST_MAX_PAIRS];
    ListValue v[LIST_MAX_PAIRS];
    VixError err = pairs > LIST_MAX_PAIRS ? VIX_E_INVALID_ARG
                 : VixPropertyList_AllocPropertyList(h, &probe, VIX_PROPERTY_NONE);
    for (int k = 0; k < pairs && err == VIX_OK; k++) {
      SV* value = ST(2 + 2 * k);
      VixPropertyType type = VIX_PROPERTYTYPE_ANY;
      id[k] = arg_int(aTHX_ ST(1 + 2 * k));
      err = Vix_GetPropertyType(probe, id[k], &type);
      v[k].kind = type == VIX_PROPERTYTYPE_INT64 ? 1 : type == VIX_PROPERTYTYPE_STRING ? 2 : 0;
      v[k].i = 0;
      v[k].l = 0;
      v[k].s = NULL;
      if (err != VIX_OK) {
        break;
      }
      switch (type) {
      case VIX_PROPERTYTYPE_INTEGER:
      case VIX_PROPERTYTYPE_HANDLE: v[k].i = arg_int(aTHX_ value); break;
      case VIX_PROPERTYTYPE_BOOL: v[k].i = SvTRUE(value) ? 1 : 0; break;
      case VIX_PROPERTYTYPE_INT64: v[k].l = SvOK(value) ? (int64)SvIV(value) : 0; break;
      case VIX_PROPERTYTYPE_STRING: v[k].s = arg_str(aTHX_ value); break;
      default: err = VIX_E_INVALID_ARG; /* a blob cannot be given by value */
      }
    }
    Vix_ReleaseHandle(probe);
    if (err == VIX_OK) {
      err = alloc_property_list(h, &list, pairs, id, v);
    }
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? list : VIX_INVALID_HANDLE);

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::API::API

void
AddRefHandle(handle = &PL_sv_undef)
    SV* handle
  PPCODE:
    Vix_AddRefHandle(arg_int(aTHX_ handle));

void
GetPropertyType(handle = &PL_sv_undef, propertyID = &PL_sv_undef)
    SV* handle
    SV* propertyID
  PPCODE:
    VixPropertyType type = VIX_PROPERTYTYPE_ANY;
    VixError err = Vix_GetPropertyType(arg_int(aTHX_ handle), arg_int(aTHX_ propertyID), &type);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? type : VIX_PROPERTYTYPE_ANY);

void
FreeBuffer(buffer = &PL_sv_undef)
    SV* buffer
  PPCODE:
    /* Strings reach Perl as copies, already freed: nothing to do. */
    (void)buffer;

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::API::Job

void
Wait(job = &PL_sv_undef, ...)
    SV* job
  PPCODE:
    VixHandle h = arg_int(aTHX_ job);
    int n = count_ids(aTHX_ &ST(1), items - 1);
    VixError err = poll_job(aTHX_ h);
    AV* values = err == VIX_OK ? read_values(aTHX_ h, -1, &ST(1), n, &err) : NULL;
    PUSH_ERR(err);
    if (n > 0 && WANT_LIST) {
      PUSH_VALUES(values != NULL ? values : (AV*)sv_2mortal((SV*)newAV()), n);
    }

void
WaitTimeout(job = &PL_sv_undef, seconds = &PL_sv_undef)
    SV* job
    SV* seconds
  PPCODE:
    VixHandle h = arg_int(aTHX_ job);
    double limit = SvOK(seconds) ? SvNV(seconds) : 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    Bool complete = 0;
    VixError err;
    double elapsed;
    for (;;) {
      err = VixJob_CheckCompletion(h, &complete);
      clock_gettime(CLOCK_MONOTONIC, &now);
      elapsed = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
      if (err != VIX_OK || complete || elapsed >= limit) {
        break;
      }
      struct timespec pause = {0, 10 * 1000 * 1000};
      nanosleep(&pause, NULL);
      PERL_ASYNC_CHECK();
    }
    if (err == VIX_OK && complete) {
      err = VixJob_GetError(h);
    }
    /* ($complete, $err, $elapsedSeconds); $err is undef while the job runs. */
    PUSH_IV(err != VIX_OK || complete ? 1 : 0);
    XPUSHs(err != VIX_OK || complete ? sv_2mortal(newSViv((IV)err)) : &PL_sv_undef);
    XPUSHs(sv_2mortal(newSVnv(elapsed)));

void
CheckCompletion(job = &PL_sv_undef)
    SV* job
  PPCODE:
    Bool complete = 0;
    VixError err = VixJob_CheckCompletion(arg_int(aTHX_ job), &complete);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(complete ? 1 : 0);

void
GetError(job = &PL_sv_undef)
    SV* job
  PPCODE:
    PUSH_ERR(VixJob_GetError(arg_int(aTHX_ job)));

void
GetNumProperties(job = &PL_sv_undef, resultPropertyID = &PL_sv_undef)
    SV* job
    SV* resultPropertyID
  PPCODE:
    PUSH_IV(VixJob_GetNumProperties(arg_int(aTHX_ job), arg_int(aTHX_ resultPropertyID)));

void
GetNthProperties(job = &PL_sv_undef, index = &PL_sv_undef, ...)
    SV* job
    SV* index
  PPCODE:
    /* ($err, @values) of the index-th result record, ids up to an optional VIX_PROPERTY_NONE. */
    int n = count_ids(aTHX_ &ST(2), items - 2);
    int nth = arg_int(aTHX_ index);
    VixError err = VIX_E_INVALID_ARG;
    AV* values = nth >= 0 ? read_values(aTHX_ arg_int(aTHX_ job), nth, &ST(2), n, &err)
                          : (AV*)sv_2mortal((SV*)newAV());
    PUSH_ERR(err);
    if (WANT_LIST) {
      PUSH_VALUES(values, n);
    }
