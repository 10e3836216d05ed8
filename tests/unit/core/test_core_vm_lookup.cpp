// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/vm_lookup.h"

#include <doctest/doctest.h>

using namespace vmrun::core;

TEST_CASE("inventory_path: folder names up to the root folder")
{
  const MoRef root{"Folder", "group-d1"};
  const MoRef europe{"Folder", "group-d2"};
  const MoRef west{"Folder", "group-d3"};
  const std::map<MoRef, std::pair<std::string, MoRef>> folders{{europe, {"Europe", root}},
                                                               {west, {"West%2fNorth", europe}}};
  CHECK(inventory_path("DC0", root, root, folders) == "DC0");
  CHECK(inventory_path("DC1", europe, root, folders) == "Europe/DC1");
  CHECK(inventory_path("DC2", west, root, folders) == "Europe/West%2fNorth/DC2");
  // A parent we were not shown: the path from there on.
  CHECK(inventory_path("DC3", MoRef{"Folder", "group-d9"}, root, folders) == "DC3");
  // Parents that loop (a broken reply) end the walk instead of looping.
  const std::map<MoRef, std::pair<std::string, MoRef>> loop{{europe, {"A", west}},
                                                            {west, {"B", europe}}};
  CHECK(inventory_path("DC4", europe, root, loop) == "A/B/A/DC4");
}
