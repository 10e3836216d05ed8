// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/flags.h"
#include "cli/verbs.h"

#include <string>
#include <string_view>
#include <vector>

namespace vmrun::docgen {

// Generated documentation: the man page's header, OPTIONS, ENVIRONMENT and COMMANDS sections
// and the completion scripts' word lists, all from the verb and flag tables of src/cli. The
// committed files keep each generated part between "BEGIN GENERATED <name>" / "END GENERATED
// <name>" marker lines; vmrun-docgen (main.cpp) checks them (a ctest) or rewrites them (the
// update-docs target). Only vmrun-docgen and its tests link this; the vmrun binary does not.

// What a parameter position takes, for completion.
enum class SlotKind {
  vmx,       // the datastore path of the VM: nothing to complete locally
  text,      // free text (a guest path, a snapshot name): nothing to complete
  host_file, // a path on the local machine: file names
  keywords,  // one of `words` (any case)
  options,   // any number of the options in `words`; "-x=" options take their value after '='
};

struct Slot {
  SlotKind kind;
  std::vector<std::string> words;
};

// The verb's parameter positions, derived from its help parameter lines (plus more_options).
std::vector<Slot> completion_slots(const cli::Verb& verb);

// The slots as the completion scripts spell them: "vmx kw:hard,soft", "vmx opt:-noWait,...".
std::string slot_spec(const cli::Verb& verb);

// A typical call of the verb with the connection taken from the environment (man page);
// `vmrun help VERB` spells it out (cli::example_command).
std::string short_example_command(const cli::Verb& verb);

// Generated parts of the man page (roff).
std::string man_header();
std::string man_options();
std::string man_environment();
std::string man_commands();

// Generated word lists of the completion scripts.
std::string bash_data();
std::string zsh_data();
std::string fish_data();

// One generated part of a committed file.
struct GeneratedRegion {
  std::string_view file; // relative to the source tree: "man/vmrun.1"
  std::string_view name; // the marker name: "commands"
  std::string content;   // the lines between the markers, each ending in '\n'
};

// Every generated region, for the check and update commands.
std::vector<GeneratedRegion> generated_regions();

// `text` with the lines between its "BEGIN GENERATED <name>" and "END GENERATED <name>" marker
// lines replaced by `content`. Throws std::runtime_error when a marker is missing.
std::string splice_region(std::string_view text, std::string_view name, std::string_view content);

} // namespace vmrun::docgen
