// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <span>
#include <string_view>

namespace vmrun::cli {

// Whether a global flag consumes a value.
enum class FlagValue { none, required };

// Where a flag is listed in the help: vmrun's AUTHENTICATION-FLAGS, or our long OPTIONS.
enum class FlagSection { authentication, options };

// One global flag accepted before the verb: vmrun's own (-T -h -P -u -p -vp -gu -gp) and this
// vmrun's long options (docs/behaviour.md#command-line).
// The table drives argv normalisation, the help text, the man page and the completions: all
// that is said about a flag is in its row.
struct GlobalFlag {
  std::string_view spelling; // as the user types it: "-gu", "--timeout", "-?"
  std::string_view key;      // the internal long name CLI11 parses: "guest-user"
  FlagValue value;           // legacy flags take the next token unconditionally
  FlagSection section;
  std::string_view value_name; // "<userName in guest OS>", "<seconds>"; "" for switches
  std::string_view env;        // the environment fallback ("VMRUN_GUEST_USER") or ""
  std::string_view help;       // help text; '\n' starts a continuation line
  std::string_view manual;     // the man page's description, in sentences
  std::span<const std::string_view> values{}; // the fixed set of values it takes (-T, --tls),
                                              // for the completions; empty: any value
};

// The -T values that mean the vSphere API (docs/behaviour.md#host-type), in help order.
std::span<const std::string_view> vsphere_host_types();

// All global flags, in help order.
std::span<const GlobalFlag> global_flags();

// The flag spelled exactly `spelling` (flags are case-sensitive: -p and -P differ), or nullptr.
const GlobalFlag* find_global_flag(std::string_view spelling);

} // namespace vmrun::cli
