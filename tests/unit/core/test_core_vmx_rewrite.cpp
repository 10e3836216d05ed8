// SPDX-License-Identifier: Apache-2.0

#include "core/clone/vmx_rewrite.h"

#include <doctest/doctest.h>

using namespace vmrun::core;

namespace {
const char* const k_vmx = R"(.encoding = "UTF-8"
config.version = "8"
displayName = "base"
nvram = "base.nvram"
extendedConfigFile = "base.vmxf"
uuid.bios = "56 4d 12"
uuid.location = "56 4d 34"
vc.uuid = "52 aa"
vmci0.id = "12345"
sched.swap.derivedName = "/vmfs/volumes/ds/base/base-1.vswp"
checkpoint.vmState = "base.vmss"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "base.vmdk"
SCSI0:1.fileName = "base_1.vmdk"
scsi0:1.present = "TRUE"
ethernet0.present = "TRUE"
ethernet0.addressType = "generated"
ethernet0.generatedAddress = "00:0c:29:aa:bb:cc"
ethernet0.generatedAddressOffset = "0"
ethernet1.address = "00:50:56:00:00:01"
# a comment
guestinfo.build = "41"
)";
}

TEST_CASE("parse_vmx reads key = value lines, quotes optional, comments skipped")
{
  const auto entries = parse_vmx("a = \"1\"\n# c\n\n  b=2 \nnoequals\n");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "a");
  CHECK(entries[0].value == "1");
  CHECK(entries[1].key == "b");
  CHECK(entries[1].value == "2");
}

TEST_CASE("rewrite_vmx: full clone renames disks and drops the source's identity")
{
  VmxRewrite spec{
    "My \"Clone\"", "clone", {{"scsi0:0", "clone.vmdk"}, {"scsi0:1", "clone_1.vmdk"}}, {}, {}};
  const std::string out = rewrite_vmx(k_vmx, spec);
  CHECK(out.rfind(".encoding = \"UTF-8\"\n", 0) == 0);
  CHECK(out.find("displayName = \"My |22Clone|22\"\n") != std::string::npos);
  CHECK(out.find("nvram = \"clone.nvram\"\n") != std::string::npos);
  CHECK(out.find("extendedConfigFile = \"clone.vmxf\"\n") != std::string::npos);
  CHECK(out.find("scsi0:0.fileName = \"clone.vmdk\"\n") != std::string::npos);
  CHECK(out.find("SCSI0:1.fileName = \"clone_1.vmdk\"\n") != std::string::npos);
  for (const char* gone : {"uuid.bios", "uuid.location", "vc.uuid", "vmci0.id", "swap.derived",
                           "checkpoint.vmState", "generatedAddress", "base.vmdk", "base"}) {
    CHECK_MESSAGE(out.find(gone) == std::string::npos, gone);
  }
  // Kept: hardware, the addressType, a static MAC, guestinfo.
  CHECK(out.find("scsi0.virtualDev = \"pvscsi\"\n") != std::string::npos);
  CHECK(out.find("ethernet0.addressType = \"generated\"\n") != std::string::npos);
  CHECK(out.find("ethernet1.address = \"00:50:56:00:00:01\"\n") != std::string::npos);
  CHECK(out.find("guestinfo.build = \"41\"\n") != std::string::npos);
}

TEST_CASE("rewrite_vmx: linked clone drops the disks that are added as child disks later")
{
  VmxRewrite spec{"lc", "lc", {}, {"scsi0:0", "scsi0:1"}, {}};
  const std::string out = rewrite_vmx(k_vmx, spec);
  CHECK(out.find("scsi0:0.") == std::string::npos);
  CHECK(out.find("SCSI0:1.") == std::string::npos);
  CHECK(out.find("scsi0:1.") == std::string::npos);
  CHECK(out.find("scsi0.present = \"TRUE\"\n") != std::string::npos); // the controller stays
  CHECK(out.find("displayName = \"lc\"\n") != std::string::npos);
}

TEST_CASE("rewrite_vmx: an empty vmx still gets a name, and listed disks are kept")
{
  VmxRewrite spec{"x", "x", {{"scsi0:0", "x.vmdk"}}, {}, {}};
  CHECK(rewrite_vmx("", spec) == "displayName = \"x\"\nnvram = \"x.nvram\"\n"
                                 "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"x.vmdk\"\n");
}

TEST_CASE("rewrite_vmx: settings replace a key whatever its case, or are added")
{
  VmxRewrite spec{"x", "x", {}, {}, {{"memSize", "2048"}, {"firmware", "efi"}}};
  const std::string out = rewrite_vmx("MEMSIZE = \"512\"\nnumvcpus = \"2\"\n", spec);
  CHECK(out == "MEMSIZE = \"2048\"\nnumvcpus = \"2\"\ndisplayName = \"x\"\n"
               "nvram = \"x.nvram\"\nfirmware = \"efi\"\n");
}

TEST_CASE("vmx_nvram_file: the nvram key, else the host's default; absolute or outside: none")
{
  CHECK(vmx_nvram_file(k_vmx, "base") == "base.nvram");
  CHECK(vmx_nvram_file("displayName = \"a\"\n", "vm") == "vm.nvram");
  CHECK(vmx_nvram_file("NVRAM = \"my|22efi|22.nvram\"\n", "vm") == "my\"efi\".nvram");
  CHECK(vmx_nvram_file("nvram = \"sub/x.nvram\"\n", "vm") == "sub/x.nvram");
  CHECK(vmx_nvram_file("nvram = \"/vmfs/volumes/ds/x.nvram\"\n", "vm") == std::nullopt);
  CHECK(vmx_nvram_file("nvram = \"../other/x.nvram\"\n", "vm") == std::nullopt);
  CHECK(vmx_nvram_file("nvram = \"\"\n", "vm") == std::nullopt);
  CHECK(vmx_nvram_file("nvram = \"x.nvram/\"\n", "vm") == std::nullopt); // a directory
  CHECK(vmx_nvram_file("nvram = \"a//x.nvram\"\n", "vm") == std::nullopt);
}

TEST_CASE("vmx_unescape undoes vmx_escape")
{
  CHECK(vmx_unescape("a|7Cb|22c") == "a|b\"c");
  CHECK(vmx_unescape(vmx_escape("x\"|\ty")) == "x\"|\ty");
  CHECK(vmx_unescape("|zz|4") == "|zz|4");
}

TEST_CASE("identity keys")
{
  CHECK(is_vmx_identity_key("UUID.BIOS"));
  CHECK(is_vmx_identity_key("ethernet12.generatedAddress"));
  CHECK_FALSE(is_vmx_identity_key("ethernet.generatedAddress"));
  CHECK_FALSE(is_vmx_identity_key("ethernet0.address"));
  CHECK(vmx_escape("a|b\"c") == "a|7Cb|22c");
}
