#pragma once

#include "transport/xml.h"

#include <string>

namespace vmrun::core {

struct Datacenter {
  transport::MoRef ref;
  std::string name;
  transport::MoRef vm_folder;
};

} // namespace vmrun::core
