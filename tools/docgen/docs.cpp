// SPDX-License-Identifier: Apache-2.0

#include "docgen/docs.h"

#include "cli/flags.h"
#include "cli/verbs.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#ifndef VMRUN_VERSION
#define VMRUN_VERSION "0.0.0"
#endif

namespace vmrun::docgen {

using cli::find_global_flag;
using cli::FlagValue;
using cli::global_flags;
using cli::GlobalFlag;
using cli::group_title;
using cli::help_groups;
using cli::param_lines;
using cli::Verb;
using cli::verb_table;

namespace {

constexpr std::string_view k_vmx_line = "Path to vmx file";

std::vector<std::string> split_on(std::string_view text, char separator)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    auto part = text.substr(start, end == std::string_view::npos ? end : end - start);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    while (!part.empty() && part.back() == ' ') {
      part.remove_suffix(1);
    }
    parts.emplace_back(part);
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& words, std::string_view separator)
{
  std::string text;
  for (const auto& word : words) {
    text += (text.empty() ? "" : std::string(separator)) + word;
  }
  return text;
}

// The option as the completion offers it: "-noWait", "-snapshot=" for "-snapshot=Snapshot Name".
std::string option_word(std::string_view inner)
{
  const auto equals = inner.find('=');
  return std::string(equals == std::string_view::npos ? inner : inner.substr(0, equals + 1));
}

void add_options(std::vector<Slot>& slots, const std::vector<std::string>& words)
{
  if (slots.empty() || slots.back().kind != SlotKind::options) {
    slots.push_back({SlotKind::options, {}});
  }
  for (const auto& word : words) {
    slots.back().words.push_back(word);
  }
}

// ---- roff -------------------------------------------------------------------------------

// Escapes text for roff: backslashes; hyphens that start a word (options) or every hyphen
// when `code`; a leading '.' or '\''.
std::string roff(std::string_view text, bool code = false)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && (code || i == 0 || text[i - 1] == ' ' || text[i - 1] == '-' ||
                            text[i - 1] == '(' || text[i - 1] == '[')) {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
    out.insert(0, "\\&");
  }
  return out;
}

// Prose for roff: escaped, one sentence per line (roff then spaces sentences itself).
std::string roff_sentences(std::string_view text)
{
  std::string escaped = roff(text);
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    const bool sentence_end = escaped[i] == '.' && i + 2 < escaped.size() &&
                              escaped[i + 1] == ' ' &&
                              std::isalpha(static_cast<unsigned char>(escaped[i + 2]));
    out += escaped[i];
    if (sentence_end) {
      out += '\n';
      ++i; // the space
    }
  }
  return out;
}

// A command line for the man page: code escapes, and unbreakable spaces inside quotes.
std::string roff_command(std::string_view command)
{
  std::string out;
  bool quoted = false;
  for (const char c : roff(command, true)) {
    if (c == '"') {
      quoted = !quoted;
    }
    out += (c == ' ' && quoted) ? std::string("\\ ") : std::string(1, c);
  }
  return out;
}

// One parameter line in the man page's command synopsis.
std::string roff_param(std::string_view line)
{
  const bool optional = line.starts_with('[') && line.ends_with(']');
  const std::string_view inner = optional ? line.substr(1, line.size() - 2) : line;
  std::string body;
  if (inner.starts_with('-')) {
    const auto equals = inner.find('=');
    body = equals == std::string_view::npos
             ? fmt::format("\\fB{}\\fR", roff(inner, true))
             : fmt::format("\\fB{}\\fR\\fI{}\\fR", roff(inner.substr(0, equals + 1), true),
                           roff(inner.substr(equals + 1)));
  } else if (optional || inner.find('|') != std::string_view::npos) {
    const auto words = split_on(inner, '|');
    const bool keywords = std::all_of(words.begin(), words.end(), [](const std::string& word) {
      return !word.empty() && word.find(' ') == std::string::npos;
    });
    if (keywords) {
      std::vector<std::string> bold;
      for (const auto& word : words) {
        bold.push_back(fmt::format("\\fB{}\\fR", roff(word)));
      }
      body = join(bold, "|");
    } else {
      body = fmt::format("\\fI{}\\fR", roff(inner));
    }
  } else {
    body = fmt::format("<\\fI{}\\fR>", roff(inner));
  }
  std::string unbreakable;
  for (const char c : body) {
    unbreakable += c == ' ' ? std::string("\\ ") : std::string(1, c);
  }
  return optional ? "[" + unbreakable + "]" : unbreakable;
}

std::string value_name(const GlobalFlag& flag)
{
  std::string_view name = flag.value_name;
  if (name.starts_with('<') && name.ends_with('>')) {
    name = name.substr(1, name.size() - 2);
  }
  return std::string(name);
}

// ---- completion data --------------------------------------------------------------------

std::vector<std::string> verb_names()
{
  std::vector<std::string> names;
  for (const auto& verb : verb_table()) {
    names.emplace_back(verb.name);
  }
  return names;
}

// Flag spellings grouped as the completion scripts need them.
struct FlagWords {
  std::vector<std::string> with_value; // legacy flags that take the next token: -h -P ...
  std::vector<std::string> long_value; // long options written --name=VALUE
  std::vector<std::string> switches;   // long options without a value
};

FlagWords flag_words()
{
  FlagWords words;
  for (const auto& flag : global_flags()) {
    const std::string spelling(flag.spelling);
    if (spelling == "-?") {
      continue; // a glob character in every shell; --help says the same
    }
    if (flag.value == FlagValue::none) {
      words.switches.push_back(spelling);
    } else if (spelling.starts_with("--")) {
      words.long_value.push_back(spelling + "=");
    } else {
      words.with_value.push_back(spelling);
    }
  }
  return words;
}

std::vector<std::string> values_of(std::string_view spelling)
{
  std::vector<std::string> values;
  if (const auto* flag = find_global_flag(spelling)) {
    for (const auto value : flag->values) {
      values.emplace_back(value);
    }
  }
  return values;
}

constexpr std::string_view k_generated_note =
  "generated from src/cli/verbs.cpp and src/cli/flags.cpp by vmrun-docgen; "
  "to change, edit those and build the update-docs target";

} // namespace

std::vector<Slot> completion_slots(const Verb& verb)
{
  std::vector<Slot> slots;
  for (const auto line : param_lines(verb)) {
    const bool bracketed = line.starts_with('[') && line.ends_with(']');
    const std::string_view inner = bracketed ? line.substr(1, line.size() - 2) : line;
    if (line == k_vmx_line) {
      slots.push_back({SlotKind::vmx, {}});
    } else if (inner.starts_with('-')) {
      add_options(slots, {option_word(inner)});
    } else if (bracketed || inner.find('|') != std::string_view::npos) {
      auto words = split_on(inner, '|');
      const bool keywords = std::all_of(words.begin(), words.end(), [](const std::string& w) {
        return !w.empty() && w.find(' ') == std::string::npos;
      });
      slots.push_back(keywords ? Slot{SlotKind::keywords, std::move(words)}
                               : Slot{SlotKind::text, {}});
    } else {
      const std::string lower = util::to_lower(inner);
      const bool host_path = lower.find("host path") != std::string::npos ||
                             lower.find("path on host") != std::string::npos;
      slots.push_back({host_path ? SlotKind::host_file : SlotKind::text, {}});
    }
  }
  if (!verb.more_options.empty()) {
    const auto more = split_on(verb.more_options, ' ');
    auto first = std::find_if(slots.begin(), slots.end(),
                              [](const Slot& slot) { return slot.kind == SlotKind::options; });
    if (first == slots.end()) {
      first = slots.insert(slots.begin() + (slots.empty() ? 0 : 1), {SlotKind::options, {}});
    }
    first->words.insert(first->words.end(), more.begin(), more.end());
  }
  return slots;
}

std::string slot_spec(const Verb& verb)
{
  std::vector<std::string> specs;
  for (const auto& slot : completion_slots(verb)) {
    switch (slot.kind) {
    case SlotKind::vmx: specs.emplace_back("vmx"); break;
    case SlotKind::text: specs.emplace_back("text"); break;
    case SlotKind::host_file: specs.emplace_back("file"); break;
    case SlotKind::keywords: specs.push_back("kw:" + join(slot.words, ",")); break;
    case SlotKind::options: specs.push_back("opt:" + join(slot.words, ",")); break;
    }
  }
  return join(specs, " ");
}

std::string short_example_command(const Verb& verb)
{
  return fmt::format("vmrun {}", verb.example);
}

// ---- man page ---------------------------------------------------------------------------

std::string man_header()
{
  // No hyphenation and ragged right: option names and variables stay whole at 80 columns.
  // (HY is what the man macros restore hyphenation to after an example.)
  return fmt::format(".TH VMRUN 1 \"\" \"vmrun {}\" \"User Commands\"\n.nr HY 0\n.nh\n.ad l\n",
                     VMRUN_VERSION);
}

std::string man_options()
{
  std::string text;
  for (const auto& flag : global_flags()) {
    text += ".TP\n";
    if (flag.value == FlagValue::none) {
      text += fmt::format("\\fB{}\\fR\n", roff(flag.spelling, true));
    } else if (flag.spelling.starts_with("--")) {
      text += fmt::format("\\fB{}\\fR=\\fI{}\\fR\n", roff(flag.spelling, true),
                          roff(value_name(flag)));
    } else {
      std::string value;
      for (const char c : roff(value_name(flag))) {
        value += c == ' ' ? std::string("\\ ") : std::string(1, c);
      }
      text += fmt::format("\\fB{}\\fR \\fI{}\\fR\n", roff(flag.spelling, true), value);
    }
    text += roff_sentences(flag.manual) + "\n";
    if (!flag.env.empty()) {
      text += fmt::format("Also \\fB{}\\fR.\n", flag.env);
    }
  }
  return text;
}

std::string man_environment()
{
  std::string text;
  for (const auto& flag : global_flags()) {
    if (!flag.env.empty()) {
      text += fmt::format(".TP\n.B {}\nUsed when \\fB{}\\fR is not given.\n", flag.env,
                          roff(flag.spelling, true));
    }
  }
  return text;
}

std::string man_commands()
{
  std::string text;
  for (const auto group : help_groups()) {
    text += fmt::format(".SS \"{}\"\n", group_title(group));
    for (const auto& verb : verb_table()) {
      if (verb.group != group) {
        continue;
      }
      // The help's parameter lines, with more_options after the help's own options.
      std::vector<std::string> params;
      std::size_t after_options = 0;
      for (const auto line : param_lines(verb)) {
        params.push_back(roff_param(line));
        after_options = line.starts_with("[-") ? params.size() : after_options;
      }
      std::vector<std::string> more;
      for (const auto& option : split_on(verb.more_options, ' ')) {
        if (!option.empty()) {
          more.push_back(fmt::format("[\\fB{}\\fR]", roff(option, true)));
        }
      }
      params.insert(params.begin() + static_cast<std::ptrdiff_t>(after_options), more.begin(),
                    more.end());
      std::string synopsis = fmt::format("\\fB{}\\fR", verb.name);
      for (const auto& param : params) {
        synopsis += " " + param;
      }
      text += fmt::format(".TP\n{}\n{}.\n{}\n.IP\n\\fB{}\\fR\n", synopsis, roff(verb.description),
                          roff_sentences(verb.notes), roff_command(short_example_command(verb)));
    }
  }
  return text;
}

// ---- completion data --------------------------------------------------------------------

std::string bash_data()
{
  const auto flags = flag_words();
  std::string text = fmt::format("# {}\n", k_generated_note);
  text += fmt::format("_vmrun_verbs='{}'\n", join(verb_names(), " "));
  text += fmt::format("_vmrun_value_flags='{}'\n", join(flags.with_value, " "));
  text += fmt::format("_vmrun_long_value_options='{}'\n", join(flags.long_value, " "));
  text += fmt::format("_vmrun_switches='{}'\n", join(flags.switches, " "));
  text += fmt::format("_vmrun_host_types='{}'\n", join(values_of("-T"), " "));
  text += fmt::format("_vmrun_tls_modes='{}'\n", join(values_of("--tls"), " "));
  text += "# The parameter positions of a verb (lower-cased): vmx, text, file (a local path),\n"
          "# kw:WORD,... (one keyword), opt:-OPTION,... (any number of these options).\n"
          "_vmrun_slots()\n{\n  case \"${1,,}\" in\n";
  for (const auto& verb : verb_table()) {
    text += fmt::format("    {}) echo '{}' ;;\n", util::to_lower(verb.name), slot_spec(verb));
  }
  text += "  esac\n}\n";
  return text;
}

std::string zsh_data()
{
  const auto flags = flag_words();
  std::string text = fmt::format("# {}\n", k_generated_note);
  text += "_vmrun_verbs=(\n";
  for (const auto& verb : verb_table()) {
    text += fmt::format("  '{}:{}'\n", verb.name, verb.description);
  }
  text += ")\n";
  text += fmt::format("_vmrun_value_flags=({})\n", join(flags.with_value, " "));
  text += fmt::format("_vmrun_long_value_options=({})\n", join(flags.long_value, " "));
  text += fmt::format("_vmrun_switches=({})\n", join(flags.switches, " "));
  text += fmt::format("_vmrun_host_types=({})\n", join(values_of("-T"), " "));
  text += fmt::format("_vmrun_tls_modes=({})\n", join(values_of("--tls"), " "));
  text += "# The parameter positions of each verb (keys lower-cased); see _vmrun_slots in "
          "vmrun.bash.\n"
          "typeset -gA _vmrun_slot_specs\n_vmrun_slot_specs=(\n";
  for (const auto& verb : verb_table()) {
    text += fmt::format("  {} '{}'\n", util::to_lower(verb.name), slot_spec(verb));
  }
  text += ")\n";
  return text;
}

std::string fish_data()
{
  const auto flags = flag_words();
  std::string text = fmt::format("# {}\n", k_generated_note);
  text += "set -g __vmrun_verbs \\\n";
  const auto table = verb_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    text += fmt::format("    '{}'\\t'{}'{}\n", table[i].name, table[i].description,
                        i + 1 < table.size() ? " \\" : "");
  }
  text += fmt::format("set -g __vmrun_value_flags {}\n", join(flags.with_value, " "));
  text += fmt::format("set -g __vmrun_long_value_options {}\n", join(flags.long_value, " "));
  text += fmt::format("set -g __vmrun_switches {}\n", join(flags.switches, " "));
  text += fmt::format("set -g __vmrun_host_types {}\n", join(values_of("-T"), " "));
  text += fmt::format("set -g __vmrun_tls_modes {}\n", join(values_of("--tls"), " "));
  text += "# The parameter positions of a verb; see _vmrun_slots in vmrun.bash.\n"
          "function __vmrun_slots\n    switch (string lower -- $argv[1])\n";
  for (const auto& verb : verb_table()) {
    text += fmt::format("        case {}\n            echo '{}'\n", util::to_lower(verb.name),
                        slot_spec(verb));
  }
  text += "    end\nend\n";
  return text;
}

std::vector<GeneratedRegion> generated_regions()
{
  return {
    {"man/vmrun.1", "header", man_header()},
    {"man/vmrun.1", "options", man_options()},
    {"man/vmrun.1", "commands", man_commands()},
    {"man/vmrun.1", "environment", man_environment()},
    {"completions/vmrun.bash", "data", bash_data()},
    {"completions/_vmrun", "data", zsh_data()},
    {"completions/vmrun.fish", "data", fish_data()},
  };
}

std::string splice_region(std::string_view text, std::string_view name, std::string_view content)
{
  // A marker is a whole line containing "BEGIN GENERATED <name>" followed by a space or the end.
  const auto find_marker = [&](std::string_view kind, std::size_t from) {
    const std::string marker = fmt::format("{} GENERATED {}", kind, name);
    for (auto at = text.find(marker, from); at != std::string_view::npos;
         at = text.find(marker, at + 1)) {
      const auto after = at + marker.size();
      if (after == text.size() || text[after] == ' ' || text[after] == '\n') {
        return at;
      }
    }
    throw std::runtime_error(fmt::format("no \"{}\" marker line", marker));
  };
  const auto begin = find_marker("BEGIN", 0);
  const auto begin_end = text.find('\n', begin);
  const auto end = find_marker("END", begin);
  const auto end_line = text.rfind('\n', end);
  if (begin_end == std::string_view::npos || end_line == std::string_view::npos ||
      end_line < begin_end) {
    throw std::runtime_error(fmt::format("malformed GENERATED {} markers", name));
  }
  return std::string(text.substr(0, begin_end + 1)) + std::string(content) +
         std::string(text.substr(end_line + 1));
}

} // namespace vmrun::docgen
