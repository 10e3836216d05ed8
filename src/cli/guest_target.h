// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/invocation.h"
#include "core/guest/guest.h"

namespace vmrun::cli {

// What a guest verb acts on: the VM in the first parameter, the guest login (-gu/-gp, the
// environment or the prompt) and the Tools wait (--timeout). `interactive` asks for the desktop
// session (runProgramInGuest -interactive).
core::GuestTarget guest_target(Invocation& invocation, bool interactive = false);

} // namespace vmrun::cli
