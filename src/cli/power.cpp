// SPDX-License-Identifier: Apache-2.0

// POWER COMMANDS: start, stop, reset, suspend (pause and unpause: unsupported.cpp).
#include "core/vm/power.h"
#include "cli/handlers.h"
#include "cli/keywords.h"

namespace vmrun::cli {

namespace {

// The optional [hard|soft] word; without it the VM's defaultPowerOps decides.
core::PowerMode power_mode(const Invocation& invocation)
{
  if (invocation.params.size() < 2) {
    return core::PowerMode::preset;
  }
  return require_keyword(invocation, 1, {"hard", "soft"}) == 0 ? core::PowerMode::hard
                                                               : core::PowerMode::soft;
}

} // namespace

int handle_start(Invocation& invocation)
{
  if (invocation.params.size() == 2) {
    // Accepted and ignored (docs/behaviour.md#power).
    require_keyword(invocation, 1, {"gui", "nogui"});
  }
  core::start_vm(invocation.session(), invocation.params[0], invocation.timeout);
  return 0;
}

int handle_stop(Invocation& invocation)
{
  const auto mode = power_mode(invocation);
  core::stop_vm(invocation.session(), invocation.params[0], mode, invocation.timeout);
  return 0;
}

int handle_reset(Invocation& invocation)
{
  const auto mode = power_mode(invocation);
  core::reset_vm(invocation.session(), invocation.params[0], mode, invocation.timeout);
  return 0;
}

int handle_suspend(Invocation& invocation)
{
  const auto mode = power_mode(invocation);
  core::suspend_vm(invocation.session(), invocation.params[0], mode, invocation.timeout);
  return 0;
}

} // namespace vmrun::cli
