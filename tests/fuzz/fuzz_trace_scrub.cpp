// SPDX-License-Identifier: Apache-2.0

// The --debug trace scrubber (transport/trace.h scrub_secrets) on arbitrary SOAP and HTTP text:
// it scans what the server sent, so it must end, and a session cookie value must never survive.
#include "fuzz_support.h"
#include "transport/trace.h"

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string scrubbed = transport::scrub_secrets(fuzz::as_text(data, size));
  constexpr std::string_view k_cookie = "vmware_soap_session=";
  for (auto at = scrubbed.find(k_cookie); at != std::string::npos;
       at = scrubbed.find(k_cookie, at + 1)) {
    fuzz::require(std::string_view(scrubbed).substr(at + k_cookie.size()).starts_with("***"),
                  "every vmware_soap_session= value is masked");
  }
  return 0;
}
