// SPDX-License-Identifier: Apache-2.0

#include "cli/flags.h"
#include "cli/settings.h"

#include <doctest/doctest.h>

#include <string_view>

using namespace vmrun::cli;

TEST_CASE("flag values and manual texts live in the flag rows")
{
  const auto* host_type = find_global_flag("-T");
  REQUIRE(host_type);
  CHECK(host_type->values.size() == 4);
  CHECK(host_type->values.data() == vsphere_host_types().data());
  for (const auto type : host_type->values) {
    CHECK(is_vsphere_host_type(type));
    CHECK(host_type->help.find(type) != std::string_view::npos);
  }
  const auto* tls = find_global_flag("--tls");
  REQUIRE(tls);
  CHECK(tls->values.size() == 3);
  for (const auto mode : tls->values) {
    CHECK(tls->help.find(mode) != std::string_view::npos);
  }
  CHECK(find_global_flag("-u")->values.empty());
  for (const auto& flag : global_flags()) {
    CAPTURE(flag.spelling);
    CHECK_FALSE(flag.manual.empty());
    CHECK(flag.manual.ends_with('.'));
  }
}
