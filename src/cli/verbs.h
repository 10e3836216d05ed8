// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/invocation.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::cli {

// The help section a verb is listed under (Appendix A), in help order.
// vmrun 1.15.2's four groups, then the verbs it did not have.
enum class HelpGroup { power, snapshot, guest_os, general, session };

// Whether the verb's first parameter is a vmx path.
enum class NeedsVm { no, yes };
// Whether the verb talks to the host (some only validate and refuse:
// docs/behaviour.md#unsupported).
enum class NeedsHost { no, yes };
// Whether the verb logs in to the guest: never, always, or depending on a keyword
// (readVariable/writeVariable guestEnv).
enum class NeedsGuest { no, yes, by_keyword };

// Unbounded maximum parameter count (runProgramInGuest's program arguments).
inline constexpr int k_unbounded = -1;

// One row per vmrun verb: the single source for dispatch, help, usage lines, man page and
// completions.
struct Verb {
  std::string_view name; // canonical spelling, as in vmrun's help
  HelpGroup group;
  std::string_view params;      // parameter lines as in the help, '\n'-separated; "" for none
  std::string_view description; // the help's one-line description
  int min_params;               // tokens after the verb, options included
  int max_params;               // or k_unbounded
  NeedsVm needs_vm;
  NeedsHost needs_host;
  NeedsGuest needs_guest;
  Handler handler;          // nullptr: not implemented yet (the not-supported error)
  std::string_view example; // the verb and its arguments in a typical call, for
                            // `vmrun help VERB` and the man page: "stop \"[ds] a/a.vmx\" soft"
  std::string_view notes;   // what the verb does on vSphere, in sentences (help VERB, man page)
  std::string_view more_options{}; // options beyond vmrun's help, ' '-separated: "-captureOutput"
};

// All verbs, in help order.
std::span<const Verb> verb_table();

// The verb named `name`, matched case-insensitively; nullptr when unknown.
const Verb* find_verb(std::string_view name);

// Whether `count` tokens after the verb are within the verb's range.
bool accepts_param_count(const Verb& verb, std::size_t count);

// The verb's parameter lines.
std::vector<std::string_view> param_lines(const Verb& verb);

// The groups in help order.
std::span<const HelpGroup> help_groups();

// The section title of `group`: "POWER COMMANDS", ...
std::string_view group_title(HelpGroup group);

} // namespace vmrun::cli
