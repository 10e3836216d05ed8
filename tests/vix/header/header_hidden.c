/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compiled by test_header.sh with and without VIX_HIDE_FROM_JAVA: it reuses, as variables, the
 * four names that macro hides, so it compiles only when they are hidden and must fail otherwise.
 */
#include <vix.h>

int VIX_CAPTURESCREENFORMAT_PNG = 1;
int VIX_CAPTURESCREENFORMAT_PNG_NOCOMPRESS = 2;
int VixPropertyList_AllocPropertyList = 3;
int VixVM_CaptureScreenImage = 4;
