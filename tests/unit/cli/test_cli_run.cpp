// SPDX-License-Identifier: Apache-2.0

// run() on the paths that never connect: help, version, usage and refusals.
#include "cli/help.h"
#include "cli/run.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using vmrun::cli::help_text;
using vmrun::cli::verb_help;
using vmrun::cli::version_line;

namespace {

struct Result {
  int status;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args)
{
  for (const char* name :
       {"VMRUN_HOST", "VMRUN_HOST_TYPE", "VMRUN_USER", "VMRUN_PASSWORD", "VMRUN_GUEST_USER",
        "VMRUN_GUEST_PASSWORD", "VMRUN_THUMBPRINT", "VMRUN_TLS"}) {
    ::unsetenv(name);
  }
  args.insert(args.begin(), "vmrun");
  std::vector<const char*> argv;
  for (const auto& arg : args) {
    argv.push_back(arg.c_str());
  }
  std::ostringstream out;
  std::ostringstream err;
  const int status = vmrun::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

std::vector<std::string> esx(std::vector<std::string> rest)
{
  std::vector<std::string> args{"-T", "esx", "-h", "esx.invalid"};
  args.insert(args.end(), rest.begin(), rest.end());
  return args;
}

const std::string k_invalid = "Error: One of the parameters was invalid\n";
const std::string k_unsupported =
  "Error: The operation is not supported for the specified parameters\n";

} // namespace

TEST_CASE("run: help and version")
{
  const auto bare = run({});
  CHECK(bare.status == 255);
  CHECK(bare.out == help_text());
  CHECK(bare.err.empty());
  for (const auto& spelling : {"--help", "-?", "help", "HELP"}) {
    CAPTURE(spelling);
    const auto help = run({spelling});
    CHECK(help.status == 0);
    CHECK(help.out == help_text());
  }
  CHECK(run({"--version"}).out == version_line() + "\n");
  CHECK(run({"--version"}).status == 0);
  const auto verb = run({"help", "STOP"});
  CHECK(verb.status == 0);
  CHECK(verb.out == verb_help(*vmrun::cli::find_verb("stop")));
  CHECK(verb.out.starts_with(
    "Usage: vmrun stop <Path to vmx file> [hard|soft]\n\nStop a VM or Team\n"));
  const auto unknown = run({"help", "bogus"});
  CHECK(unknown.status == 255);
  CHECK(unknown.out == "Error: Unrecognized command: bogus\n");
}

TEST_CASE("run: invalid arguments print the help")
{
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"-x"}, {"-h"}, {"--nope", "list"}}) {
    const auto result = run(args);
    CHECK(result.status == 255);
    CHECK(result.out == "Invalid argument: " + args.front() + "\n" + help_text());
  }
}

TEST_CASE("run: unknown verbs")
{
  const auto result = run(esx({"bogus", "x"}));
  CHECK(result.status == 255);
  CHECK(result.out == "Error: Unrecognized command: bogus\n");
  // -gp swallows the verb, so the vmx path becomes the verb (docs/behaviour.md#command-line).
  const auto swallowed = run(esx({"-gu", "u", "-gp", "start", "[ds] a.vmx"}));
  CHECK(swallowed.out == "Error: Unrecognized command: [ds] a.vmx\n");
}

TEST_CASE("run: provider errors")
{
  for (const auto& args : std::vector<std::vector<std::string>>{{"-T", "ws", "list"},
                                                                {"-T", "FUSION", "-h", "h", "list"},
                                                                {"list"}}) {
    const auto result = run(args);
    CHECK(result.status == 255);
    CHECK(result.out == "Error: The specified service provider was not found\n");
    CHECK(result.err.find("ESXi and vCenter") != std::string::npos);
  }
}

TEST_CASE("run: usage errors")
{
  const auto missing = run(esx({"PAUSE"}));
  CHECK(missing.status == 255);
  CHECK(missing.out == k_invalid);
  CHECK(missing.err == "Usage: vmrun pause <Path to vmx file>\n");
  CHECK(run(esx({"stop", "[ds] a.vmx", "medium"})).out == k_invalid);
  CHECK(run(esx({"start", "[ds] a.vmx", "hard"})).out == k_invalid);
  CHECK(run(esx({"list", "extra"})).err == "Usage: vmrun list\n");
  CHECK(run(esx({"setSharedFolderState", "x", "s", "/p", "rw"})).out == k_invalid);
  CHECK(run(esx({"enableSharedFolders", "x", "always"})).out == k_invalid);
  CHECK(run(esx({"-T", "esx", "-h", "h:99999", "list"})).out == k_invalid);
}

TEST_CASE("run: verbs vSphere cannot do are refused without connecting")
{
  for (const auto& rest :
       std::vector<std::vector<std::string>>{{"pause", "[ds] a.vmx"},
                                             {"unpause", "[ds] a.vmx"},
                                             {"setSharedFolderState", "[ds] a.vmx", "share", "/p",
                                              "READONLY"},
                                             {"addSharedFolder", "[ds] a.vmx", "share", "/p"},
                                             {"removeSharedFolder", "[ds] a.vmx", "share"},
                                             {"enableSharedFolders", "[ds] a.vmx", "Runtime"},
                                             {"disableSharedFolders", "[ds] a.vmx"}}) {
    CAPTURE(rest.front());
    const auto result = run(esx(rest));
    CHECK(result.status == 255);
    CHECK(result.out == k_unsupported);
  }
}

TEST_CASE("run: --json errors")
{
  const auto result = run(esx({"--json", "pause", "x"}));
  CHECK(result.status == 255);
  CHECK(result.out ==
        "{\"error\": {\"code\": 6, \"message\": \"The operation is not supported for the "
        "specified parameters\"}}\n");
}

TEST_CASE("run: a verb that needs the host, without one")
{
  const auto result = run({"-T", "esx", "-u", "root", "-p", "pw", "list"});
  CHECK(result.status == 255);
  CHECK(result.out == "Error: A host name is required for this operation\n");
}
