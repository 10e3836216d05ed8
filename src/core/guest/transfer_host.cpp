// SPDX-License-Identifier: Apache-2.0

#include "core/guest/transfer_host.h"

#include "core/vsphere/properties.h"
#include "transport/certificate.h"
#include "util/text.h"
#include "util/url.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace vmrun::core {

namespace {

// A host certificate is one or two KiB; anything far larger is not one.
constexpr std::size_t k_max_certificate = 64 * 1024;

constexpr const char* k_certificate = "config.certificate";
constexpr const char* k_ssl_thumbprint = "summary.config.sslThumbprint";
constexpr const char* k_net_config = "config.virtualNicManagerInfo.netConfig";

std::string normalised_or_empty(std::string_view thumbprint)
{
  try {
    return transport::normalise_thumbprint(thumbprint);
  } catch (const std::invalid_argument&) {
    return {};
  }
}

// True when `authority` (from a URL: host, optional port, 443 by default) names the server at
// `endpoint`; host names compare ignoring ASCII case.
bool same_server(std::string_view authority, const transport::Endpoint& endpoint)
{
  const util::Authority parts = util::parse_authority(authority);
  if (!parts.error.empty()) {
    return false;
  }
  const std::optional<int> port = parts.port ? util::parse_port(*parts.port) : 443;
  if (!port) {
    return false; // the session's endpoint always has a valid port
  }
  return util::iequals(util::format_authority(parts.host, *port), endpoint.authority());
}

} // namespace

std::string certificate_bytes(const transport::XmlNode& value)
{
  const auto bytes = value.children("byte");
  if (bytes.empty()) {
    std::string text = value ? value.text() : std::string();
    return text.size() <= k_max_certificate ? text : std::string();
  }
  if (bytes.size() > k_max_certificate) {
    return {};
  }
  std::string out;
  out.reserve(bytes.size());
  for (const auto& node : bytes) {
    const std::string text = node.text();
    int number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || number < -128 || number > 127) {
      return {};
    }
    out.push_back(static_cast<char>(number));
  }
  return out;
}

std::string management_address(const transport::XmlNode& net_config)
{
  std::string found;
  int count = 0;
  for (const auto& config : net_config.children("VirtualNicManagerNetConfig")) {
    if (config.child_text("nicType") != "management") {
      continue;
    }
    const auto selected = config.children("selectedVnic");
    for (const auto& vnic : config.children("candidateVnic")) {
      const std::string key = vnic.child_text("key");
      const bool chosen = std::any_of(selected.begin(), selected.end(),
                                      [&](const auto& s) { return s.text() == key; });
      const std::string ip = vnic.child("spec").child("ip").child_text("ipAddress");
      if (chosen && !ip.empty()) {
        found = ip;
        ++count;
      }
    }
  }
  // Only a plain address goes into curl's connect-to entry.
  const bool plain = found.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
  return count == 1 && plain ? found : std::string();
}

transport::TransferPeer transfer_peer_from(const transport::XmlNode& certificate,
                                           const transport::XmlNode& ssl_thumbprint,
                                           const transport::XmlNode& net_config)
{
  transport::TransferPeer peer;
  peer.vouched_by = "vCenter";
  peer.address = management_address(net_config);
  if (const auto pem = transport::pem_thumbprints(certificate_bytes(certificate))) {
    peer.thumbprint = pem->sha256;
  } else if (ssl_thumbprint) {
    peer.thumbprint = normalised_or_empty(ssl_thumbprint.text());
  }
  return peer;
}

transport::TransferPeer guest_transfer_peer(Session& session, const MoRef& host,
                                            std::string_view url)
{
  const util::UrlParts parts = util::split_url(url);
  if (session.service().api_type != "VirtualCenter" || host.empty() || !parts.has_scheme ||
      same_server(parts.authority, session.http().endpoint())) {
    return {};
  }
  const ObjectContent content = retrieve_object(session, host,
                                                {k_certificate, k_ssl_thumbprint, k_net_config});
  return transfer_peer_from(content.prop(k_certificate), content.prop(k_ssl_thumbprint),
                            content.prop(k_net_config));
}

} // namespace vmrun::core
