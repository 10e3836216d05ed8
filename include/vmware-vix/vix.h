/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vix.h: the VIX C API (the interface of VIX 1.7 to 1.15) as libvixAllProducts.so of the vmrun
 * project offers it. The library carries each call out over the vSphere Web Services API against
 * an ESXi host or a vCenter Server; the project's docs/libvix.md says how, and which calls can
 * only answer VIX_E_NOT_SUPPORTED there.
 *
 * Written for this project from its interface tables: every name, value and signature is the one
 * programs built against VMware's header expect, so they compile and link unchanged. The header
 * is plain C89 (it also compiles as C99 and C++), and declares in addition what the 1.11 and
 * later headers dropped (the event pump, record and replay, OpenUrlInGuest, and their constants
 * and error codes), because programs written for VIX 1.7 to 1.10 still name them.
 *
 * Types are plain ints with their values in anonymous enums, as callers (cgo among them) expect:
 * `VixPowerState` is an int and VIX_POWERSTATE_POWERED_ON an int constant.
 */
#ifndef VMWARE_VIX_VIX_H
#define VMWARE_VIX_VIX_H

#include "vm_basic_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Handles. Every object (host connection, VM, job, snapshot, property list) is reached through an
 * int handle with a reference count; 0 is never a valid handle. The values are unique within the
 * process and never reused, so releasing a handle twice is harmless.
 */
typedef int VixHandle;
enum { VIX_INVALID_HANDLE = 0 };

typedef int VixHandleType;
enum {
  VIX_HANDLETYPE_NONE = 0,
  VIX_HANDLETYPE_HOST = 2,
  VIX_HANDLETYPE_VM = 3,
  VIX_HANDLETYPE_NETWORK = 5,
  VIX_HANDLETYPE_JOB = 6,
  VIX_HANDLETYPE_SNAPSHOT = 7,
  VIX_HANDLETYPE_PROPERTY_LIST = 9,
  VIX_HANDLETYPE_METADATA_CONTAINER = 11
};

/*
 * Errors. A VixError is 64 bits wide; the VIX_E_* code is in the low 16 bits (the library leaves
 * the others zero, but a portable program compares VIX_ERROR_CODE(err) or uses VIX_SUCCEEDED and
 * VIX_FAILED). Vix_GetErrorText gives a code's English text.
 */
typedef uint64 VixError;

#define VIX_ERROR_CODE(err) ((err)&0xFFFF)
#define VIX_SUCCEEDED(err) (VIX_OK == (err))
#define VIX_FAILED(err) (VIX_OK != (err))

enum {
  /* Success */
  VIX_OK = 0,

  /* General */
  VIX_E_FAIL = 1,
  VIX_E_OUT_OF_MEMORY = 2,
  VIX_E_INVALID_ARG = 3,
  VIX_E_FILE_NOT_FOUND = 4,
  VIX_E_OBJECT_IS_BUSY = 5,
  VIX_E_NOT_SUPPORTED = 6,
  VIX_E_FILE_ERROR = 7,
  VIX_E_DISK_FULL = 8,
  VIX_E_INCORRECT_FILE_TYPE = 9,
  VIX_E_CANCELLED = 10,
  VIX_E_FILE_READ_ONLY = 11,
  VIX_E_FILE_ALREADY_EXISTS = 12,
  VIX_E_FILE_ACCESS_ERROR = 13,
  VIX_E_REQUIRES_LARGE_FILES = 14,
  VIX_E_FILE_ALREADY_LOCKED = 15,
  VIX_E_VMDB = 16,
  VIX_E_NOT_SUPPORTED_ON_REMOTE_OBJECT = 20,
  VIX_E_FILE_TOO_BIG = 21,
  VIX_E_FILE_NAME_INVALID = 22,
  VIX_E_ALREADY_EXISTS = 23,
  VIX_E_BUFFER_TOOSMALL = 24,
  VIX_E_OBJECT_NOT_FOUND = 25,
  VIX_E_HOST_NOT_CONNECTED = 26,
  VIX_E_INVALID_UTF8_STRING = 27,
  VIX_E_UNFINISHED_JOB = 29,
  VIX_E_NEED_KEY = 30,
  VIX_E_OPERATION_ALREADY_IN_PROGRESS = 31,
  VIX_E_LICENSE = 32,
  VIX_E_VM_HOST_DISCONNECTED = 34,
  VIX_E_AUTHENTICATION_FAIL = 35,
  VIX_E_HOST_CONNECTION_LOST = 36,
  VIX_E_DUPLICATE_NAME = 41,
  VIX_E_ARGUMENT_TOO_BIG = 44, /* 1.15 */

  /* Handles */
  VIX_E_INVALID_HANDLE = 1000,
  VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE = 1001,
  VIX_E_TOO_MANY_HANDLES = 1002,

  /* Property lists and XML */
  VIX_E_NOT_FOUND = 2000,
  VIX_E_TYPE_MISMATCH = 2001,
  VIX_E_INVALID_XML = 2002,

  /* VM control, Tools and guest authentication */
  VIX_E_TIMEOUT_WAITING_FOR_TOOLS = 3000,
  VIX_E_UNRECOGNIZED_COMMAND = 3001,
  VIX_E_OP_NOT_SUPPORTED_ON_GUEST = 3003,
  VIX_E_PROGRAM_NOT_STARTED = 3004,
  VIX_E_CANNOT_START_READ_ONLY_VM = 3005,
  VIX_E_VM_NOT_RUNNING = 3006,
  VIX_E_VM_IS_RUNNING = 3007,
  VIX_E_CANNOT_CONNECT_TO_VM = 3008,
  VIX_E_POWEROP_SCRIPTS_NOT_AVAILABLE = 3009,
  VIX_E_NO_GUEST_OS_INSTALLED = 3010,
  VIX_E_VM_INSUFFICIENT_HOST_MEMORY = 3011,
  VIX_E_SUSPEND_ERROR = 3012,
  VIX_E_VM_NOT_ENOUGH_CPUS = 3013,
  VIX_E_HOST_USER_PERMISSIONS = 3014,
  VIX_E_GUEST_USER_PERMISSIONS = 3015,
  VIX_E_TOOLS_NOT_RUNNING = 3016,
  VIX_E_GUEST_OPERATIONS_PROHIBITED = 3017,
  VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED = 3018,
  VIX_E_ROOT_GUEST_OPERATIONS_PROHIBITED = 3019,
  VIX_E_MISSING_ANON_GUEST_ACCOUNT = 3023,
  VIX_E_CANNOT_AUTHENTICATE_WITH_GUEST = 3024,
  VIX_E_UNRECOGNIZED_COMMAND_IN_GUEST = 3025,
  VIX_E_CONSOLE_GUEST_OPERATIONS_PROHIBITED = 3026,
  VIX_E_MUST_BE_CONSOLE_USER = 3027,
  VIX_E_VMX_MSG_DIALOG_AND_NO_UI = 3028,
  VIX_E_NOT_ALLOWED_DURING_VM_RECORDING = 3029, /* record/replay, dropped from the 1.11 header */
  VIX_E_NOT_ALLOWED_DURING_VM_REPLAY = 3030,    /* record/replay, dropped from the 1.11 header */
  VIX_E_OPERATION_NOT_ALLOWED_FOR_LOGIN_TYPE = 3031,
  VIX_E_LOGIN_TYPE_NOT_SUPPORTED = 3032,
  VIX_E_EMPTY_PASSWORD_NOT_ALLOWED_IN_GUEST = 3033,
  VIX_E_INTERACTIVE_SESSION_NOT_PRESENT = 3034,
  VIX_E_INTERACTIVE_SESSION_USER_MISMATCH = 3035,
  VIX_E_UNABLE_TO_REPLAY_VM = 3039, /* record/replay, dropped from the 1.11 header */
  VIX_E_CANNOT_POWER_ON_VM = 3041,
  VIX_E_NO_DISPLAY_SERVER = 3043,
  VIX_E_VM_NOT_RECORDING = 3044, /* record/replay, dropped from the 1.11 header */
  VIX_E_VM_NOT_REPLAYING = 3045, /* record/replay, dropped from the 1.11 header */
  VIX_E_TOO_MANY_LOGONS = 3046,
  VIX_E_INVALID_AUTHENTICATION_SESSION = 3047,

  /* VM lookup and versions */
  VIX_E_VM_NOT_FOUND = 4000,
  VIX_E_NOT_SUPPORTED_FOR_VM_VERSION = 4001,
  VIX_E_CANNOT_READ_VM_CONFIG = 4002,
  VIX_E_TEMPLATE_VM = 4003,
  VIX_E_VM_ALREADY_LOADED = 4004,
  VIX_E_VM_ALREADY_UP_TO_DATE = 4006,
  VIX_E_VM_UNSUPPORTED_GUEST = 4011,

  /* Properties */
  VIX_E_UNRECOGNIZED_PROPERTY = 6000,
  VIX_E_INVALID_PROPERTY_VALUE = 6001,
  VIX_E_READ_ONLY_PROPERTY = 6002,
  VIX_E_MISSING_REQUIRED_PROPERTY = 6003,
  VIX_E_INVALID_SERIALIZED_DATA = 6004,
  VIX_E_PROPERTY_TYPE_MISMATCH = 6005,

  /* Completion */
  VIX_E_BAD_VM_INDEX = 8000,

  /* Messages */
  VIX_E_INVALID_MESSAGE_HEADER = 10000,
  VIX_E_INVALID_MESSAGE_BODY = 10001,

  /* Snapshots */
  VIX_E_SNAPSHOT_INVAL = 13000,
  VIX_E_SNAPSHOT_DUMPER = 13001,
  VIX_E_SNAPSHOT_DISKLIB = 13002,
  VIX_E_SNAPSHOT_NOTFOUND = 13003,
  VIX_E_SNAPSHOT_EXISTS = 13004,
  VIX_E_SNAPSHOT_VERSION = 13005,
  VIX_E_SNAPSHOT_NOPERM = 13006,
  VIX_E_SNAPSHOT_CONFIG = 13007,
  VIX_E_SNAPSHOT_NOCHANGE = 13008,
  VIX_E_SNAPSHOT_CHECKPOINT = 13009,
  VIX_E_SNAPSHOT_LOCKED = 13010,
  VIX_E_SNAPSHOT_INCONSISTENT = 13011,
  VIX_E_SNAPSHOT_NAMETOOLONG = 13012,
  VIX_E_SNAPSHOT_VIXFILE = 13013,
  VIX_E_SNAPSHOT_DISKLOCKED = 13014,
  VIX_E_SNAPSHOT_DUPLICATEDDISK = 13015,
  VIX_E_SNAPSHOT_INDEPENDENTDISK = 13016,
  VIX_E_SNAPSHOT_NONUNIQUE_NAME = 13017,
  VIX_E_SNAPSHOT_MEMORY_ON_INDEPENDENT_DISK = 13018,
  VIX_E_SNAPSHOT_MAXSNAPSHOTS = 13019,
  VIX_E_SNAPSHOT_MIN_FREE_SPACE = 13020,
  VIX_E_SNAPSHOT_HIERARCHY_TOODEEP = 13021,
  VIX_E_SNAPSHOT_RRSUSPEND = 13022, /* deprecated in the 1.15 header */
  VIX_E_SNAPSHOT_NOT_REVERTABLE = 13024,

  /* Host disk and network */
  VIX_E_HOST_DISK_INVALID_VALUE = 14003,
  VIX_E_HOST_DISK_SECTORSIZE = 14004,
  VIX_E_HOST_FILE_ERROR_EOF = 14005,
  VIX_E_HOST_NETBLKDEV_HANDSHAKE = 14006,
  VIX_E_HOST_SOCKET_CREATION_ERROR = 14007,
  VIX_E_HOST_SERVER_NOT_FOUND = 14008,
  VIX_E_HOST_NETWORK_CONN_REFUSED = 14009,
  VIX_E_HOST_TCP_SOCKET_ERROR = 14010,
  VIX_E_HOST_TCP_CONN_LOST = 14011,
  VIX_E_HOST_NBD_HASHFILE_VOLUME = 14012,
  VIX_E_HOST_NBD_HASHFILE_INIT = 14013,

  /* Disk library */
  VIX_E_DISK_INVAL = 16000,
  VIX_E_DISK_NOINIT = 16001,
  VIX_E_DISK_NOIO = 16002,
  VIX_E_DISK_PARTIALCHAIN = 16003,
  VIX_E_DISK_NEEDSREPAIR = 16006,
  VIX_E_DISK_OUTOFRANGE = 16007,
  VIX_E_DISK_CID_MISMATCH = 16008,
  VIX_E_DISK_CANTSHRINK = 16009,
  VIX_E_DISK_PARTMISMATCH = 16010,
  VIX_E_DISK_UNSUPPORTEDDISKVERSION = 16011,
  VIX_E_DISK_OPENPARENT = 16012,
  VIX_E_DISK_NOTSUPPORTED = 16013,
  VIX_E_DISK_NEEDKEY = 16014,
  VIX_E_DISK_NOKEYOVERRIDE = 16015,
  VIX_E_DISK_NOTENCRYPTED = 16016,
  VIX_E_DISK_NOKEY = 16017,
  VIX_E_DISK_INVALIDPARTITIONTABLE = 16018,
  VIX_E_DISK_NOTNORMAL = 16019,
  VIX_E_DISK_NOTENCDESC = 16020,
  VIX_E_DISK_NEEDVMFS = 16022,
  VIX_E_DISK_RAWTOOBIG = 16024,
  VIX_E_DISK_TOOMANYOPENFILES = 16027,
  VIX_E_DISK_TOOMANYREDO = 16028,
  VIX_E_DISK_RAWTOOSMALL = 16029,
  VIX_E_DISK_INVALIDCHAIN = 16030,
  VIX_E_DISK_KEY_NOTFOUND = 16052,
  VIX_E_DISK_SUBSYSTEM_INIT_FAIL = 16053,
  VIX_E_DISK_INVALID_CONNECTION = 16054,
  VIX_E_DISK_ENCODING = 16061,
  VIX_E_DISK_CANTREPAIR = 16062,
  VIX_E_DISK_INVALIDDISK = 16063,
  VIX_E_DISK_NOLICENSE = 16064,
  VIX_E_DISK_NODEVICE = 16065,
  VIX_E_DISK_UNSUPPORTEDDEVICE = 16066,
  VIX_E_DISK_CAPACITY_MISMATCH = 16067,
  VIX_E_DISK_PARENT_NOTALLOWED = 16068,
  VIX_E_DISK_ATTACH_ROOTLINK = 16069,

  /* Encryption */
  VIX_E_CRYPTO_UNKNOWN_ALGORITHM = 17000,
  VIX_E_CRYPTO_BAD_BUFFER_SIZE = 17001,
  VIX_E_CRYPTO_INVALID_OPERATION = 17002,
  VIX_E_CRYPTO_RANDOM_DEVICE = 17003,
  VIX_E_CRYPTO_NEED_PASSWORD = 17004,
  VIX_E_CRYPTO_BAD_PASSWORD = 17005,
  VIX_E_CRYPTO_NOT_IN_DICTIONARY = 17006,
  VIX_E_CRYPTO_NO_CRYPTO = 17007,
  VIX_E_CRYPTO_ERROR = 17008,
  VIX_E_CRYPTO_BAD_FORMAT = 17009,
  VIX_E_CRYPTO_LOCKED = 17010,
  VIX_E_CRYPTO_EMPTY = 17011,
  VIX_E_CRYPTO_KEYSAFE_LOCATOR = 17012,

  /* Remote hosts */
  VIX_E_CANNOT_CONNECT_TO_HOST = 18000,
  VIX_E_NOT_FOR_REMOTE_HOST = 18001,
  VIX_E_INVALID_HOSTNAME_SPECIFICATION = 18002,

  /* Screen capture */
  VIX_E_SCREEN_CAPTURE_ERROR = 19000,
  VIX_E_SCREEN_CAPTURE_BAD_FORMAT = 19001,
  VIX_E_SCREEN_CAPTURE_COMPRESSION_FAIL = 19002,
  VIX_E_SCREEN_CAPTURE_LARGE_DATA = 19003,

  /* Guest files and processes */
  VIX_E_GUEST_VOLUMES_NOT_FROZEN = 20000,
  VIX_E_NOT_A_FILE = 20001,
  VIX_E_NOT_A_DIRECTORY = 20002,
  VIX_E_NO_SUCH_PROCESS = 20003,
  VIX_E_FILE_NAME_TOO_LONG = 20004,
  VIX_E_OPERATION_DISABLED = 20005,

  /* Tools installation */
  VIX_E_TOOLS_INSTALL_NO_IMAGE = 21000,
  VIX_E_TOOLS_INSTALL_IMAGE_INACCESIBLE = 21001,
  VIX_E_TOOLS_INSTALL_NO_DEVICE = 21002,
  VIX_E_TOOLS_INSTALL_DEVICE_NOT_CONNECTED = 21003,
  VIX_E_TOOLS_INSTALL_CANCELLED = 21004,
  VIX_E_TOOLS_INSTALL_INIT_FAILED = 21005,
  VIX_E_TOOLS_INSTALL_AUTO_NOT_SUPPORTED = 21006,
  VIX_E_TOOLS_INSTALL_GUEST_NOT_READY = 21007,
  VIX_E_TOOLS_INSTALL_SIG_CHECK_FAILED = 21008, /* dropped from the 1.15 header */
  VIX_E_TOOLS_INSTALL_ERROR = 21009,
  VIX_E_TOOLS_INSTALL_ALREADY_UP_TO_DATE = 21010,
  VIX_E_TOOLS_INSTALL_IN_PROGRESS = 21011,
  VIX_E_TOOLS_INSTALL_IMAGE_COPY_FAILED = 21012,

  /* Product wrapper */
  VIX_E_WRAPPER_WORKSTATION_NOT_INSTALLED = 22001,
  VIX_E_WRAPPER_VERSION_NOT_FOUND = 22002,
  VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND = 22003,
  VIX_E_WRAPPER_PLAYER_NOT_INSTALLED = 22004,
  VIX_E_WRAPPER_RUNTIME_NOT_INSTALLED = 22005,
  VIX_E_WRAPPER_MULTIPLE_SERVICEPROVIDERS = 22006,

  /* Disk mounting */
  VIX_E_MNTAPI_MOUNTPT_NOT_FOUND = 24000,
  VIX_E_MNTAPI_MOUNTPT_IN_USE = 24001,
  VIX_E_MNTAPI_DISK_NOT_FOUND = 24002,
  VIX_E_MNTAPI_DISK_NOT_MOUNTED = 24003,
  VIX_E_MNTAPI_DISK_IS_MOUNTED = 24004,
  VIX_E_MNTAPI_DISK_NOT_SAFE = 24005,
  VIX_E_MNTAPI_DISK_CANT_OPEN = 24006,
  VIX_E_MNTAPI_CANT_READ_PARTS = 24007,
  VIX_E_MNTAPI_UMOUNT_APP_NOT_FOUND = 24008,
  VIX_E_MNTAPI_UMOUNT = 24009,
  VIX_E_MNTAPI_NO_MOUNTABLE_PARTITONS = 24010,
  VIX_E_MNTAPI_PARTITION_RANGE = 24011,
  VIX_E_MNTAPI_PERM = 24012,
  VIX_E_MNTAPI_DICT = 24013,
  VIX_E_MNTAPI_DICT_LOCKED = 24014,
  VIX_E_MNTAPI_OPEN_HANDLES = 24015,
  VIX_E_MNTAPI_CANT_MAKE_VAR_DIR = 24016,
  VIX_E_MNTAPI_NO_ROOT = 24017,
  VIX_E_MNTAPI_LOOP_FAILED = 24018,
  VIX_E_MNTAPI_DAEMON = 24019,
  VIX_E_MNTAPI_INTERNAL = 24020,
  VIX_E_MNTAPI_SYSTEM = 24021,
  VIX_E_MNTAPI_NO_CONNECTION_DETAILS = 24022,
  VIX_E_MNTAPI_INCOMPATIBLE_VERSION = 24300,
  VIX_E_MNTAPI_OS_ERROR = 24301,
  VIX_E_MNTAPI_DRIVE_LETTER_IN_USE = 24302,
  VIX_E_MNTAPI_DRIVE_LETTER_ALREADY_ASSIGNED = 24303,
  VIX_E_MNTAPI_VOLUME_NOT_MOUNTED = 24304,
  VIX_E_MNTAPI_VOLUME_ALREADY_MOUNTED = 24305,
  VIX_E_MNTAPI_FORMAT_FAILURE = 24306,
  VIX_E_MNTAPI_NO_DRIVER = 24307,
  VIX_E_MNTAPI_ALREADY_OPENED = 24308,
  VIX_E_MNTAPI_ITEM_NOT_FOUND = 24309,
  VIX_E_MNTAPI_UNSUPPROTED_BOOT_LOADER = 24310,
  VIX_E_MNTAPI_UNSUPPROTED_OS = 24311,
  VIX_E_MNTAPI_CODECONVERSION = 24312,
  VIX_E_MNTAPI_REGWRITE_ERROR = 24313,
  VIX_E_MNTAPI_UNSUPPORTED_FT_VOLUME = 24314,
  VIX_E_MNTAPI_PARTITION_NOT_FOUND = 24315,
  VIX_E_MNTAPI_PUTFILE_ERROR = 24316,
  VIX_E_MNTAPI_GETFILE_ERROR = 24317,
  VIX_E_MNTAPI_REG_NOT_OPENED = 24318,
  VIX_E_MNTAPI_REGDELKEY_ERROR = 24319,
  VIX_E_MNTAPI_CREATE_PARTITIONTABLE_ERROR = 24320,
  VIX_E_MNTAPI_OPEN_FAILURE = 24321,
  VIX_E_MNTAPI_VOLUME_NOT_WRITABLE = 24322,

  /* Asynchronous completion */
  VIX_ASYNC = 25000, /* success of an operation that completes later (1.15) */

  /* Asynchronous mode */
  VIX_E_ASYNC_MIXEDMODE_UNSUPPORTED = 26000, /* 1.15 */

  /* HTTP transport */
  VIX_E_NET_HTTP_UNSUPPORTED_PROTOCOL = 30001,
  VIX_E_NET_HTTP_URL_MALFORMAT = 30003,
  VIX_E_NET_HTTP_COULDNT_RESOLVE_PROXY = 30005,
  VIX_E_NET_HTTP_COULDNT_RESOLVE_HOST = 30006,
  VIX_E_NET_HTTP_COULDNT_CONNECT = 30007,
  VIX_E_NET_HTTP_HTTP_RETURNED_ERROR = 30022,
  VIX_E_NET_HTTP_OPERATION_TIMEDOUT = 30028,
  VIX_E_NET_HTTP_SSL_CONNECT_ERROR = 30035,
  VIX_E_NET_HTTP_TOO_MANY_REDIRECTS = 30047,
  VIX_E_NET_HTTP_TRANSFER = 30200,
  VIX_E_NET_HTTP_SSL_SECURITY = 30201,
  VIX_E_NET_HTTP_GENERIC = 30202
};

/*
 * Properties. Values are read with Vix_GetProperties (or VixJob_Wait, VixJob_GetNthProperties)
 * as (id, pointer) pairs ended by VIX_PROPERTY_NONE; each id has one type, which
 * Vix_GetPropertyType reports and which decides what is written through the pointer: int (an
 * int), Bool (one byte), int64, handle (a VixHandle the caller releases), string (a char * the
 * caller frees with Vix_FreeBuffer), blob (two pointers: an int size, then a char * data freed
 * with Vix_FreeBuffer). A type marked "presumed" is not documented by VMware; it is the one this
 * library uses.
 */
typedef int VixPropertyType;
enum {
  VIX_PROPERTYTYPE_ANY = 0,
  VIX_PROPERTYTYPE_INTEGER = 1,
  VIX_PROPERTYTYPE_STRING = 2,
  VIX_PROPERTYTYPE_BOOL = 3,
  VIX_PROPERTYTYPE_HANDLE = 4,
  VIX_PROPERTYTYPE_INT64 = 5,
  VIX_PROPERTYTYPE_BLOB = 6
};

typedef int VixPropertyID;
enum {
  VIX_PROPERTY_NONE = 0,                              /* ends every property list */
  VIX_PROPERTY_META_DATA_CONTAINER = 2,               /* handle, presumed */
  VIX_PROPERTY_HOST_HOSTTYPE = 50,                    /* int, presumed */
  VIX_PROPERTY_HOST_API_VERSION = 51,                 /* int, presumed */
  VIX_PROPERTY_HOST_SOFTWARE_VERSION = 52,            /* string, presumed; 1.15 */
  VIX_PROPERTY_VM_NUM_VCPUS = 101,                    /* int */
  VIX_PROPERTY_VM_VMX_PATHNAME = 103,                 /* string */
  VIX_PROPERTY_VM_VMTEAM_PATHNAME = 105,              /* string */
  VIX_PROPERTY_VM_MEMORY_SIZE = 106,                  /* int */
  VIX_PROPERTY_VM_READ_ONLY = 107,                    /* Bool */
  VIX_PROPERTY_VM_NAME = 108,                         /* string, presumed */
  VIX_PROPERTY_VM_GUESTOS = 109,                      /* string */
  VIX_PROPERTY_VM_IN_VMTEAM = 128,                    /* Bool */
  VIX_PROPERTY_VM_POWER_STATE = 129,                  /* int */
  VIX_PROPERTY_VM_TOOLS_STATE = 152,                  /* int */
  VIX_PROPERTY_VM_IS_RUNNING = 196,                   /* Bool */
  VIX_PROPERTY_VM_SUPPORTED_FEATURES = 197,           /* int */
  VIX_PROPERTY_VM_IS_RECORDING = 236,                 /* Bool; dropped from the 1.11 header */
  VIX_PROPERTY_VM_IS_REPLAYING = 237,                 /* Bool; dropped from the 1.11 header */
  VIX_PROPERTY_VM_SSL_ERROR = 293,                    /* Bool */
  VIX_PROPERTY_JOB_RESULT_ERROR_CODE = 3000,          /* int64 */
  VIX_PROPERTY_JOB_RESULT_VM_IN_GROUP = 3001,         /* Bool, presumed */
  VIX_PROPERTY_JOB_RESULT_USER_MESSAGE = 3002,        /* string, presumed */
  VIX_PROPERTY_JOB_RESULT_EXIT_CODE = 3004,           /* int, presumed */
  VIX_PROPERTY_JOB_RESULT_COMMAND_OUTPUT = 3005,      /* string, presumed */
  VIX_PROPERTY_JOB_RESULT_HANDLE = 3010,              /* handle */
  VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS = 3011, /* Bool */
  VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_ELAPSED_TIME = 3017, /* int */
  VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE = 3018,    /* int */
  VIX_PROPERTY_JOB_RESULT_ITEM_NAME = 3035,                  /* string */
  VIX_PROPERTY_JOB_RESULT_FOUND_ITEM_DESCRIPTION = 3036,     /* string, presumed */
  VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_COUNT = 3046,        /* int */
  VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_HOST = 3048,         /* string */
  VIX_PROPERTY_JOB_RESULT_SHARED_FOLDER_FLAGS = 3049,        /* int */
  VIX_PROPERTY_JOB_RESULT_PROCESS_ID = 3051,                 /* int64 */
  VIX_PROPERTY_JOB_RESULT_PROCESS_OWNER = 3052,              /* string */
  VIX_PROPERTY_JOB_RESULT_PROCESS_COMMAND = 3053,            /* string */
  VIX_PROPERTY_JOB_RESULT_FILE_FLAGS = 3054,                 /* int */
  VIX_PROPERTY_JOB_RESULT_PROCESS_START_TIME = 3055,         /* int */
  VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING = 3056,         /* string */
  VIX_PROPERTY_JOB_RESULT_PROCESS_BEING_DEBUGGED = 3057,     /* Bool */
  VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_SIZE = 3058,          /* int */
  VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA = 3059,          /* blob */
  VIX_PROPERTY_JOB_RESULT_FILE_SIZE = 3061,                  /* int64 */
  VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME = 3062,              /* int64 */
  VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO = 3084,           /* string, presumed */
  VIX_PROPERTY_FOUND_ITEM_LOCATION = 4010,                   /* string */
  VIX_PROPERTY_SNAPSHOT_DISPLAYNAME = 4200,                  /* string */
  VIX_PROPERTY_SNAPSHOT_DESCRIPTION = 4201,                  /* string */
  VIX_PROPERTY_SNAPSHOT_POWERSTATE = 4205,                   /* int */
  VIX_PROPERTY_SNAPSHOT_IS_REPLAYABLE = 4207,          /* Bool; dropped from the 1.11 header */
  VIX_PROPERTY_GUEST_SHAREDFOLDERS_SHARES_PATH = 4525, /* string */
  VIX_PROPERTY_VM_ENCRYPTION_PASSWORD = 7001           /* string, an input for VixHost_OpenVM */
};

/*
 * Events and callbacks. VixEventProc is a function type (not a pointer type): asynchronous calls
 * take a `VixEventProc *`. The library calls it on a thread of its own, with the job handle, once
 * per found item (VIX_EVENTTYPE_FIND_ITEM, from VixHost_FindItems) and once on completion.
 */
typedef int VixEventType;
enum {
  VIX_EVENTTYPE_JOB_COMPLETED = 2,
  VIX_EVENTTYPE_JOB_PROGRESS = 3,
  VIX_EVENTTYPE_FIND_ITEM = 8,
  VIX_EVENTTYPE_CALLBACK_SIGNALLED = 2 /* older name of VIX_EVENTTYPE_JOB_COMPLETED */
};

typedef void VixEventProc(VixHandle handle, VixEventType eventType, VixHandle moreEventInfo,
                          void* clientData);

/* Connecting to a host. */
typedef int VixHostOptions;
enum {
  VIX_HOSTOPTION_USE_EVENT_PUMP = 0x0008, /* dropped from the 1.11 header; ignored */
  VIX_HOSTOPTION_VERIFY_SSL_CERT = 0x4000 /* refuse a certificate that is not trusted */
};

typedef int VixServiceProvider;
enum {
  VIX_SERVICEPROVIDER_DEFAULT = 1,
  VIX_SERVICEPROVIDER_VMWARE_SERVER = 2, /* VMware Server 1.0 */
  VIX_SERVICEPROVIDER_VMWARE_WORKSTATION = 3,
  VIX_SERVICEPROVIDER_VMWARE_PLAYER = 4,
  VIX_SERVICEPROVIDER_VMWARE_VI_SERVER = 10,         /* ESXi and vCenter (this library) */
  VIX_SERVICEPROVIDER_VMWARE_WORKSTATION_SHARED = 11 /* served like VMWARE_VI_SERVER */
};

enum {
  VIX_API_VERSION = -1 /* the newest version; any value is accepted */
};

/* Finding and opening VMs. */
typedef int VixFindItemType;
enum { VIX_FIND_RUNNING_VMS = 1, VIX_FIND_REGISTERED_VMS = 4 };

typedef int VixVMOpenOptions;
enum { VIX_VMOPEN_NORMAL = 0x0 };

typedef int VixPumpEventsOptions;
enum {
  VIX_PUMPEVENTOPTION_NONE = 0 /* dropped from the 1.11 header with Vix_PumpEvents */
};

/* Power operations and deletion. */
typedef int VixVMPowerOpOptions;
enum {
  VIX_VMPOWEROP_NORMAL = 0,
  VIX_VMPOWEROP_FROM_GUEST = 0x0004,                /* shut down or restart through VMware Tools */
  VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON = 0x0080, /* VixVM_RevertToSnapshot only, alone */
  VIX_VMPOWEROP_LAUNCH_GUI = 0x0200,                /* hosted products; ignored */
  VIX_VMPOWEROP_START_VM_PAUSED = 0x1000            /* hosted products; ignored */
};

typedef int VixVMDeleteOptions;
enum { VIX_VMDELETE_DISK_FILES = 0x0002 };

/* VM state: VIX_PROPERTY_VM_POWER_STATE is a set of these bits. */
typedef int VixPowerState;
enum {
  VIX_POWERSTATE_POWERING_OFF = 0x0001,
  VIX_POWERSTATE_POWERED_OFF = 0x0002,
  VIX_POWERSTATE_POWERING_ON = 0x0004,
  VIX_POWERSTATE_POWERED_ON = 0x0008,
  VIX_POWERSTATE_SUSPENDING = 0x0010,
  VIX_POWERSTATE_SUSPENDED = 0x0020,
  VIX_POWERSTATE_TOOLS_RUNNING = 0x0040,
  VIX_POWERSTATE_RESETTING = 0x0080,
  VIX_POWERSTATE_BLOCKED_ON_MSG = 0x0100,
  VIX_POWERSTATE_PAUSED = 0x0200,
  VIX_POWERSTATE_RESUMING = 0x0800
};

/* VM state: VIX_PROPERTY_VM_TOOLS_STATE. */
typedef int VixToolsState;
enum {
  VIX_TOOLSSTATE_UNKNOWN = 0x0001,
  VIX_TOOLSSTATE_RUNNING = 0x0002,
  VIX_TOOLSSTATE_NOT_INSTALLED = 0x0004
};

/* Bits of VIX_PROPERTY_VM_SUPPORTED_FEATURES. */
enum {
  VIX_VM_SUPPORT_SHARED_FOLDERS = 0x0001,
  VIX_VM_SUPPORT_MULTIPLE_SNAPSHOTS = 0x0002,
  VIX_VM_SUPPORT_TOOLS_INSTALL = 0x0004,
  VIX_VM_SUPPORT_HARDWARE_UPGRADE = 0x0008
};

/* Bits of VIX_PROPERTY_JOB_RESULT_FILE_FLAGS. */
enum { VIX_FILE_ATTRIBUTES_DIRECTORY = 0x0001, VIX_FILE_ATTRIBUTES_SYMLINK = 0x0002 };

/* Guest login and programs. */
enum { VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT = 0x08 };

typedef int VixRunProgramOptions;
enum { VIX_RUNPROGRAM_RETURN_IMMEDIATELY = 0x0001, VIX_RUNPROGRAM_ACTIVATE_WINDOW = 0x0002 };

/* Variable kinds of VixVM_ReadVariable and VixVM_WriteVariable. */
enum {
  VIX_VM_GUEST_VARIABLE = 1,
  VIX_VM_CONFIG_RUNTIME_ONLY = 2,
  VIX_GUEST_ENVIRONMENT_VARIABLE = 3
};

/* Snapshots. */
typedef int VixRemoveSnapshotOptions;
enum { VIX_SNAPSHOT_REMOVE_CHILDREN = 0x0001 };

typedef int VixCreateSnapshotOptions;
enum { VIX_SNAPSHOT_INCLUDE_MEMORY = 0x0002 };

/* Shared folders (hosted products only). */
typedef int VixMsgSharedFolderOptions;
enum { VIX_SHAREDFOLDER_WRITE_ACCESS = 0x04 };

#ifndef VIX_HIDE_FROM_JAVA
/* Image formats of VixVM_CaptureScreenImage. */
enum { VIX_CAPTURESCREENFORMAT_PNG = 0x01, VIX_CAPTURESCREENFORMAT_PNG_NOCOMPRESS = 0x02 };
#endif /* VIX_HIDE_FROM_JAVA */

/* Cloning. */
typedef int VixCloneType;
enum { VIX_CLONETYPE_FULL = 0, VIX_CLONETYPE_LINKED = 1 };

/* Options of VixVM_InstallTools. */
enum {
  VIX_INSTALLTOOLS_MOUNT_TOOLS_INSTALLER = 0x00,
  VIX_INSTALLTOOLS_AUTO_UPGRADE = 0x01,
  VIX_INSTALLTOOLS_RETURN_IMMEDIATELY = 0x02
};

/* Handles, properties, errors and buffers. Vix_GetErrorText returns a constant string. */
const char* Vix_GetErrorText(VixError err, const char* locale);
void Vix_ReleaseHandle(VixHandle handle);
void Vix_AddRefHandle(VixHandle handle);
VixHandleType Vix_GetHandleType(VixHandle handle);
VixError Vix_GetProperties(VixHandle handle, VixPropertyID firstPropertyID, ...);
VixError Vix_GetPropertyType(VixHandle handle, VixPropertyID propertyID,
                             VixPropertyType* propertyType);
void Vix_FreeBuffer(void* p);

/*
 * The event pump of VIX 1.10 and older (dropped from the 1.11 header). Callbacks always run on
 * library threads, so this does nothing.
 */
void Vix_PumpEvents(VixHandle hostHandle, VixPumpEventsOptions options);

/*
 * Hosts. hostName is "https://host[:port]/sdk" (or just the host) for
 * VIX_SERVICEPROVIDER_VMWARE_VI_SERVER.
 */
VixHandle VixHost_Connect(int apiVersion, VixServiceProvider hostType, const char* hostName,
                          int hostPort, const char* userName, const char* password,
                          VixHostOptions options, VixHandle propertyListHandle,
                          VixEventProc* callbackProc, void* clientData);
void VixHost_Disconnect(VixHandle hostHandle);
VixHandle VixHost_RegisterVM(VixHandle hostHandle, const char* vmxFilePath,
                             VixEventProc* callbackProc, void* clientData);
VixHandle VixHost_UnregisterVM(VixHandle hostHandle, const char* vmxFilePath,
                               VixEventProc* callbackProc, void* clientData);
VixHandle VixHost_FindItems(VixHandle hostHandle, VixFindItemType searchType,
                            VixHandle searchCriteria, int32 timeout, VixEventProc* callbackProc,
                            void* clientData);
VixHandle VixHost_OpenVM(VixHandle hostHandle, const char* vmxFilePathName,
                         VixVMOpenOptions options, VixHandle propertyListHandle,
                         VixEventProc* callbackProc, void* clientData);

/* Property lists (input properties, e.g. for VixHost_OpenVM). */
#ifndef VIX_HIDE_FROM_JAVA
VixError VixPropertyList_AllocPropertyList(VixHandle hostHandle, VixHandle* resultHandle,
                                           int firstPropertyID, ...);
#endif

/* VMs: opening, power, deletion. */
VixHandle VixVM_Open(VixHandle hostHandle, const char* vmxFilePathName, VixEventProc* callbackProc,
                     void* clientData);
VixHandle VixVM_PowerOn(VixHandle vmHandle, VixVMPowerOpOptions powerOnOptions,
                        VixHandle propertyListHandle, VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_PowerOff(VixHandle vmHandle, VixVMPowerOpOptions powerOffOptions,
                         VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_Reset(VixHandle vmHandle, VixVMPowerOpOptions resetOptions,
                      VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_Suspend(VixHandle vmHandle, VixVMPowerOpOptions suspendOptions,
                        VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_Pause(VixHandle vmHandle, int options, VixHandle propertyList,
                      VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_Unpause(VixHandle vmHandle, int options, VixHandle propertyList,
                        VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_Delete(VixHandle vmHandle, VixVMDeleteOptions deleteOptions,
                       VixEventProc* callbackProc, void* clientData);

/* Record and replay (Workstation only; dropped from the 1.11 header). */
VixHandle VixVM_BeginRecording(VixHandle vmHandle, const char* displayName, const char* description,
                               int options, VixHandle propertyList, VixEventProc* callbackProc,
                               void* clientData);
VixHandle VixVM_EndRecording(VixHandle vmHandle, int options, VixHandle propertyList,
                             VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_BeginReplay(VixHandle vmHandle, VixHandle snapshotHandle, int options,
                            VixHandle propertyList, VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_EndReplay(VixHandle vmHandle, int options, VixHandle propertyList,
                          VixEventProc* callbackProc, void* clientData);

/*
 * Guest operations (need VMware Tools running, and a VixVM_LoginInGuest first for all but
 * VixVM_WaitForToolsInGuest).
 */
VixHandle VixVM_WaitForToolsInGuest(VixHandle vmHandle, int timeoutInSeconds,
                                    VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_LoginInGuest(VixHandle vmHandle, const char* userName, const char* password,
                             int options, VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_LogoutFromGuest(VixHandle vmHandle, VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_RunProgramInGuest(VixHandle vmHandle, const char* guestProgramName,
                                  const char* commandLineArgs, VixRunProgramOptions options,
                                  VixHandle propertyListHandle, VixEventProc* callbackProc,
                                  void* clientData);
VixHandle VixVM_ListProcessesInGuest(VixHandle vmHandle, int options, VixEventProc* callbackProc,
                                     void* clientData);
VixHandle VixVM_KillProcessInGuest(VixHandle vmHandle, uint64 pid, int options,
                                   VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_RunScriptInGuest(VixHandle vmHandle, const char* interpreter,
                                 const char* scriptText, VixRunProgramOptions options,
                                 VixHandle propertyListHandle, VixEventProc* callbackProc,
                                 void* clientData);
VixHandle VixVM_OpenUrlInGuest(VixHandle vmHandle, const char* url, int windowState,
                               VixHandle propertyListHandle, VixEventProc* callbackProc,
                               void* clientData);
VixHandle VixVM_CopyFileFromHostToGuest(VixHandle vmHandle, const char* hostPathName,
                                        const char* guestPathName, int options,
                                        VixHandle propertyListHandle, VixEventProc* callbackProc,
                                        void* clientData);
VixHandle VixVM_CopyFileFromGuestToHost(VixHandle vmHandle, const char* guestPathName,
                                        const char* hostPathName, int options,
                                        VixHandle propertyListHandle, VixEventProc* callbackProc,
                                        void* clientData);
VixHandle VixVM_DeleteFileInGuest(VixHandle vmHandle, const char* guestPathName,
                                  VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_FileExistsInGuest(VixHandle vmHandle, const char* guestPathName,
                                  VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_RenameFileInGuest(VixHandle vmHandle, const char* oldName, const char* newName,
                                  int options, VixHandle propertyListHandle,
                                  VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_CreateTempFileInGuest(VixHandle vmHandle, int options, VixHandle propertyListHandle,
                                      VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_GetFileInfoInGuest(VixHandle vmHandle, const char* pathName,
                                   VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_ListDirectoryInGuest(VixHandle vmHandle, const char* pathName, int options,
                                     VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_CreateDirectoryInGuest(VixHandle vmHandle, const char* pathName,
                                       VixHandle propertyListHandle, VixEventProc* callbackProc,
                                       void* clientData);
VixHandle VixVM_DeleteDirectoryInGuest(VixHandle vmHandle, const char* pathName, int options,
                                       VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_DirectoryExistsInGuest(VixHandle vmHandle, const char* pathName,
                                       VixEventProc* callbackProc, void* clientData);

/* VM variables (guestinfo, configuration, guest environment). */
VixHandle VixVM_ReadVariable(VixHandle vmHandle, int variableType, const char* name, int options,
                             VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_WriteVariable(VixHandle vmHandle, int variableType, const char* valueName,
                              const char* value, int options, VixEventProc* callbackProc,
                              void* clientData);

/* Snapshots. */
VixError VixVM_GetNumRootSnapshots(VixHandle vmHandle, int* result);
VixError VixVM_GetRootSnapshot(VixHandle vmHandle, int index, VixHandle* snapshotHandle);
VixError VixVM_GetCurrentSnapshot(VixHandle vmHandle, VixHandle* snapshotHandle);
VixError VixVM_GetNamedSnapshot(VixHandle vmHandle, const char* name, VixHandle* snapshotHandle);
VixHandle VixVM_RemoveSnapshot(VixHandle vmHandle, VixHandle snapshotHandle,
                               VixRemoveSnapshotOptions options, VixEventProc* callbackProc,
                               void* clientData);
VixHandle VixVM_RevertToSnapshot(VixHandle vmHandle, VixHandle snapshotHandle,
                                 VixVMPowerOpOptions options, VixHandle propertyListHandle,
                                 VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_CreateSnapshot(VixHandle vmHandle, const char* name, const char* description,
                               VixCreateSnapshotOptions options, VixHandle propertyListHandle,
                               VixEventProc* callbackProc, void* clientData);
VixError VixSnapshot_GetNumChildren(VixHandle parentSnapshotHandle, int* numChildSnapshots);
VixError VixSnapshot_GetChild(VixHandle parentSnapshotHandle, int index,
                              VixHandle* childSnapshotHandle);
VixError VixSnapshot_GetParent(VixHandle snapshotHandle, VixHandle* parentSnapshotHandle);

/* Shared folders (hosted products only: VIX_E_NOT_SUPPORTED on vSphere). */
VixHandle VixVM_EnableSharedFolders(VixHandle vmHandle, Bool enabled, int options,
                                    VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_GetNumSharedFolders(VixHandle vmHandle, VixEventProc* callbackProc,
                                    void* clientData);
VixHandle VixVM_GetSharedFolderState(VixHandle vmHandle, int index, VixEventProc* callbackProc,
                                     void* clientData);
VixHandle VixVM_SetSharedFolderState(VixHandle vmHandle, const char* shareName,
                                     const char* hostPathName, VixMsgSharedFolderOptions flags,
                                     VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_AddSharedFolder(VixHandle vmHandle, const char* shareName, const char* hostPathName,
                                VixMsgSharedFolderOptions flags, VixEventProc* callbackProc,
                                void* clientData);
VixHandle VixVM_RemoveSharedFolder(VixHandle vmHandle, const char* shareName, int flags,
                                   VixEventProc* callbackProc, void* clientData);

/* Screen capture, cloning, hardware upgrade, Tools installation. */
#ifndef VIX_HIDE_FROM_JAVA
VixHandle VixVM_CaptureScreenImage(VixHandle vmHandle, int captureType,
                                   VixHandle additionalProperties, VixEventProc* callbackProc,
                                   void* clientData);
#endif
VixHandle VixVM_Clone(VixHandle vmHandle, VixHandle snapshotHandle, VixCloneType cloneType,
                      const char* destConfigPathName, int options, VixHandle propertyListHandle,
                      VixEventProc* callbackProc, void* clientData);
VixHandle VixVM_UpgradeVirtualHardware(VixHandle vmHandle, int options, VixEventProc* callbackProc,
                                       void* clientData);
VixHandle VixVM_InstallTools(VixHandle vmHandle, int options, const char* commandLineArgs,
                             VixEventProc* callbackProc, void* clientData);

/*
 * Jobs. Every asynchronous call returns a job handle at once (release it when done); wait for it
 * with VixJob_Wait, poll it with VixJob_CheckCompletion, or pass a callback.
 */
VixError VixJob_Wait(VixHandle jobHandle, VixPropertyID firstPropertyID, ...);
VixError VixJob_CheckCompletion(VixHandle jobHandle, Bool* complete);
VixError VixJob_GetError(VixHandle jobHandle);
int VixJob_GetNumProperties(VixHandle jobHandle, int resultPropertyID);
VixError VixJob_GetNthProperties(VixHandle jobHandle, int index, int propertyID, ...);

#ifdef __cplusplus
}
#endif

#endif /* VMWARE_VIX_VIX_H */
