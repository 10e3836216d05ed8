// SPDX-License-Identifier: Apache-2.0

// known_hosts text (transport/known_hosts.h parse_known_hosts), and each entry's thumbprint as
// the TLS check reads it (normalise_thumbprint, which may refuse it with invalid_argument).
#include "fuzz_support.h"
#include "transport/known_hosts.h"
#include "transport/thumbprint.h"

#include <stdexcept>

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  for (const auto& entry : transport::parse_known_hosts(fuzz::as_text(data, size))) {
    fuzz::require(!entry.host_port.empty() && !entry.thumbprint.empty(),
                  "entries have a host and a thumbprint");
    fuzz::require(entry.host_port.find(':') != std::string::npos, "entries have a port");
    fuzz::require(entry.line.find('\n') == std::string::npos, "an entry is one line");
    try {
      (void)transport::normalise_thumbprint(entry.thumbprint);
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}
