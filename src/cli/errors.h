// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/errors/error.h"

#include <string>
#include <string_view>

namespace vmrun::cli {

// The errors the CLI raises itself; all are core::Error so run() prints them in one place.

// "One of the parameters was invalid" with `hint` on stderr (docs/behaviour.md#usage-errors).
core::Error invalid_parameters(std::string hint);
// "The operation is not supported for the specified parameters" (docs/behaviour.md#unsupported).
core::Error not_supported();
// "The specified service provider was not found" with `hint` (docs/behaviour.md#host-type).
core::Error provider_not_found(std::string hint);
// "Unrecognized command: <token>" (docs/behaviour.md#usage-errors).
core::Error unrecognized_command(std::string_view token);
// "A host name is required for this operation" (docs/behaviour.md#credentials).
core::Error host_required();
// "A user name is required for this operation" (docs/behaviour.md#credentials).
core::Error user_required(std::string hint);
// "A password is required for this operation" (docs/behaviour.md#credentials).
core::Error password_required(std::string hint);

} // namespace vmrun::cli
