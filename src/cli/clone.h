// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/clone/clone.h"

#include <optional>
#include <string>
#include <vector>

namespace vmrun::cli {

// `clone SRC DST full|linked [-snapshot=NAME] [-cloneName=NAME] [-pool=PATH] [-host=NAME]
// [-folder=PATH] [-customize=SPEC]` (docs/behaviour.md#clone): the tokens after the
// verb. Each option also as two tokens ("-snapshot NAME"); keyword and option names match
// case-insensitively; each option at most once; values non-empty. nullopt: a usage error.
std::optional<core::CloneRequest> parse_clone_args(const std::vector<std::string>& params);

} // namespace vmrun::cli
