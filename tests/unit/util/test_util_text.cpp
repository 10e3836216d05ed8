// SPDX-License-Identifier: Apache-2.0

#include "util/text.h"

#include <doctest/doctest.h>

using namespace vmrun::util;

TEST_CASE("iequals ignores ASCII case only")
{
  CHECK(iequals("runProgramInGuest", "RUNPROGRAMINGUEST"));
  CHECK(iequals("", ""));
  CHECK_FALSE(iequals("esx", "esxi"));
  CHECK_FALSE(iequals("a", "b"));
  CHECK_FALSE(iequals("\xc3\xa9", "\xc3\x89")); // é and É: not ASCII, compared exactly
  CHECK(iequals("@[`{", "@[`{"));               // the neighbours of A-Z and a-z are not letters
  CHECK_FALSE(iequals("@", "`"));
  CHECK_FALSE(iequals("[", "{"));
}

TEST_CASE("istarts_with and iends_with")
{
  CHECK(istarts_with("Set-Cookie: a=b", "set-cookie:"));
  CHECK(istarts_with("GuestInfo.build", "guestinfo."));
  CHECK(istarts_with("abc", ""));
  CHECK_FALSE(istarts_with("guestinfo", "guestinfo."));
  CHECK(iends_with("dir/name.VMX", ".vmx"));
  CHECK_FALSE(iends_with("vmx", ".vmx"));
  CHECK_FALSE(iends_with("dir/name.vmxf", ".vmx"));
}

TEST_CASE("to_lower and ascii_lower")
{
  CHECK(to_lower("ScSi0:1.FileName") == "scsi0:1.filename");
  CHECK(to_lower("") == "");
  CHECK(to_lower("\xc3\x89t\xc3\xa9") == "\xc3\x89t\xc3\xa9");
  CHECK(ascii_lower('Z') == 'z');
  CHECK(ascii_lower('[') == '[');
}
