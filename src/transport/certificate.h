// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/thumbprint.h"

#include <optional>
#include <string_view>

namespace vmrun::transport {

// The thumbprints of the first certificate in PEM text (what a server reports as a host's
// certificate); nullopt when the text holds none that parses.
std::optional<CertThumbprints> pem_thumbprints(std::string_view pem);

} // namespace vmrun::transport
