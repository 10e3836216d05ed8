// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/xml.h"

#include <string>

namespace vmrun::core {

struct Datacenter {
  transport::MoRef ref;
  std::string name;
  transport::MoRef vm_folder;
  // The inventory path below the root folder ("DC0", "Europe/DC1"): datastore URLs' dcPath.
  // A "/" in a name is "%2f" here, as the server writes names.
  std::string path;
};

} // namespace vmrun::core
