// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstdint>
#include <functional>

namespace vmrun::core {

// Told how far a long operation has come: bytes of a transfer, or a task's percentage with
// `total` 100. Empty when nobody is watching.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

} // namespace vmrun::core
