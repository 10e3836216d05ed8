// SPDX-License-Identifier: Apache-2.0

#include "core/files/datastore_files.h"

#include <doctest/doctest.h>

using namespace vmrun::core;

TEST_CASE("percent_encode")
{
  CHECK(percent_encode("a b/c&d", true) == "a%20b/c%26d");
  CHECK(percent_encode("a b/c&d", false) == "a%20b%2Fc%26d");
  CHECK(percent_encode("Ünï~._-", false) == "%C3%9Cn%C3%AF~._-");
}

TEST_CASE("datastore_file_url")
{
  const vmrun::transport::Endpoint esx{"127.0.0.1", 8989};
  const DatastorePath file{"", "datastore 1", "my vm/my vm.vmx"};
  CHECK(
    datastore_file_url(esx, "ha-datacenter", file) ==
    "https://127.0.0.1:8989/folder/my%20vm/my%20vm.vmx?dcPath=ha-datacenter&dsName=datastore%201");
  const vmrun::transport::Endpoint v6{"::1", 443};
  CHECK(datastore_file_url(v6, "east/DC1", {"", "ds", "a.png"}) ==
        "https://[::1]:443/folder/a.png?dcPath=east%2FDC1&dsName=ds");
}
