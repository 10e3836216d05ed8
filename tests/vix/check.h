/* SPDX-License-Identifier: Apache-2.0 */
/* A minimal check macro for the C tests of libvix: a failed check prints where and what, and
 * the program's exit status counts the failures. */
#ifndef VIX_TEST_CHECK_H
#define VIX_TEST_CHECK_H

#include <stdio.h>

static int check_failures = 0;

#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
      ++check_failures;                                                               \
    }                                                                                 \
  } while (0)

#define CHECK_CODE(got, want)                                                         \
  do {                                                                                \
    unsigned long long got_ = (unsigned long long)(got);                              \
    unsigned long long want_ = (unsigned long long)(want);                            \
    if (got_ != want_) {                                                              \
      fprintf(stderr, "%s:%d: %s is %llu, want %llu\n", __FILE__, __LINE__, #got, got_, \
              want_);                                                                 \
      ++check_failures;                                                               \
    }                                                                                 \
  } while (0)

#endif
