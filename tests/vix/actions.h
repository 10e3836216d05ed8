/* SPDX-License-Identifier: Apache-2.0 */
/* The loop of the scenario programs that take a list of actions: connect, open $VIX_TEST_VM,
 * run each action in order, release everything. */
#ifndef VIX_TEST_ACTIONS_H
#define VIX_TEST_ACTIONS_H

#include "scenario.h"

/* Runs the action at argv[i]; returns the index of its last argument, or -1 when the action is
 * unknown or incomplete. */
typedef int (*scenario_action)(VixHandle vm, int argc, char** argv, int i);

/* Exits the program when the connection or the open failed; returns main's exit code. */
static inline int scenario_run_actions(int argc, char** argv, scenario_action action)
{
  VixHandle host;
  VixHandle vm = scenario_open_test_vm(&host);
  int i;
  int code = 0;
  for (i = 1; i < argc; ++i) {
    const int last = action(vm, argc, argv, i);
    if (last < 0) {
      fprintf(stderr, "unknown or incomplete action %s\n", argv[i]);
      code = 2;
      break;
    }
    i = last;
  }
  Vix_ReleaseHandle(vm);
  VixHost_Disconnect(host);
  Vix_ReleaseHandle(host);
  return code;
}

#endif
