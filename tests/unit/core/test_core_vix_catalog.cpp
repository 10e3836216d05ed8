#include "core/errors/error.h"
#include "core/errors/vix_catalog.h"

#include <doctest/doctest.h>

#include <set>

using namespace vmrun::core;

TEST_CASE("vix_catalog")
{
  std::set<int> codes;
  for (const auto& entry : vix_catalog()) {
    CHECK(codes.insert(entry.code).second); // one entry per code
  }
  CHECK(codes.count(vix::vm_not_found) == 1);
}

TEST_CASE("vix_text")
{
  SUBCASE("observed runtime texts are used as they are")
  {
    CHECK(vix_text(vix::vm_not_found) == "The virtual machine cannot be found");
    CHECK(vix_text(vix::not_supported) ==
          "The operation is not supported for the specified parameters");
    CHECK(vix_text(vix::file_not_found) == "A file was not found");
    CHECK(vix_text(vix::fail) == "Unknown error");
  }
  SUBCASE("one-sentence documentation texts lose their final period")
  {
    CHECK(vix_text(vix::invalid_arg) == "One of the parameters was invalid");
    CHECK(vix_text(vix::vm_already_loaded) == "The virtual machine has already been loaded");
  }
  SUBCASE("texts of several sentences keep theirs")
  {
    CHECK(vix_text(8) == "An error occurred while writing a file; the disk is full. Data has "
                         "not been saved. Free some space and try again.");
  }
  SUBCASE("unknown codes")
  {
    CHECK(vix_text(999999) == "Unknown error");
  }
}
