// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/clone/clone.h"

#include <optional>
#include <string>
#include <vector>

namespace vmrun::cli {

// `clone SRC DST full|linked [-snapshot=NAME | -snapshot NAME] [-cloneName=NAME]`
// (decisions.md 21): the tokens after the verb. Keyword and option names match
// case-insensitively; each option at most once; values non-empty. nullopt: a usage error.
std::optional<core::CloneRequest> parse_clone_args(const std::vector<std::string>& params);

} // namespace vmrun::cli
