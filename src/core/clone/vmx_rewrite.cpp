// SPDX-License-Identifier: Apache-2.0

#include "core/clone/vmx_rewrite.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace vmrun::core {

namespace {

std::string_view trim(std::string_view text)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

// "ethernet12.generatedAddress" -> true for the suffix after "ethernet<digits>.".
bool ethernet_key(std::string_view key, std::string_view suffix)
{
  if (!starts_with(key, "ethernet")) {
    return false;
  }
  std::size_t i = 8;
  const std::size_t digits = i;
  while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) {
    ++i;
  }
  return i > digits && i < key.size() && key[i] == '.' && key.substr(i + 1) == suffix;
}

// The device id of a key such as "scsi0:1.fileName" ("scsi0:1"), or "" when it has none.
std::string device_of(std::string_view key)
{
  const auto dot = key.find('.');
  return dot == std::string_view::npos ? std::string() : util::to_lower(key.substr(0, dot));
}

} // namespace

std::string vmx_unescape(std::string_view value)
{
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto hex = [&](std::size_t at) {
      return at < value.size() && std::isxdigit(static_cast<unsigned char>(value[at]));
    };
    if (value[i] == '|' && hex(i + 1) && hex(i + 2)) {
      out += static_cast<char>(std::stoi(std::string(value.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += value[i];
    }
  }
  return out;
}

std::optional<std::string> vmx_nvram_file(std::string_view vmx, std::string_view vmx_stem)
{
  std::string file = std::string(vmx_stem) + ".nvram";
  for (const auto& e : parse_vmx(vmx)) {
    if (util::to_lower(e.key) == "nvram") {
      file = vmx_unescape(e.value);
    }
  }
  if (file.empty() || file.front() == '/') {
    return std::nullopt;
  }
  // Every part between slashes a name: no "..", no empty part (which also refuses a trailing
  // slash, a directory).
  for (std::size_t start = 0;;) {
    const auto end = file.find('/', start);
    const std::string_view part = std::string_view(file).substr(start, end - start);
    if (part.empty() || part == "..") {
      return std::nullopt;
    }
    if (end == std::string::npos) {
      return file;
    }
    start = end + 1;
  }
}

std::vector<VmxEntry> parse_vmx(std::string_view text)
{
  std::vector<VmxEntry> entries;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    std::string_view key = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!key.empty()) {
      entries.push_back({std::string(key), std::string(value)});
    }
  }
  return entries;
}

std::string format_vmx(const std::vector<VmxEntry>& entries)
{
  std::string out;
  for (const auto& e : entries) {
    if (util::to_lower(e.key) == ".encoding") {
      out += fmt::format("{} = \"{}\"\n", e.key, e.value);
    }
  }
  for (const auto& e : entries) {
    if (util::to_lower(e.key) != ".encoding") {
      out += fmt::format("{} = \"{}\"\n", e.key, e.value);
    }
  }
  return out;
}

std::string vmx_escape(std::string_view value)
{
  std::string out;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '|' || u < 0x20) {
      out += fmt::format("|{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

bool is_vmx_identity_key(std::string_view key)
{
  const std::string k = util::to_lower(key);
  static const std::set<std::string> exact{
    "uuid.bios",              // SMBIOS UUID: the host makes a new one
    "uuid.location",          // where the vmx was: its absence means "new VM, not moved"
    "vc.uuid",                // vCenter's instance UUID
    "vmci0.id",               // the VMCI context id, derived from the UUID
    "sched.swap.derivedname", // the source's swap file
    "checkpoint.vmstate",     // a suspended source's memory image
    "migrate.hostlog",        // the source's migration log
    "migrate.hostlogstate",
  };
  return exact.count(k) != 0 || ethernet_key(k, "generatedaddress") ||
         ethernet_key(k, "generatedaddressoffset");
}

std::string rewrite_vmx(std::string_view source, const VmxRewrite& spec)
{
  std::vector<VmxEntry> out;
  bool named = false;
  bool has_nvram = false;
  std::set<std::string> renamed;
  std::map<std::string, const VmxEntry*> settings; // lower-case key -> setting
  for (const auto& setting : spec.settings) {
    settings[util::to_lower(setting.key)] = &setting;
  }
  for (auto& e : parse_vmx(source)) {
    const std::string k = util::to_lower(e.key);
    if (is_vmx_identity_key(k)) {
      continue;
    }
    if (const auto it = settings.find(k); it != settings.end()) {
      e.value = it->second->value;
    }
    const std::string device = device_of(k);
    if (!device.empty() && spec.drop_devices.count(device) != 0) {
      continue;
    }
    if (k == "displayname") {
      if (named) {
        continue;
      }
      e.value = vmx_escape(spec.display_name);
      named = true;
    } else if (k == "nvram") {
      e.value = vmx_escape(spec.stem + ".nvram");
      has_nvram = true;
    } else if (k == "extendedconfigfile") {
      e.value = vmx_escape(spec.stem + ".vmxf");
    } else if (!device.empty() && k == device + ".filename") {
      if (auto it = spec.disk_files.find(device); it != spec.disk_files.end()) {
        e.value = vmx_escape(it->second);
        renamed.insert(device);
      }
    }
    out.push_back(std::move(e));
  }
  if (!named) {
    out.push_back({"displayName", vmx_escape(spec.display_name)});
  }
  if (!has_nvram) {
    out.push_back({"nvram", vmx_escape(spec.stem + ".nvram")});
  }
  for (const auto& setting : spec.settings) {
    const std::string k = util::to_lower(setting.key);
    if (std::none_of(out.begin(), out.end(),
                     [&](const VmxEntry& e) { return util::to_lower(e.key) == k; })) {
      out.push_back(setting);
    }
  }
  // A disk the source's vmx did not list (an incomplete file): keep it rather than lose it.
  for (const auto& [device, file] : spec.disk_files) {
    if (renamed.count(device) == 0) {
      out.push_back({device + ".present", "TRUE"});
      out.push_back({device + ".fileName", vmx_escape(file)});
    }
  }
  return format_vmx(out);
}

} // namespace vmrun::core
