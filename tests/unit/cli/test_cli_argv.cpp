// SPDX-License-Identifier: Apache-2.0

#include "cli/argv.h"
#include "cli/flags.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using vmrun::cli::CommandLine;
using vmrun::cli::InvalidArgument;
using vmrun::cli::parse_global_options;
using vmrun::cli::split_command_line;

namespace {

CommandLine split(std::vector<std::string> args)
{
  return split_command_line(args);
}

std::string invalid_arg_of(std::vector<std::string> args)
{
  try {
    split_command_line(args);
  } catch (const InvalidArgument& error) {
    return error.arg();
  }
  return "<no error>";
}

} // namespace

TEST_CASE("split_command_line")
{
  SUBCASE("legacy flags take the next token and become long names")
  {
    const auto line = split({"-T", "esx", "-h", "host", "-u", "root", "-p", "pw", "list"});
    CHECK(line.global == std::vector<std::string>{"--host-type=esx", "--host=host", "--user=root",
                                                  "--password=pw"});
    CHECK(line.has_verb);
    CHECK(line.verb == "list");
    CHECK(line.params.empty());
  }
  SUBCASE("every legacy flag")
  {
    const auto line = split({"-h", "a", "-P", "1", "-T", "b", "-u", "c", "-p", "d", "-vp", "e",
                             "-gu", "f", "-gp", "g", "start"});
    CHECK(line.global == std::vector<std::string>{"--host=a", "--port=1", "--host-type=b",
                                                  "--user=c", "--password=d", "--vm-password=e",
                                                  "--guest-user=f", "--guest-password=g"});
  }
  SUBCASE("-gp swallows a verb")
  {
    const auto line = split({"-gu", "user", "-gp", "copyFileFromHostToGuest", "x.vmx", "a", "b"});
    CHECK(line.global.back() == "--guest-password=copyFileFromHostToGuest");
    CHECK(line.verb == "x.vmx");
    CHECK(line.params == std::vector<std::string>{"a", "b"});
  }
  SUBCASE("a flag's value may look like a flag or be empty")
  {
    const auto line = split({"-p", "-secret", "-gp", "", "list"});
    CHECK(line.global == std::vector<std::string>{"--password=-secret", "--guest-password="});
    CHECK(line.verb == "list");
  }
  SUBCASE("everything after the verb is verbatim")
  {
    const auto line = split(
      {"-T", "esx", "runProgramInGuest", "[ds] a.vmx", "-noWait", "-h", "--json", "/bin/true"});
    CHECK(line.verb == "runProgramInGuest");
    CHECK(line.params ==
          std::vector<std::string>{"[ds] a.vmx", "-noWait", "-h", "--json", "/bin/true"});
    CHECK(line.global.size() == 1);
  }
  SUBCASE("long options, inline and separate values")
  {
    const auto line = split({"--thumbprint=AB", "--tls", "strict", "--insecure", "--timeout=5",
                             "--debug", "--json", "--no-progress", "--ca-file", "/c.pem", "list"});
    CHECK(line.global == std::vector<std::string>{"--thumbprint=AB", "--tls=strict", "--insecure",
                                                  "--timeout=5", "--debug", "--json",
                                                  "--no-progress", "--ca-file=/c.pem"});
  }
  SUBCASE("help and version spellings")
  {
    CHECK(split({"-?"}).global == std::vector<std::string>{"--help"});
    CHECK(split({"--help"}).global == std::vector<std::string>{"--help"});
    CHECK(split({"--version"}).global == std::vector<std::string>{"--version"});
    CHECK_FALSE(split({"--version"}).has_verb);
  }
  SUBCASE("no arguments, and an empty token as the verb")
  {
    CHECK_FALSE(split({}).has_verb);
    const auto line = split({""});
    CHECK(line.has_verb);
    CHECK(line.verb.empty());
  }
}

TEST_CASE("split_command_line rejects unknown flags and missing values")
{
  CHECK(invalid_arg_of({"-x", "list"}) == "-x");
  CHECK(invalid_arg_of({"--bogus", "list"}) == "--bogus");
  CHECK(invalid_arg_of({"--bogus=1", "list"}) == "--bogus=1");
  CHECK(invalid_arg_of({"-GU", "u", "list"}) == "-GU"); // flag names are case-sensitive
  CHECK(invalid_arg_of({"-h"}) == "-h");
  CHECK(invalid_arg_of({"-T", "esx", "-gp"}) == "-gp");
  CHECK(invalid_arg_of({"--timeout"}) == "--timeout");
  CHECK(invalid_arg_of({"--debug=1", "list"}) == "--debug=1"); // a switch takes no value
  CHECK(invalid_arg_of({"-h=host", "list"}) == "-h=host");
  CHECK(invalid_arg_of({"-", "list"}) == "-");
  CHECK(invalid_arg_of({"-help"}) == "-help");
}

TEST_CASE("parse_global_options")
{
  SUBCASE("values and switches")
  {
    const auto line = split({"-T",
                             "ESX",
                             "-h",
                             "h:8443",
                             "-P",
                             "9",
                             "-u",
                             "u",
                             "-p",
                             "",
                             "-vp",
                             "v",
                             "-gu",
                             "gu",
                             "-gp",
                             "a=b",
                             "--thumbprint=t",
                             "--ca-file=c",
                             "--tls=tofu",
                             "--insecure",
                             "--timeout=7",
                             "--debug",
                             "--json",
                             "--no-progress",
                             "list"});
    const auto options = parse_global_options(line.global);
    CHECK(options.host_type == "ESX");
    CHECK(options.host == "h:8443");
    CHECK(options.port == "9");
    CHECK(options.user == "u");
    CHECK(options.password == "");
    CHECK(options.vm_password == "v");
    CHECK(options.guest_user == "gu");
    CHECK(options.guest_password == "a=b");
    CHECK(options.thumbprint == "t");
    CHECK(options.ca_file == "c");
    CHECK(options.tls == "tofu");
    CHECK(options.timeout == "7");
    CHECK(options.insecure);
    CHECK(options.debug);
    CHECK(options.json);
    CHECK(options.no_progress);
    CHECK_FALSE(options.help);
    CHECK_FALSE(options.version);
  }
  SUBCASE("nothing given")
  {
    const auto options = parse_global_options({});
    CHECK_FALSE(options.host);
    CHECK_FALSE(options.password);
    CHECK_FALSE(options.json);
  }
  SUBCASE("a repeated flag: the last one wins")
  {
    const auto options = parse_global_options(split({"-h", "a", "-h", "b", "list"}).global);
    CHECK(options.host == "b");
  }
  SUBCASE("values that look like options survive")
  {
    const auto options = parse_global_options(
      split({"-p", "--json", "-gp", "-?", "-u", "\"q\"", "list"}).global);
    CHECK(options.password == "--json");
    CHECK(options.guest_password == "-?");
    CHECK(options.user == "\"q\"");
    CHECK_FALSE(options.json);
    CHECK_FALSE(options.help);
  }
  SUBCASE("help and version")
  {
    CHECK(parse_global_options(split({"-?"}).global).help);
    CHECK(parse_global_options(split({"--version"}).global).version);
  }
}

TEST_CASE("parse_global_options knows every flag of the table")
{
  for (const auto& flag : vmrun::cli::global_flags()) {
    CAPTURE(flag.spelling);
    std::vector<std::string> args{std::string(flag.spelling)};
    if (flag.value == vmrun::cli::FlagValue::required) {
      args.push_back("value");
    }
    args.push_back("list");
    CHECK_NOTHROW(parse_global_options(split(args).global));
  }
}
