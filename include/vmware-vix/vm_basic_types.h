/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vm_basic_types.h: the integer and boolean types vix.h is written in (Bool, int8 ... uint64,
 * FMT64), under the names VIX programs and bindings use. Part of the vmrun project's VIX C API.
 *
 * Plain C89: int64 and uint64 are `long` on LP64 systems, so no `long long` is needed there; on
 * 32-bit systems they are `long long`, marked as an extension so -pedantic C89 builds accept it.
 * Bool is one byte (a char): properties of type VIX_PROPERTYTYPE_BOOL write exactly one byte.
 */
#ifndef VMWARE_VIX_VM_BASIC_TYPES_H
#define VMWARE_VIX_VM_BASIC_TYPES_H

/*
 * A program that already included another vm_basic_types.h (VMware's, or open-vm-tools') has
 * these types under the same names; defining them twice would be an error in C89 and C99.
 */
#ifndef _VM_BASIC_TYPES_H_

typedef signed char int8;
typedef unsigned char uint8;
typedef short int16;
typedef unsigned short uint16;
typedef int int32;
typedef unsigned int uint32;

#if defined(_MSC_VER)
typedef __int64 int64;
typedef unsigned __int64 uint64;
#define FMT64 "I64"
#elif defined(__LP64__) || defined(_LP64)
typedef long int64;
typedef unsigned long uint64;
#define FMT64 "l"
#elif defined(__GNUC__)
__extension__ typedef long long int64;
__extension__ typedef unsigned long long uint64;
#define FMT64 "ll"
#else
typedef long long int64;
typedef unsigned long long uint64;
#define FMT64 "ll"
#endif

typedef char Bool;

#endif /* _VM_BASIC_TYPES_H_ */

#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif

#endif /* VMWARE_VIX_VM_BASIC_TYPES_H */
