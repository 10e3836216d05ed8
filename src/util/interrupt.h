// SPDX-License-Identifier: Apache-2.0

#pragma once

namespace vmrun::util {

// While a guard lives, SIGINT, SIGTERM and SIGHUP no longer end the process at once: the first
// one is only recorded (interrupted() returns it), so that the work under way stops through its
// normal error path and cleans up after itself (a temporary host file, a screenshot left on the
// datastore). The handler is one-shot (SA_RESETHAND): a second signal ends the process, even
// when it is stuck. A signal whose disposition is not the default one (ignored, or handled by
// someone else) is left as it is. Guards nest: the outermost one installs the handler and, when
// it ends, restores what was there before and forgets the signal. The handler only stores the
// signal number (async-signal-safe). Guards are for the main thread; they are not thread-safe.
class InterruptGuard
{
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // The signal recorded while the current guards live, or 0.
  static int interrupted();
};

} // namespace vmrun::util
