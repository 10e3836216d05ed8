// SPDX-License-Identifier: Apache-2.0

#include "core/clone/clone.h"

#include <doctest/doctest.h>

using namespace vmrun::core;

namespace {
const std::string k_src = "[ds] a/a.vmx";
} // namespace

TEST_CASE("clone destination: exactly [ds] dir/name.vmx")
{
  auto d = parse_clone_destination("[ds] dir/sub/name.vmx");
  REQUIRE(d);
  CHECK(d->datastore == "ds");
  CHECK(d->path == "dir/sub/name.vmx");
  CHECK(parse_clone_destination("[dc/ds] d/n.VMX"));
  for (const char* bad :
       {"[ds] name.vmx", "[ds] d/.vmx", "[ds] d/n.txt", "[ds] /d/n.vmx", "[ds] d//n.vmx",
        "[ds] ../d/n.vmx", "[ds] d/./n.vmx", "ds d/n.vmx", "[] d/n.vmx", "[ds] d/"}) {
    CHECK_MESSAGE(!parse_clone_destination(bad), bad);
  }
}

TEST_CASE("clone display name: -cloneName, else DST's stem")
{
  const auto dst = *parse_clone_destination("[ds] dir/my vm.vmx");
  CloneRequest r;
  r.source = k_src;
  r.destination = "[ds] dir/my vm.vmx";
  CHECK(clone_display_name(r, dst) == "my vm");
  r.clone_name = "ci-42";
  CHECK(clone_display_name(r, dst) == "ci-42");
}
