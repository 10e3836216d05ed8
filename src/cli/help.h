// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/verbs.h"
#include "core/errors/error.h"

#include <string>

namespace vmrun::cli {

// "vmrun version X.Y.Z build-N" (decisions.md 7).
std::string version_line();

// The full help, generated from the flag and verb tables in vmrun 1.15.2's layout
// (vmrun-interface.md Appendix A).
std::string help_text();

// The help's block for one group: header, underline and each verb's rows.
std::string group_block(HelpGroup group);

// "Usage: vmrun <verb> <parameters>" for `verb` (docs/behaviour.md).
std::string usage_line(const Verb& verb);

// A typical call of the verb, fully spelled (host type, host and user as flags).
std::string example_command(const Verb& verb);

// What `vmrun help VERB` prints: the usage line, the description, the notes (filled to 79
// columns) and an example call.
std::string verb_help(const Verb& verb);

// The invalid-parameters error with the verb's usage line as its hint (decisions.md 4).
core::Error usage_error(const Verb& verb);

} // namespace vmrun::cli
