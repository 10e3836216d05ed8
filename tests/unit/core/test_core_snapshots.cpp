// SPDX-License-Identifier: Apache-2.0

#include "core/vm/snapshot_tree.h"
#include "core/vm/snapshots.h"

#include <doctest/doctest.h>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;

namespace {

// base -> {a -> {leaf}, b}, plus a second root "other"; current is base/b.
const char* const k_tree = R"(<val xmlns="urn:vim25"
  xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"
  XMLSchema-instance:type="VirtualMachineSnapshotInfo">
  <currentSnapshot type="VirtualMachineSnapshot">snapshot-4</currentSnapshot>
  <rootSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-1</snapshot><name>base</name><state>poweredOn</state>
    <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-2</snapshot><name>a</name><state>poweredOff</state>
      <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-3</snapshot><name>leaf</name><state>poweredOff</state></childSnapshotList>
    </childSnapshotList>
    <childSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-4</snapshot><name>b</name><state>poweredOff</state></childSnapshotList>
  </rootSnapshotList>
  <rootSnapshotList><snapshot type="VirtualMachineSnapshot">snapshot-6</snapshot><name>other snap</name><state>suspended</state></rootSnapshotList>
</val>)";

} // namespace

TEST_CASE("snapshot_lines: flat list and TAB-indented tree")
{
  const auto doc = XmlDocument::parse(k_tree);
  const auto all = flatten_snapshots(doc.root());
  CHECK(snapshot_lines(all, false) ==
        std::vector<std::string>{"base", "a", "leaf", "b", "other snap"});
  CHECK(snapshot_lines(all, true) ==
        std::vector<std::string>{"base", "\ta", "\t\tleaf", "\tb", "other snap"});
  CHECK(snapshot_lines({}, true).empty());
}

TEST_CASE("snapshot_lines: a deep chain gets one TAB per level")
{
  std::vector<SnapshotEntry> chain;
  for (int depth = 0; depth < 4; ++depth) {
    SnapshotEntry e;
    e.name = "s" + std::to_string(depth);
    e.depth = depth;
    chain.push_back(e);
  }
  CHECK(snapshot_lines(chain, true).back() == "\t\t\ts3");
  CHECK(snapshot_lines(chain, false).back() == "s3");
}

TEST_CASE("snapshot_lines: a name's own tabs and line breaks cannot pass for the tree's")
{
  SnapshotEntry e;
  e.name = "a\tb\nc";
  e.depth = 1;
  CHECK(snapshot_lines({e}, true) == std::vector<std::string>{"\ta\\x09b c"});
}
