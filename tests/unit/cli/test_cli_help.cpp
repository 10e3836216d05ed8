// SPDX-License-Identifier: Apache-2.0

#include "cli/flags.h"
#include "cli/help.h"
#include "cli/text.h"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using namespace vmrun::cli;

namespace {

// The verbatim vmrun 1.15.2 help (tests/data/README.md says where it comes from).
std::string vmrun_1_15_help()
{
  std::ifstream file(std::string(VMRUN_TEST_DATA) + "/vmrun-1.15.2-help.txt", std::ios::binary);
  REQUIRE(file);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

// The block from the line `title` up to the three blank lines that end it.
std::string block_of(const std::string& help, const std::string& title)
{
  const auto begin = help.find("\n" + title + " ");
  REQUIRE(begin != std::string::npos);
  const auto end = help.find("\n\n\n\n", begin);
  return help.substr(begin + 1, end - begin);
}

std::string without_rows(std::string block, std::initializer_list<const char*> verbs)
{
  for (const char* verb : verbs) {
    const auto begin = block.find(std::string(verb) + " ");
    const auto end = block.find("\n\n", begin);
    block.erase(begin, end - begin + 2);
  }
  return block;
}

} // namespace

TEST_CASE("version_line")
{
  const std::regex shape(R"(vmrun version ([0-9]+)\.[0-9]+\.[0-9]+ build-[0-9]+)");
  std::smatch match;
  const std::string line = version_line();
  REQUIRE(std::regex_match(line, match, shape));
  CHECK(std::stoi(match[1]) >= 2); // scripts refuse a major below 2 (docs/behaviour.md#help)
}

TEST_CASE("help_text: first line, sections and layout")
{
  const std::string help = help_text();
  CHECK(help.starts_with(version_line() + "\n\nUsage: vmrun [AUTHENTICATION-FLAGS] COMMAND "
                                          "[PARAMETERS]\n\n\n\nAUTHENTICATION-FLAGS\n"));
  for (const char* header : {"\n\n\n\nAUTHENTICATION-FLAGS\n--------------------\n",
                             "\n\n\n\nPOWER COMMANDS           PARAMETERS           DESCRIPTION\n"
                             "--------------           ----------           -----------\n",
                             "\n\n\n\nSNAPSHOT COMMANDS        PARAMETERS           DESCRIPTION\n"
                             "-----------------        ----------           -----------\n",
                             "\n\n\n\nGUEST OS COMMANDS        PARAMETERS           DESCRIPTION\n"
                             "-----------------        ----------           -----------\n",
                             "\n\n\n\nGENERAL COMMANDS         PARAMETERS           DESCRIPTION\n"
                             "----------------         ----------           -----------\n",
                             "\n\n\n\n\nExamples:\n\n\n"}) {
    CAPTURE(header);
    CHECK(help.find(header) != std::string::npos);
  }
  // Sections in vmrun's order.
  CHECK(help.find("POWER COMMANDS") < help.find("SNAPSHOT COMMANDS"));
  CHECK(help.find("SNAPSHOT COMMANDS") < help.find("GUEST OS COMMANDS"));
  CHECK(help.find("GUEST OS COMMANDS") < help.find("GENERAL COMMANDS"));
  CHECK(help.find("GENERAL COMMANDS") < help.find("Examples:"));
  CHECK(help.ends_with("\n\n"));
  for (const auto line : split_lines(help)) {
    CAPTURE(line);
    CHECK_FALSE(line.ends_with(' '));
  }
}

TEST_CASE("help_text: vSphere flags, options and environment")
{
  const std::string help = help_text();
  CHECK(help.find("   -T <hostType> (esx|vc|server|ws-shared)\n") != std::string::npos);
  CHECK(help.find("   -gu <userName in guest OS>\n   -gp <password in guest OS>\n") !=
        std::string::npos);
  for (const auto& flag : global_flags()) {
    CAPTURE(flag.spelling);
    CHECK(help.find("   " + std::string(flag.spelling)) != std::string::npos);
    if (!flag.env.empty()) {
      CHECK(help.find("   " + std::string(flag.env)) != std::string::npos);
    }
  }
  CHECK(help.find("known_hosts") != std::string::npos);
}

TEST_CASE("group_block reproduces Appendix A")
{
  const std::string appendix = vmrun_1_15_help();
  SUBCASE("POWER COMMANDS")
  {
    CHECK(group_block(HelpGroup::power) == block_of(appendix, "POWER COMMANDS"));
  }
  SUBCASE("SNAPSHOT COMMANDS")
  {
    CHECK(group_block(HelpGroup::snapshot) == block_of(appendix, "SNAPSHOT COMMANDS"));
  }
  SUBCASE("GENERAL COMMANDS")
  {
    // Plus clone's vCenter options, after vmrun's own.
    std::string expected = block_of(appendix, "GENERAL COMMANDS");
    const std::string clone_name = "                         [-cloneName=Name]\n";
    expected.insert(expected.find(clone_name) + clone_name.size(),
                    "                         [-pool=Resource pool]\n"
                    "                         [-host=Host]\n"
                    "                         [-folder=VM folder]\n"
                    "                         [-customize=Spec name]\n");
    CHECK(group_block(HelpGroup::general) == expected);
  }
  SUBCASE("GUEST OS COMMANDS, without the 1.17 additions")
  {
    const std::string expected = block_of(appendix, "GUEST OS COMMANDS");
    CHECK(without_rows(group_block(HelpGroup::guest_os),
                       {"typeKeystrokesInGuest", "connectNamedDevice", "disconnectNamedDevice"}) ==
          expected);
  }
  SUBCASE("the 1.17 additions, as in Appendix B")
  {
    CHECK(
      group_block(HelpGroup::guest_os)
        .find("renameFileInGuest        Path to vmx file     Rename a file in Guest OS\n"
              "                         Original name\n"
              "                         New name\n"
              "\n"
              "typeKeystrokesInGuest    Path to vmx file     Type Keystrokes in Guest OS\n"
              "                         keystroke string\n"
              "\n"
              "connectNamedDevice       Path to vmx file     Connect the named device in the Guest "
              "OS\n"
              "                         device name\n"
              "\n"
              "disconnectNamedDevice    Path to vmx file     Disconnect the named device in the "
              "Guest OS\n"
              "                         device name\n"
              "\n"
              "captureScreen ") != std::string::npos);
  }
}

TEST_CASE("help_text's verb sections are the Appendix A ones")
{
  const std::string help = help_text();
  for (const auto group :
       {HelpGroup::power, HelpGroup::snapshot, HelpGroup::guest_os, HelpGroup::general}) {
    CHECK(help.find("\n\n\n\n" + group_block(group)) != std::string::npos);
  }
}

TEST_CASE("usage_line")
{
  CHECK(usage_line(*find_verb("start")) == "Usage: vmrun start <Path to vmx file> [gui|nogui]");
  CHECK(usage_line(*find_verb("list")) == "Usage: vmrun list");
  CHECK(usage_line(*find_verb("setSharedFolderState")) ==
        "Usage: vmrun setSharedFolderState <Path to vmx file> <Share name> <Host path> "
        "<writable | readonly>");
  CHECK(usage_line(*find_verb("runProgramInGuest")) ==
        "Usage: vmrun runProgramInGuest <Path to vmx file> [-noWait] [-activeWindow] "
        "[-interactive] <Complete-Path-To-Program> [Program arguments]");
}

TEST_CASE("verb_help and usage_error")
{
  // The usage line and description first (vmrun's own layout), then notes and an example.
  const std::string stop_help = verb_help(*find_verb("STOP"));
  CHECK(stop_help.starts_with(
    "Usage: vmrun stop <Path to vmx file> [hard|soft]\n\nStop a VM or Team\n\n"));
  CHECK(stop_help.ends_with(
    "\n\nExample:\n   vmrun -T esx -h esx.example.com -u root stop \"[datastore1] web/web.vmx\" "
    "soft\n"));
  const auto error = usage_error(*find_verb("stop"));
  CHECK(std::string(error.what()) == "One of the parameters was invalid");
  CHECK(error.hint() == "Usage: vmrun stop <Path to vmx file> [hard|soft]");
  CHECK(error.code() == vmrun::core::vix::invalid_arg);
}

TEST_CASE("example_command spells the connection out")
{
  CHECK(example_command(*find_verb("stop")) ==
        "vmrun -T esx -h esx.example.com -u root stop \"[datastore1] web/web.vmx\" soft");
  CHECK(example_command(*find_verb("fileExistsInGuest"))
          .starts_with("vmrun -T esx -h esx.example.com -u root -gu guestUser fileExistsInGuest "));
  CHECK(example_command(*find_verb("pause")).starts_with("vmrun -T esx pause "));
}

TEST_CASE("verb_help: usage, description, notes filled to 79 columns, example")
{
  for (const auto& verb : verb_table()) {
    CAPTURE(verb.name);
    const std::string help = verb_help(verb);
    CHECK(help.starts_with(usage_line(verb) + "\n\n" + std::string(verb.description) + "\n\n"));
    CHECK(help.ends_with("\nExample:\n   " + example_command(verb) + "\n"));
    const auto notes_at = help.find("\n\n", usage_line(verb).size() + 2) + 2;
    const auto example_at = help.find("\n\nExample:\n");
    for (const auto line : split_lines(help.substr(notes_at, example_at - notes_at))) {
      CHECK(line.size() <= 79);
    }
  }
}
