// SPDX-License-Identifier: Apache-2.0

#include "core/errors/error.h"
#include "core/vm/snapshot_tree.h"

#include <doctest/doctest.h>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;

namespace {

// A VirtualMachineSnapshotInfo as vcsim returns it: base -> {a -> {leaf}, b -> {leaf}}, plus a
// second root "other"; the current snapshot is base/b.
const char* const k_tree = R"(<val xmlns="urn:vim25"
  xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"
  XMLSchema-instance:type="VirtualMachineSnapshotInfo">
  <currentSnapshot type="VirtualMachineSnapshot">snapshot-4</currentSnapshot>
  <rootSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-1</snapshot><name>base</name><state>poweredOn</state>
    <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-2</snapshot><name>a</name><state>poweredOff</state>
      <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-3</snapshot><name>leaf</name><state>poweredOff</state></childSnapshotList>
    </childSnapshotList>
    <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-4</snapshot><name>b</name><state>poweredOff</state>
      <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-5</snapshot><name>leaf</name><state>poweredOff</state></childSnapshotList>
    </childSnapshotList>
  </rootSnapshotList>
  <rootSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-6</snapshot><name>other</name><state>suspended</state></rootSnapshotList>
</val>)";

std::string invalid_name_hint(const std::vector<SnapshotEntry>& all, std::string_view name)
{
  try {
    resolve_snapshot(all, name);
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "Invalid snapshot name");
    return e.hint();
  }
  FAIL("no error");
  return {};
}

} // namespace

TEST_CASE("flatten_snapshots")
{
  const auto doc = XmlDocument::parse(k_tree);
  const auto all = flatten_snapshots(doc.root());
  REQUIRE(all.size() == 6);
  CHECK(all[0].path == "base");
  CHECK(all[1].path == "base/a");
  CHECK(all[2].path == "base/a/leaf");
  CHECK(all[2].depth == 2);
  CHECK(all[3].path == "base/b");
  CHECK(all[3].current);
  CHECK_FALSE(all[1].current);
  CHECK(all[5].path == "other");
  CHECK(all[5].depth == 0);
  CHECK(all[0].state == "poweredOn");
  CHECK(all[5].ref.value == "snapshot-6");
  CHECK(flatten_snapshots({}).empty());
}

TEST_CASE("resolve_snapshot")
{
  const auto doc = XmlDocument::parse(k_tree);
  const auto all = flatten_snapshots(doc.root());
  SUBCASE("a unique name")
  {
    CHECK(resolve_snapshot(all, "a").ref.value == "snapshot-2");
  }
  SUBCASE("a full path")
  {
    CHECK(resolve_snapshot(all, "base/b/leaf").ref.value == "snapshot-5");
  }
  SUBCASE("a unique path suffix")
  {
    CHECK(resolve_snapshot(all, "a/leaf").ref.value == "snapshot-3");
  }
  SUBCASE("names are case-sensitive")
  {
    CHECK(invalid_name_hint(all, "BASE").empty());
  }
  SUBCASE("missing")
  {
    CHECK(invalid_name_hint(all, "nope").empty());
  }
  SUBCASE("ambiguous: the hint lists the candidates")
  {
    CHECK(invalid_name_hint(all, "leaf") ==
          "vmrun: \"leaf\" names several snapshots:\n  base/a/leaf\n  base/b/leaf\n"
          "Name one by its full path from the root, such as \"base/a/leaf\".");
  }
}
