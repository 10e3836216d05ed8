// SPDX-License-Identifier: Apache-2.0

// What vCenter reports about the ESXi host that serves a guest transfer (core/guest/
// transfer_host.h): HostConfigInfo.certificate as bytes, the management vnic's address and the
// thumbprint to accept. Input:
// <host><certificate>..</certificate><ssl>..</ssl><net>..</net></host>. Oracles: the certificate is
// at most 64 KiB; an address is a plain IP literal (it goes into curl's connect-to entry); a
// thumbprint is empty or in the normalised form.
#include "core/guest/transfer_host.h"
#include "fuzz_support.h"
#include "transport/thumbprint.h"

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto doc = fuzz::parse_xml(fuzz::as_text(data, size));
  if (!doc) {
    return 0;
  }
  const transport::XmlNode root = doc->root();
  fuzz::require(core::certificate_bytes(root.child("certificate")).size() <= 64 * 1024,
                "certificate_bytes is bounded");
  const auto peer = core::transfer_peer_from(root.child("certificate"), root.child("ssl"),
                                             root.child("net"));
  fuzz::require(peer.address.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos,
                "management_address is a plain IP literal or empty");
  fuzz::require(peer.thumbprint.empty() ||
                  transport::normalise_thumbprint(peer.thumbprint) == peer.thumbprint,
                "the thumbprint is normalised");
  return 0;
}
