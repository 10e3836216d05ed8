// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// One `key = "value"` line of a .vmx file; `value` is kept as written (vmx escapes such as
// |22 untouched).
struct VmxEntry {
  std::string key;
  std::string value;
};

// Parses a .vmx text: `key = "value"` lines (quotes optional), blank lines and `#` comments
// skipped. Keys keep their spelling; vmx keys compare case-insensitively.
std::vector<VmxEntry> parse_vmx(std::string_view text);

// Writes entries back, one `key = "value"` line each, `.encoding` first when present.
std::string format_vmx(const std::vector<VmxEntry>& entries);

// Escapes a value for a .vmx line: `"` and `|` (and control characters) become |XX.
std::string vmx_escape(std::string_view value);

// What turns a VM's .vmx into its clone's.
struct VmxRewrite {
  std::string display_name; // the clone's displayName
  std::string stem;         // the clone's vmx file name without ".vmx" (nvram, vmxf names)
  // Disk device id ("scsi0:0", lower case) -> the clone's disk file name for `<id>.fileName`.
  std::map<std::string, std::string> disk_files;
  // Device ids (lower case) whose `<id>.*` lines are removed (disks added after registering).
  std::set<std::string> drop_devices;
  // Keys set to these (already escaped) values, added when the source lacks them: the hardware
  // of the snapshot cloned from.
  std::vector<VmxEntry> settings;
};

// The clone's .vmx: displayName set; disk file names replaced or disks dropped as asked; the
// source's identity dropped so the host gives the clone its own (uuid.bios, uuid.location,
// vc.uuid, ethernetN generated MAC addresses, vmci0.id, the swap file, a suspended state's
// checkpoint.vmState); nvram and extendedConfigFile renamed after the clone (nvram added when the
// source has none, so that the clone names the copy of the source's nvram explicitly).
std::string rewrite_vmx(std::string_view source, const VmxRewrite& spec);

// Undoes vmx_escape: |XX (two hex digits) becomes that byte; anything else stays as written.
std::string vmx_unescape(std::string_view value);

// The source's nvram file, relative to the directory of its vmx: the `nvram` key's value, or
// "<vmx_stem>.nvram" when there is none (the host's default). nullopt when the vmx names it by an
// absolute path or outside its directory ("..", "/vmfs/volumes/..."): such a file is not copied
// (the clone gets a new nvram at its first power-on).
std::optional<std::string> vmx_nvram_file(std::string_view vmx, std::string_view vmx_stem);

// Whether `key` is source identity that rewrite_vmx drops.
bool is_vmx_identity_key(std::string_view key);

} // namespace vmrun::core
