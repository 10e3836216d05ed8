// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/datastore_path.h"

namespace vmrun::core {

std::string DatastorePath::server_form() const
{
  return "[" + datastore + "] " + path;
}

std::optional<DatastorePath> parse_datastore_path(std::string_view text)
{
  if (text.empty() || text.front() != '[') {
    return std::nullopt;
  }
  const auto close = text.find(']');
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  DatastorePath result;
  std::string_view inside = text.substr(1, close - 1);
  // "[dc/ds]" names the datacenter; datastore names cannot hold "/" (vSphere escapes it as %2f).
  if (const auto slash = inside.rfind('/'); slash != std::string_view::npos) {
    result.datacenter = std::string(inside.substr(0, slash));
    inside = inside.substr(slash + 1);
    if (result.datacenter.empty()) {
      return std::nullopt;
    }
  }
  result.datastore = std::string(inside);
  std::string_view rest = text.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  result.path = std::string(rest);
  if (result.datastore.empty() || result.path.empty()) {
    return std::nullopt;
  }
  return result;
}

} // namespace vmrun::core
