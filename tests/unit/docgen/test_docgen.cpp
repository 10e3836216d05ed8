// SPDX-License-Identifier: Apache-2.0

// The generated documentation (man page and completions): completion slots, examples, man
// page parts, splicing.
#include "docgen/docs.h"

#include "cli/flags.h"
#include "cli/text.h"
#include "cli/verbs.h"
#include "util/text.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace vmrun::cli;
using namespace vmrun::docgen;

namespace {

// Splits a shell-like command line: double quotes group words.
std::vector<std::string> shell_words(std::string_view line)
{
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool any = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) {
        words.push_back(word);
      }
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) {
    words.push_back(word);
  }
  return words;
}

std::string spec_of(std::string_view verb)
{
  return slot_spec(*find_verb(verb));
}

} // namespace

TEST_CASE("completion slots follow the help's parameter lines")
{
  CHECK(spec_of("start") == "vmx kw:gui,nogui");
  CHECK(spec_of("stop") == "vmx kw:hard,soft");
  CHECK(spec_of("listSnapshots") == "vmx kw:showTree");
  CHECK(spec_of("deleteSnapshot") == "vmx text kw:andDeleteChildren");
  CHECK(spec_of("runProgramInGuest") ==
        "vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text");
  CHECK(spec_of("runScriptInGuest") ==
        "vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text");
  CHECK(spec_of("setSharedFolderState") == "vmx text file kw:writable,readonly");
  CHECK(spec_of("enableSharedFolders") == "vmx kw:runtime");
  CHECK(spec_of("CopyFileFromHostToGuest") == "vmx file text");
  CHECK(spec_of("CopyFileFromGuestToHost") == "vmx text file");
  CHECK(spec_of("captureScreen") == "vmx file");
  CHECK(spec_of("readVariable") == "vmx kw:runtimeConfig,guestEnv,guestVar text");
  CHECK(spec_of("getGuestIPAddress") == "vmx opt:-wait");
  CHECK(spec_of("clone") ==
        "vmx text kw:full,linked opt:-snapshot=,-cloneName=,-pool=,-host=,-folder=,-customize=");
  CHECK(spec_of("list").empty());
}

TEST_CASE("every verb has notes and an example that the verb's grammar accepts")
{
  for (const auto& verb : verb_table()) {
    CAPTURE(verb.name);
    CHECK_FALSE(verb.notes.empty());
    CHECK(verb.notes.ends_with('.'));
    const auto words = shell_words(verb.example);
    REQUIRE_FALSE(words.empty());
    CHECK(words.front() == verb.name);
    CHECK(accepts_param_count(verb, words.size() - 1));
    if (verb.needs_vm == NeedsVm::yes) {
      REQUIRE(words.size() > 1);
      CHECK(words[1].starts_with('['));
    }
    // The example's keywords and options are ones the completion offers.
    const auto slots = completion_slots(verb);
    for (std::size_t i = 1, slot = 0; i < words.size() && slot < slots.size(); ++i) {
      if (slots[slot].kind == SlotKind::options && words[i].starts_with('-')) {
        bool known = false;
        for (const auto& option : slots[slot].words) {
          known = known || words[i] == option ||
                  (option.ends_with('=') && words[i].starts_with(option));
        }
        CHECK_MESSAGE(known, words[i]);
        continue;
      }
      if (slots[slot].kind == SlotKind::options) {
        ++slot;
      }
      if (slot < slots.size() && slots[slot].kind == SlotKind::keywords) {
        bool known = false;
        for (const auto& keyword : slots[slot].words) {
          known = known || vmrun::util::iequals(keyword, words[i]);
        }
        CHECK_MESSAGE(known, words[i]);
      }
      ++slot;
    }
  }
}

TEST_CASE("short_example_command takes the connection from the environment")
{
  CHECK(short_example_command(*find_verb("list")) == "vmrun list");
}

TEST_CASE("man page parts cover every verb, flag and variable")
{
  const std::string commands = man_commands();
  const std::string options = man_options();
  const std::string environment = man_environment();
  for (const auto& verb : verb_table()) {
    CAPTURE(verb.name);
    CHECK(commands.find("\n\\fB" + std::string(verb.name) + "\\fR") != std::string::npos);
  }
  for (const auto& flag : global_flags()) {
    CAPTURE(flag.spelling);
    std::string escaped;
    for (const char c : flag.spelling) {
      escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    }
    CHECK(options.find("\\fB" + escaped + "\\fR") != std::string::npos);
    if (!flag.env.empty()) {
      CHECK(environment.find(".B " + std::string(flag.env) + "\n") != std::string::npos);
    }
  }
  CHECK(man_header().starts_with(".TH VMRUN 1 "));
  // No generated line may start with a roff control character by accident.
  for (const auto& part : {commands, options, environment}) {
    for (const auto line : split_lines(part)) {
      if (line.starts_with('.') || line.starts_with('\'')) {
        CHECK_MESSAGE((line.starts_with(".TP") || line.starts_with(".IP") ||
                       line.starts_with(".SS ") || line.starts_with(".B ")),
                      line);
      }
    }
  }
}

TEST_CASE("completion word lists cover every verb")
{
  const std::string bash = bash_data();
  const std::string zsh = zsh_data();
  const std::string fish = fish_data();
  for (const auto& verb : verb_table()) {
    CAPTURE(verb.name);
    const std::string lower = vmrun::util::to_lower(verb.name);
    const auto verbs_line = bash.substr(bash.find("_vmrun_verbs='"));
    const auto words = " " + verbs_line.substr(14, verbs_line.find('\'', 14) - 14) + " ";
    CHECK(words.find(" " + std::string(verb.name) + " ") != std::string::npos);
    CHECK(bash.find("    " + lower + ") echo '" + slot_spec(verb) + "' ;;\n") != std::string::npos);
    CHECK(zsh.find("  '" + std::string(verb.name) + ":" + std::string(verb.description) + "'\n") !=
          std::string::npos);
    CHECK(zsh.find("  " + lower + " '" + slot_spec(verb) + "'\n") != std::string::npos);
    CHECK(fish.find("    '" + std::string(verb.name) + "'\\t'") != std::string::npos);
    CHECK(fish.find("        case " + lower + "\n") != std::string::npos);
  }
  CHECK(bash.find("_vmrun_host_types='esx vc server ws-shared'\n") != std::string::npos);
  CHECK(bash.find("_vmrun_tls_modes='tofu strict insecure'\n") != std::string::npos);
  CHECK(bash.find("-?") == std::string::npos); // a glob character; --help says the same
}

TEST_CASE("splice_region replaces what lies between the markers")
{
  const std::string text =
    "head\n# BEGIN GENERATED data x\nold\nlines\n# END GENERATED data\ntail\n";
  CHECK(splice_region(text, "data", "new\n") ==
        "head\n# BEGIN GENERATED data x\nnew\n# END GENERATED data\ntail\n");
  CHECK(splice_region(splice_region(text, "data", ""), "data", "a\nb\n") ==
        "head\n# BEGIN GENERATED data x\na\nb\n# END GENERATED data\ntail\n");
  // "data" is not "database".
  CHECK_THROWS_AS(splice_region("# BEGIN GENERATED database\n# END GENERATED database\n", "data",
                                ""),
                  std::runtime_error);
  CHECK_THROWS_AS(splice_region("# BEGIN GENERATED data\n", "data", ""), std::runtime_error);
}

TEST_CASE("generated_regions name each committed file's parts once")
{
  const auto regions = generated_regions();
  CHECK(regions.size() == 7);
  for (const auto& region : regions) {
    CAPTURE(region.file);
    CHECK_FALSE(region.content.empty());
    CHECK(region.content.ends_with('\n'));
  }
}
