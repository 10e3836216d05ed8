// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <string>
#include <string_view>

namespace vmrun::transport {

// Replaces secrets in a --debug trace with ***: <password> contents, Cookie:/Set-Cookie:
// header values, vmware_soap_session=..., the UserSession <key> (LoginResponse, currentSession)
// and token=/ticket= values in URLs.
std::string scrub_secrets(std::string_view text);

} // namespace vmrun::transport
