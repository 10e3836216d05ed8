// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/verbs.h"
#include "core/errors/error.h"

#include <string>

namespace vmrun::cli {

// "vmrun version X.Y.Z build-N", X >= 2: scripts parse it and refuse a lower major
// (docs/behaviour.md#help).
std::string version_line();

// The full help, generated from the flag and verb tables in vmrun 1.15.2's layout
// (tests/data/vmrun-1.15.2-help.txt is that help verbatim; docs/behaviour.md#help).
std::string help_text();

// The help's block for one group: header, underline and each verb's rows.
std::string group_block(HelpGroup group);

// "Usage: vmrun <verb> <parameters>" for `verb` (docs/behaviour.md#usage-errors).
std::string usage_line(const Verb& verb);

// A typical call of the verb, fully spelled (host type, host and user as flags).
std::string example_command(const Verb& verb);

// What `vmrun help VERB` prints: the usage line, the description, the notes (filled to 79
// columns) and an example call.
std::string verb_help(const Verb& verb);

// The invalid-parameters error with the verb's usage line as its hint
// (docs/behaviour.md#usage-errors).
core::Error usage_error(const Verb& verb);

} // namespace vmrun::cli
