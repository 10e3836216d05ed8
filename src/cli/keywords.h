// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/invocation.h"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace vmrun::cli {

// The index of `token` among `words`, ignoring case (docs/behaviour.md#command-line); nullopt if
// none.
std::optional<std::size_t> find_keyword(std::string_view token,
                                        std::initializer_list<std::string_view> words);

// The index of parameter `index` among `words`; throws the verb's usage error when it is none
// of them (an unknown keyword is a usage error: docs/behaviour.md#usage-errors).
std::size_t require_keyword(const Invocation& invocation, std::size_t index,
                            std::initializer_list<std::string_view> words);

} // namespace vmrun::cli
