// SPDX-License-Identifier: Apache-2.0

// SNAPSHOT COMMANDS: listSnapshots, snapshot, deleteSnapshot, revertToSnapshot.
#include "cli/handlers.h"

#include "cli/display.h"
#include "cli/errors.h"
#include "cli/keywords.h"
#include "cli/progress_bar.h"
#include "cli/text.h"
#include "core/vm/snapshots.h"

#include <fmt/format.h>

#include <ostream>

namespace vmrun::cli {

namespace {

// docs/behaviour.md#json: {"count": N, "snapshots": [{"name", "path", "depth", "current"}, ...]}.
std::string json_snapshots(const std::vector<core::SnapshotEntry>& snapshots)
{
  std::string items;
  for (const auto& s : snapshots) {
    items += fmt::format(R"({}{{"name": {}, "path": {}, "depth": {}, "current": {}}})",
                         items.empty() ? "" : ", ", json_string(s.name), json_string(s.path),
                         s.depth, s.current ? "true" : "false");
  }
  return fmt::format(R"({{"count": {}, "snapshots": [{}]}})", snapshots.size(), items);
}

// The snapshot name parameter; an empty one names nothing.
const std::string& snapshot_name(const Invocation& invocation)
{
  const std::string& name = invocation.params[1];
  if (name.empty()) {
    throw invalid_parameters("vmrun: the snapshot name is empty");
  }
  return name;
}

} // namespace

int handle_list_snapshots(Invocation& invocation)
{
  const bool tree = invocation.params.size() == 2;
  if (tree) {
    require_keyword(invocation, 1, {"showTree"});
  }
  const auto snapshots = core::list_snapshots(invocation.session(), invocation.params[0]);
  if (invocation.format == OutputFormat::json) {
    invocation.out << json_snapshots(snapshots) << '\n';
    return 0;
  }
  invocation.out << "Total snapshots: " << snapshots.size() << '\n';
  for (const auto& line : core::snapshot_lines(snapshots, tree)) {
    invocation.out << line << '\n'; // names escaped by snapshot_lines
  }
  return 0;
}

int handle_snapshot(Invocation& invocation)
{
  const std::string& name = snapshot_name(invocation);
  ProgressBar bar(invocation.err, invocation.progress, "Creating snapshot");
  core::create_snapshot(invocation.session(), invocation.params[0], name, invocation.timeout,
                        bar.callback());
  return 0;
}

int handle_delete_snapshot(Invocation& invocation)
{
  const bool with_children = invocation.params.size() == 3;
  if (with_children) {
    require_keyword(invocation, 2, {"andDeleteChildren"});
  }
  const std::string& name = snapshot_name(invocation);
  ProgressBar bar(invocation.err, invocation.progress, "Removing snapshot");
  core::delete_snapshot(invocation.session(), invocation.params[0], name, with_children,
                        invocation.timeout, bar.callback());
  return 0;
}

int handle_revert_to_snapshot(Invocation& invocation)
{
  const std::string& name = snapshot_name(invocation);
  ProgressBar bar(invocation.err, invocation.progress, "Reverting to snapshot");
  core::revert_to_snapshot(invocation.session(), invocation.params[0], name, invocation.timeout,
                           bar.callback());
  return 0;
}

} // namespace vmrun::cli
