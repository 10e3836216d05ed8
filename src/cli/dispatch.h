// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/argv.h"

#include <iosfwd>

namespace vmrun::cli {

// Runs the verb of `line`: looks it up, resolves the settings, checks the parameter count,
// then calls its handler with a lazily connected session. Returns the exit status; throws
// core::Error for anything to report.
int dispatch(const CommandLine& line, const GlobalOptions& options, std::ostream& out,
             std::ostream& err);

} // namespace vmrun::cli
