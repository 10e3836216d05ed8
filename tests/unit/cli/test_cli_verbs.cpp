// SPDX-License-Identifier: Apache-2.0

#include "cli/keywords.h"
#include "cli/verbs.h"
#include "util/text.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace vmrun::cli;

TEST_CASE("verb_table invariants")
{
  const auto table = verb_table();
  std::set<std::string> names;
  for (const auto& verb : table) {
    CAPTURE(verb.name);
    CHECK(names.insert(vmrun::util::to_lower(verb.name)).second); // unique, case-insensitively
    CHECK_FALSE(verb.name.empty());
    CHECK(verb.name.size() < 25); // fits the help's name column
    CHECK_FALSE(verb.description.empty());
    CHECK_FALSE(group_title(verb.group).empty());

    const auto lines = param_lines(verb);
    int mandatory = 0;
    for (const auto line : lines) {
      CHECK_FALSE(line.empty());
      mandatory += line.starts_with('[') ? 0 : 1;
    }
    // The counts agree with the parameter lines.
    CHECK(verb.min_params >= mandatory);
    CHECK(verb.min_params >= 0);
    if (verb.max_params != k_unbounded) {
      CHECK(verb.max_params >= verb.min_params);
      CHECK(verb.max_params >= static_cast<int>(lines.size()));
    }
    // A verb needs a VM exactly when its first parameter is the vmx path.
    const bool vmx_first = !lines.empty() && lines.front() == "Path to vmx file";
    CHECK((verb.needs_vm == NeedsVm::yes) == vmx_first);
    CHECK((verb.needs_vm == NeedsVm::yes) == (verb.min_params >= 1));
    // Guest logins happen only on the host.
    if (verb.needs_guest != NeedsGuest::no) {
      CHECK(verb.needs_host == NeedsHost::yes);
    }
  }
  // 1.15.2's 42 verbs plus the three 1.17 additions, and logout (session cache).
  CHECK(table.size() == 46);
}

TEST_CASE("verb_table groups are contiguous and in help order")
{
  int last = -1;
  for (const auto& verb : verb_table()) {
    CHECK(static_cast<int>(verb.group) >= last);
    last = static_cast<int>(verb.group);
  }
}

TEST_CASE("verb_table: the power, inventory and shared-folder verbs have handlers")
{
  for (const char* name :
       {"start", "stop", "reset", "suspend", "pause", "unpause", "list", "listRegisteredVM",
        "register", "unregister", "setSharedFolderState", "addSharedFolder", "removeSharedFolder",
        "enableSharedFolders", "disableSharedFolders"}) {
    CAPTURE(name);
    REQUIRE(find_verb(name) != nullptr);
    CHECK(static_cast<bool>(find_verb(name)->handler));
  }
  // These never connect (docs/behaviour.md#unsupported).
  for (const char* name : {"pause", "unpause", "setSharedFolderState", "addSharedFolder",
                           "removeSharedFolder", "enableSharedFolders", "disableSharedFolders"}) {
    CAPTURE(name);
    CHECK(find_verb(name)->needs_host == NeedsHost::no);
  }
}

TEST_CASE("find_verb is case-insensitive")
{
  REQUIRE(find_verb("start"));
  CHECK(find_verb("START") == find_verb("start"));
  CHECK(find_verb("copyfilefromhosttoguest")->name == "CopyFileFromHostToGuest");
  CHECK(find_verb("createTempFileInGuest")->name == "CreateTempfileInGuest");
  CHECK(find_verb("listsnapshots")->name == "listSnapshots");
  CHECK(find_verb("getGuestIpAddress")->name == "getGuestIPAddress");
  CHECK(find_verb("typeKeystrokesInGuest"));
  CHECK(find_verb("connectNamedDevice"));
  CHECK(find_verb("disconnectNamedDevice"));
  CHECK(find_verb("help") == nullptr);
  CHECK(find_verb("") == nullptr);
  CHECK(find_verb("starts") == nullptr);
  CHECK(find_verb("listHostNetworks") == nullptr);
}

TEST_CASE("accepts_param_count")
{
  CHECK_FALSE(accepts_param_count(*find_verb("start"), 0));
  CHECK(accepts_param_count(*find_verb("start"), 1));
  CHECK(accepts_param_count(*find_verb("start"), 2));
  CHECK_FALSE(accepts_param_count(*find_verb("start"), 3));
  CHECK(accepts_param_count(*find_verb("list"), 0));
  CHECK_FALSE(accepts_param_count(*find_verb("list"), 1));
  CHECK(accepts_param_count(*find_verb("runProgramInGuest"), 50));
  CHECK_FALSE(accepts_param_count(*find_verb("readVariable"), 2)); // type word required
  CHECK(accepts_param_count(*find_verb("clone"), 5));              // -snapshot NAME
}

TEST_CASE("find_keyword")
{
  CHECK(find_keyword("HARD", {"hard", "soft"}) == 0u);
  CHECK(find_keyword("Soft", {"hard", "soft"}) == 1u);
  CHECK(find_keyword("noGUI", {"gui", "nogui"}) == 1u);
  CHECK_FALSE(find_keyword("medium", {"hard", "soft"}));
  CHECK_FALSE(find_keyword("", {"hard", "soft"}));
}
