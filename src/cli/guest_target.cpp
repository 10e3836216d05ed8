// SPDX-License-Identifier: Apache-2.0

#include "cli/guest_target.h"

namespace vmrun::cli {

core::GuestTarget guest_target(Invocation& invocation, bool interactive)
{
  const GuestCredentials credentials = invocation.guest_credentials();
  return {invocation.params[0],
          {credentials.user, credentials.password, interactive},
          invocation.timeout};
}

} // namespace vmrun::cli
