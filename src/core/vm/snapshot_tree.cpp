// SPDX-License-Identifier: Apache-2.0

#include "core/vm/snapshot_tree.h"

#include "core/errors/error.h"

#include <algorithm>

namespace vmrun::core {

using transport::MoRef;
using transport::XmlNode;

namespace {

void walk(const XmlNode& tree, const std::string& parent_path, int depth, const MoRef& current,
          std::vector<SnapshotEntry>& out)
{
  SnapshotEntry entry;
  entry.ref = tree.child("snapshot").as_moref();
  entry.name = tree.child_text("name");
  entry.description = tree.child_text("description");
  entry.path = parent_path.empty() ? entry.name : parent_path + "/" + entry.name;
  entry.depth = depth;
  entry.state = tree.child_text("state");
  entry.current = !current.empty() && entry.ref == current;
  out.push_back(entry);
  for (const XmlNode& child : tree.children("childSnapshotList")) {
    walk(child, entry.path, depth + 1, current, out);
  }
}

std::vector<const SnapshotEntry*> matching(const std::vector<SnapshotEntry>& snapshots,
                                           bool (*match)(const SnapshotEntry&, std::string_view),
                                           std::string_view name)
{
  std::vector<const SnapshotEntry*> found;
  for (const auto& s : snapshots) {
    if (match(s, name)) {
      found.push_back(&s);
    }
  }
  return found;
}

bool by_path(const SnapshotEntry& s, std::string_view name)
{
  return s.path == name;
}

bool by_name(const SnapshotEntry& s, std::string_view name)
{
  return s.name == name;
}

bool by_suffix(const SnapshotEntry& s, std::string_view name)
{
  return s.path.size() > name.size() && s.path.ends_with(name) &&
         s.path[s.path.size() - name.size() - 1] == '/';
}

} // namespace

std::vector<SnapshotEntry> flatten_snapshots(const XmlNode& snapshot_info)
{
  std::vector<SnapshotEntry> out;
  if (!snapshot_info) {
    return out;
  }
  const MoRef current = snapshot_info.child("currentSnapshot").as_moref();
  for (const XmlNode& root : snapshot_info.children("rootSnapshotList")) {
    walk(root, "", 0, current, out);
  }
  return out;
}

const SnapshotEntry& resolve_snapshot(const std::vector<SnapshotEntry>& snapshots,
                                      std::string_view name)
{
  for (auto match : {by_path, by_name, by_suffix}) {
    const auto found = matching(snapshots, match, name);
    if (found.size() == 1) {
      return *found.front();
    }
    if (found.size() > 1) {
      std::string hint = "vmrun: \"" + std::string(name) + "\" names several snapshots:";
      for (const auto* s : found) {
        hint += "\n  " + s->path;
      }
      hint += "\nName one by its full path from the root, such as \"" + found.front()->path + "\".";
      throw Error(vix::snapshot_nonunique_name, "Invalid snapshot name", {}, hint);
    }
  }
  throw Error(vix::snapshot_notfound, "Invalid snapshot name");
}

} // namespace vmrun::core
