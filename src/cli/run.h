// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <iosfwd>

namespace vmrun::cli {

// Runs one vmrun command line; returns the process exit status (docs/behaviour.md#exit-status,
// docs/behaviour.md#usage-errors, docs/behaviour.md#help).
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace vmrun::cli
