// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/settings.h"

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace vmrun::core {
class Session;
}

namespace vmrun::cli {

struct Verb;

struct GuestCredentials {
  std::string user;
  std::string password;
};

// What a verb handler gets: its parameters, the output streams and lazy access to the host.
// The session is created on first use (connect + login) and logs out when the run ends.
struct Invocation {
  const Verb& verb;
  const std::vector<std::string>& params; // the tokens after the verb, verbatim
  std::ostream& out;
  std::ostream& err;
  OutputFormat format;
  Progress progress; // --no-progress: off
  std::chrono::seconds timeout;
  std::function<core::Session&()> session;
  std::function<GuestCredentials()> guest_credentials;
};

// A verb's implementation; returns the exit status.
using Handler = int (*)(Invocation& invocation);

} // namespace vmrun::cli
