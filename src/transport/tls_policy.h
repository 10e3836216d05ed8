// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "util/text.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vmrun::transport {

// How a server certificate is judged (docs/behaviour.md#tls).
enum class TlsMode {
  tofu,     // CA-trusted, or pinned, or trusted on first use through known_hosts
  strict,   // CA-trusted or pinned only
  insecure, // no check at all
};

// "tofu", "strict" or "insecure" in any case (--tls, VMRUN_TLS); nullopt for another word.
inline std::optional<TlsMode> tls_mode_from_word(std::string_view word)
{
  if (util::iequals(word, "tofu")) {
    return TlsMode::tofu;
  }
  if (util::iequals(word, "strict")) {
    return TlsMode::strict;
  }
  if (util::iequals(word, "insecure")) {
    return TlsMode::insecure;
  }
  return std::nullopt;
}

struct TlsPolicy {
  TlsMode mode = TlsMode::tofu;
  // A pinned thumbprint (SHA-256 or SHA-1 hex, colons optional); empty for none.
  std::string pin;
  // Extra CA bundle (PEM) to trust; empty for the system store only.
  std::string ca_file;
  // The known_hosts file used in tofu mode; when empty, tofu refuses what strict refuses.
  std::string known_hosts_path;
  // Told when a certificate is trusted on first use and recorded: (host:port, SHA-256).
  std::function<void(const std::string&, const std::string&)> on_first_use;
};

} // namespace vmrun::transport
