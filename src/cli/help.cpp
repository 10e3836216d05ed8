// SPDX-License-Identifier: Apache-2.0

#include "cli/help.h"

#include "cli/errors.h"
#include "cli/flags.h"
#include "cli/text.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#ifndef VMRUN_VERSION
#define VMRUN_VERSION "0.0.0"
#endif
#ifndef VMRUN_BUILD
#define VMRUN_BUILD "0"
#endif

namespace vmrun::cli {

namespace {

constexpr int k_name_width = 25;  // verb column, as in vmrun's help
constexpr int k_param_width = 21; // parameter column
constexpr std::string_view k_section_gap = "\n\n\n";
constexpr std::size_t k_help_width = 79; // `vmrun help VERB` fills its notes to this width

constexpr std::string_view k_example_connection = "vmrun -T esx -h esx.example.com -u root";

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_examples{{
  {"Starting a virtual machine on an ESXi host",
   R"(vmrun -T esx -h myHost.com -u hostUser -p hostPassword start "[storage1] vm/myVM.vmx")"},
  {"Stopping a virtual machine on an ESX host",
   R"(vmrun -T esx -h https://myHost.com/sdk -u hostUser -p hostPassword stop "[storage1] vm/myVM.vmx")"},
  {"Running a program in a virtual machine on vCenter Server with Linux guest",
   R"(vmrun -T vc -h myVC.com -u hostUser -p hostPassword -gu guestUser -gp guestPassword runProgramInGuest "[standard] vm/myVM.vmx" /usr/bin/touch /tmp/ready)"},
  {"Listing the running virtual machines on a vCenter Server, with the password from the environment",
   R"(VMRUN_PASSWORD=hostPassword vmrun -T vc -h myVC.com:8443 -u hostUser list)"},
  {"Creating a snapshot of a virtual machine on an ESXi host",
   R"(vmrun -T esx -h myHost.com -u hostUser -p hostPassword snapshot "[storage1] vm/myVM.vmx" mySnapshot)"},
  {"Reverting to a snapshot on an ESXi host",
   R"(vmrun -T esx -h myHost.com -u hostUser -p hostPassword revertToSnapshot "[storage1] vm/myVM.vmx" mySnapshot)"},
  {"Deleting a snapshot on an ESXi host",
   R"(vmrun -T esx -h myHost.com -u hostUser -p hostPassword deleteSnapshot "[storage1] vm/myVM.vmx" mySnapshot)"},
  {"Pinning the host's certificate instead of trusting it on first use",
   R"(vmrun -T esx -h myHost.com --thumbprint=AB:CD:...:EF -u hostUser list)"},
}};

// A header line and its dashes: "TITLE  PARAMETERS  DESCRIPTION" / "-----  ----------  ---".
std::string table_header(std::string_view title)
{
  const std::string dashes(title.size(), '-');
  return fmt::format("{:<{}}{:<{}}DESCRIPTION\n{:<{}}{:<{}}-----------\n", title, k_name_width,
                     "PARAMETERS", k_param_width, dashes, k_name_width, "----------",
                     k_param_width);
}

std::string verb_rows(const Verb& verb)
{
  const auto lines = param_lines(verb);
  const std::string_view first = lines.empty() ? std::string_view() : lines.front();
  std::string text = fmt::format("{:<{}}{:<{}}{}\n", verb.name, k_name_width, first, k_param_width,
                                 verb.description);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    text += fmt::format("{:<{}}{}\n", "", k_name_width, lines[i]);
  }
  return text;
}

// `text` filled into lines of at most `width` characters (words are never split).
std::string fill(std::string_view text, std::size_t width)
{
  std::string out;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    end = end == std::string_view::npos ? text.size() : end;
    const auto word = text.substr(start, end - start);
    if (!word.empty()) {
      if (line > 0 && line + 1 + word.size() > width) {
        out += '\n';
        line = 0;
      }
      out += line > 0 ? " " : "";
      line += (line > 0 ? 1 : 0) + word.size();
      out += word;
    }
    start = end + 1;
  }
  return out;
}

std::string authentication_block()
{
  std::string text = "AUTHENTICATION-FLAGS\n--------------------\n"
                     "These must appear before the command and any command parameters.\n\n";
  for (const auto& flag : global_flags()) {
    if (flag.section == FlagSection::authentication) {
      text += fmt::format("   {} {}{}\n", flag.spelling, flag.value_name, flag.help);
    }
  }
  return text;
}

std::string options_block()
{
  std::string text = "OPTIONS\n-------\nThese must also appear before the command.\n\n";
  for (const auto& flag : global_flags()) {
    if (flag.section != FlagSection::options) {
      continue;
    }
    const std::string spelled = flag.value == FlagValue::required
                                  ? fmt::format("{}={}", flag.spelling, flag.value_name)
                                  : std::string(flag.spelling);
    const auto lines = split_lines(flag.help);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      text += fmt::format("   {:<{}}{}\n", i == 0 ? spelled : "", k_name_width - 3, lines[i]);
    }
  }
  return text;
}

std::string environment_block()
{
  std::string text = "ENVIRONMENT\n-----------\nUsed when the matching flag is not given.\n\n";
  for (const auto& flag : global_flags()) {
    if (!flag.env.empty()) {
      text += fmt::format("   {:<{}}{}\n", flag.env, k_name_width - 3, flag.spelling);
    }
  }
  text += "\nCertificates trusted on first use are recorded in "
          "$XDG_CONFIG_HOME/vmrun/known_hosts\n(default ~/.config/vmrun/known_hosts).\n";
  return text;
}

std::string examples_block()
{
  std::string text = "Examples:\n";
  for (const auto& [title, command] : k_examples) {
    text += fmt::format("\n\n{}\n   {}\n", title, command);
  }
  return text;
}

} // namespace

std::string version_line()
{
  return fmt::format("vmrun version {} build-{}", VMRUN_VERSION, VMRUN_BUILD);
}

std::string group_block(HelpGroup group)
{
  std::string text = table_header(group_title(group));
  bool first = true;
  for (const auto& verb : verb_table()) {
    if (verb.group == group) {
      text += first ? "" : "\n";
      text += verb_rows(verb);
      first = false;
    }
  }
  return text;
}

std::string help_text()
{
  std::string text = version_line() + "\n\nUsage: vmrun [AUTHENTICATION-FLAGS] COMMAND "
                                      "[PARAMETERS]\n";
  for (const auto& block : {authentication_block(), options_block(), environment_block()}) {
    text += std::string(k_section_gap) + block;
  }
  for (const auto group : help_groups()) {
    text += std::string(k_section_gap) + group_block(group);
  }
  text += "\n\n\n\n" + examples_block() + "\n";
  return text;
}

std::string usage_line(const Verb& verb)
{
  std::string text = "Usage: vmrun " + std::string(verb.name);
  for (const auto line : param_lines(verb)) {
    text += line.starts_with('[') ? fmt::format(" {}", line) : fmt::format(" <{}>", line);
  }
  return text;
}

std::string example_command(const Verb& verb)
{
  if (verb.needs_host == NeedsHost::no) {
    return fmt::format("vmrun -T esx {}", verb.example);
  }
  return fmt::format("{}{} {}", k_example_connection,
                     verb.needs_guest == NeedsGuest::yes ? " -gu guestUser" : "", verb.example);
}

std::string verb_help(const Verb& verb)
{
  std::string text = fmt::format("{}\n\n{}\n", usage_line(verb), verb.description);
  if (!verb.notes.empty()) {
    text += "\n" + fill(verb.notes, k_help_width) + "\n";
  }
  if (!verb.example.empty()) {
    text += fmt::format("\nExample:\n   {}\n", example_command(verb));
  }
  return text;
}

core::Error usage_error(const Verb& verb)
{
  return invalid_parameters(usage_line(verb));
}

} // namespace vmrun::cli
