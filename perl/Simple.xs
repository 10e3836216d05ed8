/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMware::Vix::Simple: the synchronous, function-style VIX Perl API over libvixAllProducts.so
 * (docs/perl.md). Rules kept by every function here:
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

/* One property of a handle as a new SV, converted by the type the library gives for its id. */
static VixError read_property(pTHX_ VixHandle h, VixPropertyID id, SV** out)
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
    err = Vix_GetProperties(h, id, &v, VIX_PROPERTY_NONE);
    *out = newSViv(v);
    break;
  }
  case VIX_PROPERTYTYPE_BOOL: {
    Bool v = 0;
    err = Vix_GetProperties(h, id, &v, VIX_PROPERTY_NONE);
    *out = newSViv(v ? 1 : 0);
    break;
  }
  case VIX_PROPERTYTYPE_INT64: {
    int64 v = 0;
    err = Vix_GetProperties(h, id, &v, VIX_PROPERTY_NONE);
    *out = newSViv((IV)v);
    break;
  }
  case VIX_PROPERTYTYPE_STRING: {
    char* s = NULL;
    err = Vix_GetProperties(h, id, &s, VIX_PROPERTY_NONE);
    *out = err == VIX_OK ? take_string(aTHX_ s) : newSV(0);
    break;
  }
  case VIX_PROPERTYTYPE_BLOB: {
    int size = 0;
    char* data = NULL;
    err = Vix_GetProperties(h, id, &size, &data, VIX_PROPERTY_NONE);
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

static void hv_iv(pTHX_ HV* hv, const char* key, IV v)
{
  (void)hv_store(hv, key, (I32)strlen(key), newSViv(v), 0);
}

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::Simple

PROTOTYPES: DISABLE

void
HostConnect(apiVersion = &PL_sv_undef, hostType = &PL_sv_undef, hostName = &PL_sv_undef, hostPort = &PL_sv_undef, userName = &PL_sv_undef, password = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* apiVersion
    SV* hostType
    SV* hostName
    SV* hostPort
    SV* userName
    SV* password
    SV* options
    SV* propertyList
  PPCODE:
    VixHandle host;
    VixError err = run_job_handle(aTHX_ VixHost_Connect(arg_int(aTHX_ apiVersion),
      arg_int(aTHX_ hostType), arg_str(aTHX_ hostName), arg_int(aTHX_ hostPort),
      arg_str(aTHX_ userName), arg_str(aTHX_ password), arg_int(aTHX_ options),
      arg_int(aTHX_ propertyList), NULL, NULL), &host);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(host);

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
VMOpen(host = &PL_sv_undef, vmxFilePathName = &PL_sv_undef)
    SV* host
    SV* vmxFilePathName
  PPCODE:
    VixHandle vm;
    VixError err = run_job_handle(aTHX_ VixVM_Open(arg_int(aTHX_ host),
      arg_str(aTHX_ vmxFilePathName), NULL, NULL), &vm);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(vm);

void
FindItems(host = &PL_sv_undef, searchType = &PL_sv_undef, timeout = &PL_sv_undef)
    SV* host
    SV* searchType
    SV* timeout
  ALIAS:
    FindRunningVMs = 1
  PPCODE:
    int type = ix == 1 ? VIX_FIND_RUNNING_VMS : arg_int(aTHX_ searchType);
    int seconds = arg_int(aTHX_ ix == 1 ? searchType : timeout);
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
    VixHandle h = arg_int(aTHX_ handle);
    int n = items - 1;
    VixError err = VIX_OK;
    AV* values = (AV*)sv_2mortal((SV*)newAV());
    for (int i = 0; i < n && err == VIX_OK; i++) {
      SV* value = NULL;
      err = read_property(aTHX_ h, arg_int(aTHX_ ST(i + 1)), &value);
      if (value != NULL) {
        av_push(values, value);
      }
    }
    PUSH_ERR(err);
    if (WANT_LIST) {
      for (int i = 0; i < n; i++) {
        SV** v = err == VIX_OK ? av_fetch(values, i, 0) : NULL;
        XPUSHs(v != NULL ? sv_mortalcopy(*v) : &PL_sv_undef);
      }
    }

void
VMPowerOn(vm = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* options
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_PowerOn(arg_int(aTHX_ vm), arg_int(aTHX_ options),
      arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMPowerOff(vm = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* options
  ALIAS:
    VMReset = 1
    VMSuspend = 2
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    int o = arg_int(aTHX_ options);
    VixHandle job = ix == 0 ? VixVM_PowerOff(h, o, NULL, NULL)
                  : ix == 1 ? VixVM_Reset(h, o, NULL, NULL)
                            : VixVM_Suspend(h, o, NULL, NULL);
    PUSH_ERR(run_job(aTHX_ job));

void
VMWaitForToolsInGuest(vm = &PL_sv_undef, timeout = &PL_sv_undef)
    SV* vm
    SV* timeout
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_WaitForToolsInGuest(arg_int(aTHX_ vm), arg_int(aTHX_ timeout),
      NULL, NULL)));

void
VMLoginInGuest(vm = &PL_sv_undef, userName = &PL_sv_undef, password = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* userName
    SV* password
    SV* options
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_LoginInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ userName),
      arg_str(aTHX_ password), arg_int(aTHX_ options), NULL, NULL)));

void
VMLogoutFromGuest(vm = &PL_sv_undef)
    SV* vm
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_LogoutFromGuest(arg_int(aTHX_ vm), NULL, NULL)));

void
VMRunProgramInGuest(vm = &PL_sv_undef, program = &PL_sv_undef, args = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* program
    SV* args
    SV* options
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_RunProgramInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ program),
      arg_str(aTHX_ args), arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMCopyFileFromHostToGuest(vm = &PL_sv_undef, from = &PL_sv_undef, to = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* from
    SV* to
    SV* options
    SV* propertyList
  ALIAS:
    VMCopyFileFromGuestToHost = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    const char* src = arg_str(aTHX_ from);
    const char* dst = arg_str(aTHX_ to);
    int o = arg_int(aTHX_ options);
    VixHandle p = arg_int(aTHX_ propertyList);
    VixHandle job = ix == 0 ? VixVM_CopyFileFromHostToGuest(h, src, dst, o, p, NULL, NULL)
                            : VixVM_CopyFileFromGuestToHost(h, src, dst, o, p, NULL, NULL);
    PUSH_ERR(run_job(aTHX_ job));

void
VMReadVariable(vm = &PL_sv_undef, variableType = &PL_sv_undef, name = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* variableType
    SV* name
    SV* options
  PPCODE:
    SV* value;
    VixError err = run_job_string(aTHX_ VixVM_ReadVariable(arg_int(aTHX_ vm),
      arg_int(aTHX_ variableType), arg_str(aTHX_ name), arg_int(aTHX_ options), NULL, NULL),
      VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING, &value);
    PUSH_ERR(err);
    if (WANT_LIST) XPUSHs(value);

void
VMWriteVariable(vm = &PL_sv_undef, variableType = &PL_sv_undef, name = &PL_sv_undef, value = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* variableType
    SV* name
    SV* value
    SV* options
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_WriteVariable(arg_int(aTHX_ vm), arg_int(aTHX_ variableType),
      arg_str(aTHX_ name), arg_str(aTHX_ value), arg_int(aTHX_ options), NULL, NULL)));

void
VMCreateSnapshot(vm = &PL_sv_undef, name = &PL_sv_undef, description = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* name
    SV* description
    SV* options
    SV* propertyList
  PPCODE:
    VixHandle snapshot;
    VixError err = run_job_handle(aTHX_ VixVM_CreateSnapshot(arg_int(aTHX_ vm),
      arg_str(aTHX_ name), arg_str(aTHX_ description), arg_int(aTHX_ options),
      arg_int(aTHX_ propertyList), NULL, NULL), &snapshot);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(snapshot);

void
VMGetNumRootSnapshots(vm = &PL_sv_undef)
    SV* vm
  PPCODE:
    int n = 0;
    VixError err = VixVM_GetNumRootSnapshots(arg_int(aTHX_ vm), &n);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? n : 0);

void
VMGetRootSnapshot(vm = &PL_sv_undef, arg = &PL_sv_undef)
    SV* vm
    SV* arg
  ALIAS:
    VMGetCurrentSnapshot = 1
    VMGetNamedSnapshot = 2
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    VixHandle snapshot = VIX_INVALID_HANDLE;
    VixError err = ix == 0 ? VixVM_GetRootSnapshot(h, arg_int(aTHX_ arg), &snapshot)
                 : ix == 1 ? VixVM_GetCurrentSnapshot(h, &snapshot)
                           : VixVM_GetNamedSnapshot(h, arg_str(aTHX_ arg), &snapshot);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? snapshot : VIX_INVALID_HANDLE);

void
VMRevertToSnapshot(vm = &PL_sv_undef, snapshot = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* snapshot
    SV* options
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_RevertToSnapshot(arg_int(aTHX_ vm), arg_int(aTHX_ snapshot),
      arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMRemoveSnapshot(vm = &PL_sv_undef, snapshot = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* snapshot
    SV* options
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_RemoveSnapshot(arg_int(aTHX_ vm), arg_int(aTHX_ snapshot),
      arg_int(aTHX_ options), NULL, NULL)));

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
VMKillProcessInGuest(vm = &PL_sv_undef, pid = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* pid
    SV* options
  PPCODE:
    uint64 p = SvOK(pid) ? (uint64)SvUV(pid) : 0;
    PUSH_ERR(run_job(aTHX_ VixVM_KillProcessInGuest(arg_int(aTHX_ vm), p, arg_int(aTHX_ options),
      NULL, NULL)));

void
RegisterVM(host = &PL_sv_undef, vmxFilePath = &PL_sv_undef)
    SV* host
    SV* vmxFilePath
  ALIAS:
    UnregisterVM = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ host);
    const char* path = arg_str(aTHX_ vmxFilePath);
    PUSH_ERR(run_job(aTHX_ ix == 0 ? VixHost_RegisterVM(h, path, NULL, NULL)
                                   : VixHost_UnregisterVM(h, path, NULL, NULL)));

void
HostOpenVM(host = &PL_sv_undef, vmxFilePathName = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* host
    SV* vmxFilePathName
    SV* options
    SV* propertyList
  PPCODE:
    VixHandle vm;
    VixError err = run_job_handle(aTHX_ VixHost_OpenVM(arg_int(aTHX_ host),
      arg_str(aTHX_ vmxFilePathName), arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL,
      NULL), &vm);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(vm);

void
VMPause(vm = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* options
    SV* propertyList
  ALIAS:
    VMUnpause = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    int o = arg_int(aTHX_ options);
    VixHandle p = arg_int(aTHX_ propertyList);
    PUSH_ERR(run_job(aTHX_ ix == 0 ? VixVM_Pause(h, o, p, NULL, NULL)
                                   : VixVM_Unpause(h, o, p, NULL, NULL)));

void
VMDelete(vm = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* options
  ALIAS:
    VMUpgradeVirtualHardware = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    int o = arg_int(aTHX_ options);
    PUSH_ERR(run_job(aTHX_ ix == 0 ? VixVM_Delete(h, o, NULL, NULL)
                                   : VixVM_UpgradeVirtualHardware(h, o, NULL, NULL)));

void
VMInstallTools(vm = &PL_sv_undef, options = &PL_sv_undef, commandLineArgs = &PL_sv_undef)
    SV* vm
    SV* options
    SV* commandLineArgs
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_InstallTools(arg_int(aTHX_ vm), arg_int(aTHX_ options),
      arg_str(aTHX_ commandLineArgs), NULL, NULL)));

void
VMDeleteFileInGuest(vm = &PL_sv_undef, path = &PL_sv_undef, arg = &PL_sv_undef)
    SV* vm
    SV* path
    SV* arg
  ALIAS:
    VMCreateDirectoryInGuest = 1
    VMDeleteDirectoryInGuest = 2
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    const char* p = arg_str(aTHX_ path);
    int a = arg_int(aTHX_ arg);
    VixHandle job = ix == 0 ? VixVM_DeleteFileInGuest(h, p, NULL, NULL)
                  : ix == 1 ? VixVM_CreateDirectoryInGuest(h, p, a, NULL, NULL)
                            : VixVM_DeleteDirectoryInGuest(h, p, a, NULL, NULL);
    PUSH_ERR(run_job(aTHX_ job));

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
VMRenameFileInGuest(vm = &PL_sv_undef, oldName = &PL_sv_undef, newName = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* oldName
    SV* newName
    SV* options
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_RenameFileInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ oldName),
      arg_str(aTHX_ newName), arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMCreateTempFileInGuest(vm = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* options
    SV* propertyList
  PPCODE:
    SV* name;
    VixError err = run_job_string(aTHX_ VixVM_CreateTempFileInGuest(arg_int(aTHX_ vm),
      arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL),
      VIX_PROPERTY_JOB_RESULT_ITEM_NAME, &name);
    PUSH_ERR(err);
    if (WANT_LIST) XPUSHs(name);

void
VMRunProgramInGuestEx(vm = &PL_sv_undef, program = &PL_sv_undef, args = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* program
    SV* args
    SV* options
    SV* propertyList
  ALIAS:
    VMRunScriptInGuest = 1
    VMRunScriptInGuestEx = 2
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
    if (err == VIX_OK && ix != 1) {
      err = Vix_GetProperties(job, VIX_PROPERTY_JOB_RESULT_PROCESS_ID, &pid,
        VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_ELAPSED_TIME, &elapsed,
        VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE, &code, VIX_PROPERTY_NONE);
    }
    LEAVE;
    PUSH_ERR(err);
    if (err == VIX_OK && ix != 1 && WANT_LIST) {
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
SnapshotGetNumChildren(snapshot = &PL_sv_undef)
    SV* snapshot
  PPCODE:
    int n = 0;
    VixError err = VixSnapshot_GetNumChildren(arg_int(aTHX_ snapshot), &n);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? n : 0);

void
SnapshotGetChild(snapshot = &PL_sv_undef, index = &PL_sv_undef)
    SV* snapshot
    SV* index
  ALIAS:
    SnapshotGetParent = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ snapshot);
    VixHandle out = VIX_INVALID_HANDLE;
    VixError err = ix == 0 ? VixSnapshot_GetChild(h, arg_int(aTHX_ index), &out)
                           : VixSnapshot_GetParent(h, &out);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(err == VIX_OK ? out : VIX_INVALID_HANDLE);

void
VMEnableSharedFolders(vm = &PL_sv_undef, enabled = &PL_sv_undef, options = &PL_sv_undef)
    SV* vm
    SV* enabled
    SV* options
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_EnableSharedFolders(arg_int(aTHX_ vm),
      (Bool)(SvTRUE(enabled) ? 1 : 0), arg_int(aTHX_ options), NULL, NULL)));

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
VMSetSharedFolderState(vm = &PL_sv_undef, shareName = &PL_sv_undef, hostPathName = &PL_sv_undef, flags = &PL_sv_undef)
    SV* vm
    SV* shareName
    SV* hostPathName
    SV* flags
  ALIAS:
    VMAddSharedFolder = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    const char* name = arg_str(aTHX_ shareName);
    const char* path = arg_str(aTHX_ hostPathName);
    int f = arg_int(aTHX_ flags);
    PUSH_ERR(run_job(aTHX_ ix == 0 ? VixVM_SetSharedFolderState(h, name, path, f, NULL, NULL)
                                   : VixVM_AddSharedFolder(h, name, path, f, NULL, NULL)));

void
VMRemoveSharedFolder(vm = &PL_sv_undef, shareName = &PL_sv_undef, flags = &PL_sv_undef)
    SV* vm
    SV* shareName
    SV* flags
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_RemoveSharedFolder(arg_int(aTHX_ vm), arg_str(aTHX_ shareName),
      arg_int(aTHX_ flags), NULL, NULL)));

void
VMBeginRecording(vm = &PL_sv_undef, name = &PL_sv_undef, description = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* name
    SV* description
    SV* options
    SV* propertyList
  PPCODE:
    VixHandle snapshot;
    VixError err = run_job_handle(aTHX_ VixVM_BeginRecording(arg_int(aTHX_ vm),
      arg_str(aTHX_ name), arg_str(aTHX_ description), arg_int(aTHX_ options),
      arg_int(aTHX_ propertyList), NULL, NULL), &snapshot);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(snapshot);

void
VMEndRecording(vm = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* options
    SV* propertyList
  ALIAS:
    VMEndReplay = 1
  PPCODE:
    VixHandle h = arg_int(aTHX_ vm);
    int o = arg_int(aTHX_ options);
    VixHandle p = arg_int(aTHX_ propertyList);
    PUSH_ERR(run_job(aTHX_ ix == 0 ? VixVM_EndRecording(h, o, p, NULL, NULL)
                                   : VixVM_EndReplay(h, o, p, NULL, NULL)));

void
VMBeginReplay(vm = &PL_sv_undef, snapshot = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* snapshot
    SV* options
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_BeginReplay(arg_int(aTHX_ vm), arg_int(aTHX_ snapshot),
      arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMOpenUrlInGuest(vm = &PL_sv_undef, url = &PL_sv_undef, windowState = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* url
    SV* windowState
    SV* propertyList
  PPCODE:
    PUSH_ERR(run_job(aTHX_ VixVM_OpenUrlInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ url),
      arg_int(aTHX_ windowState), arg_int(aTHX_ propertyList), NULL, NULL)));

void
VMClone(vm = &PL_sv_undef, snapshot = &PL_sv_undef, cloneType = &PL_sv_undef, destConfigPathName = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef)
    SV* vm
    SV* snapshot
    SV* cloneType
    SV* destConfigPathName
    SV* options
    SV* propertyList
  PPCODE:
    VixHandle clone;
    VixError err = run_job_handle(aTHX_ VixVM_Clone(arg_int(aTHX_ vm), arg_int(aTHX_ snapshot),
      arg_int(aTHX_ cloneType), arg_str(aTHX_ destConfigPathName), arg_int(aTHX_ options),
      arg_int(aTHX_ propertyList), NULL, NULL), &clone);
    PUSH_ERR(err);
    if (WANT_LIST) PUSH_IV(clone);

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::API::VM

void
RunScriptInGuest(vm = &PL_sv_undef, interpreter = &PL_sv_undef, scriptText = &PL_sv_undef, options = &PL_sv_undef, propertyList = &PL_sv_undef, callbackProc = &PL_sv_undef, clientData = &PL_sv_undef)
    SV* vm
    SV* interpreter
    SV* scriptText
    SV* options
    SV* propertyList
    SV* callbackProc
    SV* clientData
  PPCODE:
    (void)clientData;
    if (SvOK(callbackProc)) {
      croak("VMware::Vix::API::VM::RunScriptInGuest: callbackProc must be undef (a Perl "
            "callback cannot run on a VIX library thread)");
    }
    PUSH_IV(VixVM_RunScriptInGuest(arg_int(aTHX_ vm), arg_str(aTHX_ interpreter),
      arg_str(aTHX_ scriptText), arg_int(aTHX_ options), arg_int(aTHX_ propertyList), NULL, NULL));

MODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::API::Job

void
Wait(job = &PL_sv_undef, ...)
    SV* job
  PPCODE:
    VixHandle h = arg_int(aTHX_ job);
    /* The ids up to the VIX_PROPERTY_NONE terminator (or the end of the list). */
    int n = 0;
    while (n < items - 1 && arg_int(aTHX_ ST(n + 1)) != VIX_PROPERTY_NONE) {
      n++;
    }
    VixError err = poll_job(aTHX_ h);
    AV* values = (AV*)sv_2mortal((SV*)newAV());
    for (int i = 0; i < n && err == VIX_OK; i++) {
      SV* value = NULL;
      err = read_property(aTHX_ h, arg_int(aTHX_ ST(i + 1)), &value);
      if (value != NULL) {
        av_push(values, value);
      }
    }
    PUSH_ERR(err);
    if (n > 0 && WANT_LIST) {
      for (int i = 0; i < n; i++) {
        SV** v = err == VIX_OK ? av_fetch(values, i, 0) : NULL;
        XPUSHs(v != NULL ? sv_mortalcopy(*v) : &PL_sv_undef);
      }
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
