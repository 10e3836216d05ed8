// SPDX-License-Identifier: Apache-2.0

#include "cli/clone.h"

#include <doctest/doctest.h>

using vmrun::cli::parse_clone_args;
using vmrun::core::CloneRequest;

namespace {
std::optional<CloneRequest> parse(std::vector<std::string> params)
{
  return parse_clone_args(params);
}
const std::string k_src = "[ds] a/a.vmx";
const std::string k_dst = "[ds] b/b.vmx";
} // namespace

TEST_CASE("clone arguments: full and linked, options in both forms")
{
  auto r = parse({k_src, k_dst, "full"});
  REQUIRE(r);
  CHECK(r->source == k_src);
  CHECK(r->destination == k_dst);
  CHECK_FALSE(r->linked);
  CHECK_FALSE(r->snapshot);
  CHECK_FALSE(r->clone_name);

  r = parse({k_src, k_dst, "LINKED", "-snapshot=base", "-cloneName=ci-42"});
  REQUIRE(r);
  CHECK(r->linked);
  CHECK(*r->snapshot == "base");
  CHECK(*r->clone_name == "ci-42");

  r = parse({k_src, k_dst, "linked", "-cloneName=n", "-snapshot", "a/b c"}); // PACKER's form
  REQUIRE(r);
  CHECK(*r->snapshot == "a/b c");
  CHECK(*r->clone_name == "n");

  r = parse({k_src, k_dst, "full", "-SNAPSHOT=x=y", "-clonename=z"});
  REQUIRE(r);
  CHECK(*r->snapshot == "x=y");
  CHECK(*r->clone_name == "z");

  r = parse({k_src, k_dst, "linked", "-snapshot", "-cloneName=x"}); // the name is the next token
  REQUIRE(r);
  CHECK(*r->snapshot == "-cloneName=x");
}

TEST_CASE("clone arguments: vCenter placement and customization, both forms")
{
  auto r = parse({k_src, k_dst, "full", "-pool=/DC0/host/C0/Resources/ci", "-HOST", "esx-7",
                  "-folder", "/DC0/vm/ci", "-Customize=linux spec", "-cloneName", "ci 1"});
  REQUIRE(r);
  CHECK(*r->pool == "/DC0/host/C0/Resources/ci");
  CHECK(*r->host == "esx-7");
  CHECK(*r->folder == "/DC0/vm/ci");
  CHECK(*r->customize == "linux spec");
  CHECK(*r->clone_name == "ci 1");
  CHECK_FALSE(r->snapshot);

  r = parse({k_src, k_dst, "linked", "-snapshot=base", "-pool", "ci"});
  REQUIRE(r);
  CHECK(*r->pool == "ci");
  CHECK_FALSE(r->host);
  CHECK_FALSE(r->folder);
  CHECK_FALSE(r->customize);
}

TEST_CASE("clone arguments: usage errors")
{
  CHECK_FALSE(parse({k_src, k_dst}));
  CHECK_FALSE(parse({k_src, k_dst, "medium"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-snapshot"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-snapshot="}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-cloneName="}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-snapshot=a", "-snapshot", "b"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-cloneName=a", "-cloneName=b"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "base"})); // MAN 2012's positional form
  CHECK_FALSE(parse({k_src, k_dst, "full", "-snapshots=a"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-pool="}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-host"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-folder=a", "-FOLDER=b"}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-customize", ""}));
  CHECK_FALSE(parse({k_src, k_dst, "full", "-resourcePool=a"}));
}
