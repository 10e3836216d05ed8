// SPDX-License-Identifier: Apache-2.0

// A .vmx file as clone reads and rewrites it (core/clone/vmx_rewrite.h): parse_vmx,
// format_vmx, vmx_escape (read back by vmx_unescape), is_vmx_identity_key, vmx_nvram_file and
// rewrite_vmx, with the promises clone relies on: formatting is stable, the clone has exactly one
// displayName and no source identity, and the nvram named is inside the VM's directory.
#include "core/clone/vmx_rewrite.h"
#include "fuzz_support.h"

#include <algorithm>
#include <cctype>

using namespace vmrun;

namespace {

bool iequal(std::string_view a, std::string_view b)
{
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const auto entries = core::parse_vmx(text);
  const std::string formatted = core::format_vmx(entries);
  fuzz::require(core::format_vmx(core::parse_vmx(formatted)) == formatted,
                "format_vmx output parses back to itself");

  // A spec in the shape clone builds: a display name (from the input, to reach the escaping),
  // the clone's stem, a renamed and a dropped disk taken from the source's own device ids.
  if (const auto nvram = core::vmx_nvram_file(text, "vm")) {
    const std::string wrapped = "/" + *nvram + "/";
    fuzz::require(!nvram->empty() && nvram->front() != '/' &&
                    wrapped.find("/../") == std::string::npos &&
                    wrapped.find("//") == std::string::npos,
                  "vmx_nvram_file names a file inside the VM's directory");
  }
  core::VmxRewrite spec;
  spec.display_name = entries.empty() ? std::string("clone") : entries.front().value;
  spec.stem = "clone";
  for (const auto& entry : entries) {
    const std::string escaped = core::vmx_escape(entry.value);
    fuzz::require(escaped.find_first_of("\"\n\r") == std::string::npos,
                  "vmx_escape leaves no quote or line break");
    fuzz::require(core::vmx_unescape(escaped) == entry.value, "vmx_unescape reads vmx_escape back");
    const auto dot = entry.key.find('.');
    if (dot == std::string::npos || dot == 0) {
      continue;
    }
    std::string device = entry.key.substr(0, dot);
    std::transform(device.begin(), device.end(), device.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (spec.disk_files.empty()) {
      spec.disk_files[device] = "clone.vmdk";
    } else if (spec.drop_devices.empty() && spec.disk_files.count(device) == 0) {
      spec.drop_devices.insert(device);
    }
  }
  const std::string clone = core::rewrite_vmx(text, spec);
  std::size_t names = 0;
  for (const auto& entry : core::parse_vmx(clone)) {
    fuzz::require(!core::is_vmx_identity_key(entry.key), "no source identity in the clone");
    if (iequal(entry.key, "displayName")) {
      ++names;
      fuzz::require(entry.value == core::vmx_escape(spec.display_name),
                    "the clone's displayName is the one asked for");
    }
  }
  fuzz::require(names == 1, "the clone has exactly one displayName");
  return 0;
}
