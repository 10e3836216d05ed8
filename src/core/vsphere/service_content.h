// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/xml.h"

#include <string>

namespace vmrun::core {

using transport::MoRef;

// What RetrieveServiceContent told us, reduced to what the verbs use.
struct ServiceContent {
  MoRef root_folder;
  MoRef property_collector;
  MoRef view_manager;
  MoRef session_manager;
  MoRef search_index;
  MoRef file_manager;
  MoRef virtual_disk_manager;
  MoRef guest_operations_manager;
  std::string api_type;    // "HostAgent" (ESXi) or "VirtualCenter"
  std::string api_version; // about.apiVersion
  std::string full_name;   // about.fullName

  friend bool operator==(const ServiceContent&, const ServiceContent&) = default;
};

} // namespace vmrun::core
