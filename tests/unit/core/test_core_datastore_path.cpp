// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/datastore_path.h"

#include <doctest/doctest.h>

using vmrun::core::parse_datastore_path;

TEST_CASE("parse_datastore_path")
{
  SUBCASE("datastore and nested path")
  {
    auto p = parse_datastore_path("[datastore1] dir/sub/vm.vmx");
    REQUIRE(p);
    CHECK(p->datacenter.empty());
    CHECK(p->datastore == "datastore1");
    CHECK(p->path == "dir/sub/vm.vmx");
    CHECK(p->server_form() == "[datastore1] dir/sub/vm.vmx");
  }
  SUBCASE("spaces inside datastore and file names are kept")
  {
    auto p = parse_datastore_path("[datastore 1] Win XP/Win XP.vmx");
    REQUIRE(p);
    CHECK(p->datastore == "datastore 1");
    CHECK(p->path == "Win XP/Win XP.vmx");
  }
  SUBCASE("no space or several spaces after the bracket give the canonical form")
  {
    CHECK(parse_datastore_path("[ds]vm/vm.vmx")->server_form() == "[ds] vm/vm.vmx");
    CHECK(parse_datastore_path("[ds]   vm/vm.vmx")->server_form() == "[ds] vm/vm.vmx");
  }
  SUBCASE("a path without a directory")
  {
    CHECK(parse_datastore_path("[ds] vm.vmx")->path == "vm.vmx");
  }
  SUBCASE("datacenter prefix")
  {
    auto p = parse_datastore_path("[DC0/LocalDS_0] vm/vm.vmx");
    REQUIRE(p);
    CHECK(p->datacenter == "DC0");
    CHECK(p->datastore == "LocalDS_0");
    CHECK(p->server_form() == "[LocalDS_0] vm/vm.vmx");
  }
  SUBCASE("datacenter inside a folder: the last slash separates the datastore")
  {
    auto p = parse_datastore_path("[east/dc-2/ds] vm/vm.vmx");
    REQUIRE(p);
    CHECK(p->datacenter == "east/dc-2");
    CHECK(p->datastore == "ds");
  }
  SUBCASE("malformed paths are refused")
  {
    CHECK_FALSE(parse_datastore_path(""));
    CHECK_FALSE(parse_datastore_path("vm/vm.vmx"));
    CHECK_FALSE(parse_datastore_path("[ds vm/vm.vmx"));
    CHECK_FALSE(parse_datastore_path("[] vm/vm.vmx"));
    CHECK_FALSE(parse_datastore_path("[ds] "));
    CHECK_FALSE(parse_datastore_path("[ds]"));
    CHECK_FALSE(parse_datastore_path("[/ds] vm.vmx"));
    CHECK_FALSE(parse_datastore_path("[dc/] vm.vmx"));
    CHECK_FALSE(parse_datastore_path(" [ds] vm.vmx"));
  }
}
