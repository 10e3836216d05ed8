// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vmrun::core {

// A vmrun VM path "[datastore] dir/vm.vmx", or "[dc/datastore] dir/vm.vmx" to pick a datacenter.
struct DatastorePath {
  std::string datacenter; // empty unless given as "[dc/ds]"
  std::string datastore;
  std::string path; // relative path inside the datastore, as given
  // "[datastore] path": the form the server stores in config.files.vmPathName.
  std::string server_form() const;
};

// Strict parse (docs/behaviour.md#vm-paths): nullopt for a missing "]", an empty datastore or path.
std::optional<DatastorePath> parse_datastore_path(std::string_view text);

} // namespace vmrun::core
