// SPDX-License-Identifier: Apache-2.0

#pragma once

// Guest file transfers through vCenter: the transfer URL names the ESXi host running the VM as
// vCenter's inventory does (a name this machine often cannot resolve), and that host serves its
// own certificate, not vCenter's. vCenter reports the host's management address and certificate
// over the connection we already verified, so the transfer connects to that address and accepts
// exactly that certificate (as govc does).
#include "core/vsphere/session.h"
#include "transport/http_client.h"
#include "transport/xml.h"

#include <string>

namespace vmrun::core {

// --- Pure helpers (what the host's properties say) ----------------------------------------------

// The bytes of HostConfigInfo.certificate: xsd:byte[], one <byte> element per signed byte as
// the WSDL has it, or the PEM text as the element's own text. "" when absent or
// malformed; at most 64 KiB.
std::string certificate_bytes(const transport::XmlNode& value);

// The IP address of the host's one selected management vnic
// (config.virtualNicManagerInfo.netConfig); "" when there is none or several, so the URL's name
// is used as it is (govmomi's rule: we cannot know which one routes here).
std::string management_address(const transport::XmlNode& net_config);

// How to reach and trust a host from its properties: the SHA-256 of config.certificate, else
// summary.config.sslThumbprint (SHA-1); "" when neither gives a well-formed thumbprint.
transport::TransferPeer transfer_peer_from(const transport::XmlNode& certificate,
                                           const transport::XmlNode& ssl_thumbprint,
                                           const transport::XmlNode& net_config);

// --- On a session -------------------------------------------------------------------------------

// The TransferPeer for a guest transfer URL: empty (the ordinary TLS policy, the URL as it is)
// unless the session is vCenter's and the URL names another server than the one we connected
// to; then `host` (the VM's runtime.host) is read from vCenter in one round trip.
transport::TransferPeer guest_transfer_peer(Session& session, const MoRef& host,
                                            std::string_view url);

} // namespace vmrun::core
