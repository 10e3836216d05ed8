// SPDX-License-Identifier: Apache-2.0

#include "cli/output.h"
#include "cli/text.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace vmrun::cli;
using vmrun::core::Error;

TEST_CASE("json_escape")
{
  CHECK(json_escape("plain [ds] a/b.vmx") == "plain [ds] a/b.vmx");
  CHECK(json_escape("q\"b\\") == "q\\\"b\\\\");
  CHECK(json_escape("a\nb\rc\td\be\f") == "a\\nb\\rc\\td\\be\\f");
  CHECK(json_escape(std::string("\x01\x1f\x7f", 3)) == "\\u0001\\u001f\\u007f");
  CHECK(json_escape(std::string("nul\0x", 5)) == "nul\\u0000x");
  CHECK(json_escape("caf\xc3\xa9 /") == "caf\xc3\xa9 /"); // UTF-8 and '/' unchanged
  CHECK(json_string("x\"") == "\"x\\\"\"");
}

TEST_CASE("json_error and json_vm_list")
{
  CHECK(json_error(3, "One of the parameters was invalid") ==
        R"({"error": {"code": 3, "message": "One of the parameters was invalid"}})");
  CHECK(json_error(1, "say \"hi\"\n") == R"({"error": {"code": 1, "message": "say \"hi\"\n"}})");
  CHECK(json_vm_list({}) == R"({"count": 0, "vms": []})");
  CHECK(json_vm_list({"[ds1] a/a.vmx", "[ds2] \"b\"/b.vmx"}) ==
        R"({"count": 2, "vms": ["[ds1] a/a.vmx", "[ds2] \"b\"/b.vmx"]})");
}

TEST_CASE("print_error")
{
  std::ostringstream out;
  std::ostringstream err;
  const Error error(18000, "Cannot connect to h:443: Connection refused",
                    {"Unable to connect to host."}, "vmrun: is the host up?");
  SUBCASE("text")
  {
    print_error(error, OutputFormat::text, out, err);
    CHECK(out.str() ==
          "Unable to connect to host.\nError: Cannot connect to h:443: Connection refused\n");
    CHECK(err.str() == "vmrun: is the host up?\n");
  }
  SUBCASE("json")
  {
    print_error(error, OutputFormat::json, out, err);
    CHECK(out.str() ==
          "{\"error\": {\"code\": 18000, \"message\": \"Cannot connect to h:443: Connection "
          "refused\"}}\n");
    CHECK(err.str() == "vmrun: is the host up?\n");
  }
  SUBCASE("no hint: nothing on stderr")
  {
    print_error(Error(vmrun::core::vix::not_supported,
                      "The operation is not supported for the specified parameters"),
                OutputFormat::text, out, err);
    CHECK(out.str() == "Error: The operation is not supported for the specified parameters\n");
    CHECK(err.str().empty());
  }
}

TEST_CASE("print_vm_list")
{
  std::ostringstream out;
  SUBCASE("text")
  {
    print_vm_list("Total running VMs: ", {"[ds] a/a.vmx", "[ds] b/b.vmx"}, OutputFormat::text, out);
    CHECK(out.str() == "Total running VMs: 2\n[ds] a/a.vmx\n[ds] b/b.vmx\n");
  }
  SUBCASE("empty")
  {
    print_vm_list("Total registered VMs: ", {}, OutputFormat::text, out);
    CHECK(out.str() == "Total registered VMs: 0\n");
  }
  SUBCASE("json")
  {
    print_vm_list("Total running VMs: ", {"[ds] a/a.vmx"}, OutputFormat::json, out);
    CHECK(out.str() == "{\"count\": 1, \"vms\": [\"[ds] a/a.vmx\"]}\n");
  }
}

TEST_CASE("split_lines")
{
  CHECK(split_lines("").empty());
  CHECK(split_lines("a") == std::vector<std::string_view>{"a"});
  CHECK(split_lines("a\n\nb") == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split_lines("a\n") == std::vector<std::string_view>{"a"});
}
