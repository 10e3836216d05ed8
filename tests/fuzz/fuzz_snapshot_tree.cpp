// SPDX-License-Identifier: Apache-2.0

// A VM's `snapshot` property, VirtualMachineSnapshotInfo (core/vm/snapshot_tree.h): the tree
// flattened (flatten_snapshots) and names looked up in it as the snapshot verbs do
// (resolve_snapshot, which refuses an unknown or ambiguous name with core::Error).
#include "core/errors/error.h"
#include "core/vm/snapshot_tree.h"
#include "fuzz_support.h"

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto doc = fuzz::parse_xml(fuzz::as_text(data, size));
  if (!doc) {
    return 0;
  }
  transport::XmlNode info = fuzz::method_response(*doc);
  if (info.name() != "val") {
    info = info.child("val") ? info.child("val") : info;
  }
  const auto snapshots = core::flatten_snapshots(info);
  for (const auto& snapshot : snapshots) {
    fuzz::require(snapshot.depth >= 0, "depths are never negative");
    for (const std::string& name : {snapshot.path, snapshot.name}) {
      try {
        const auto& found = core::resolve_snapshot(snapshots, name);
        fuzz::require(&found >= snapshots.data() && &found < snapshots.data() + snapshots.size(),
                      "resolve_snapshot returns one of the snapshots");
      } catch (const core::Error&) {
      }
    }
  }
  return 0;
}
