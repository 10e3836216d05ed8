// SPDX-License-Identifier: Apache-2.0

#include "core/vm/variables.h"

#include "core/errors/faults.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"
#include "util/text.h"

#include <array>
#include <optional>
#include <vector>

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlNode;
using transport::XmlWriter;

namespace {

constexpr std::string_view k_guestinfo = "guestinfo.";
constexpr const char* k_extra_config = "config.extraConfig";

// Keys of a .vmx file that vSphere keeps in the VM's configuration, not in extraConfig, and the
// property read for them when extraConfig has no such key (docs/behaviour.md#vmx-keys).
struct ConfigKey {
  std::string_view key;
  const char* property;
};
constexpr std::array<ConfigKey, 6> k_config_keys{{
  {"displayName", "config.name"},
  {"annotation", "config.annotation"},
  {"memsize", "config.hardware.memoryMB"},
  {"numvcpus", "config.hardware.numCPU"},
  {"guestOS", "config.guestId"},
  {"guestinfo.ip", "guest.ipAddress"},
}};

const char* config_property(std::string_view key)
{
  for (const auto& entry : k_config_keys) {
    if (util::iequals(entry.key, key)) {
      return entry.property;
    }
  }
  return nullptr;
}

std::optional<std::string> find_option(const XmlNode& extra_config, std::string_view key)
{
  if (!extra_config) {
    return std::nullopt;
  }
  // <val xsi:type="ArrayOfOptionValue"><OptionValue><key>k</key><value>v</value></OptionValue>...
  for (const XmlNode& option : extra_config.children()) {
    if (option.child_text("key") == key) {
      return option.child_text("value");
    }
  }
  return std::nullopt;
}

} // namespace

std::string extra_config_key(VariableType type, std::string_view name)
{
  if (type == VariableType::runtime_config || util::istarts_with(name, k_guestinfo)) {
    return std::string(name);
  }
  return std::string(k_guestinfo) + std::string(name);
}

std::string option_value(const XmlNode& extra_config, std::string_view key)
{
  return find_option(extra_config, key).value_or(std::string());
}

std::string read_variable(Session& session, const std::string& vmx, VariableType type,
                          std::string_view name)
{
  return with_vm_errors(vmx, [&] {
    const std::string key = extra_config_key(type, name);
    const char* property = config_property(key);
    std::vector<std::string> wanted{k_extra_config};
    if (property) {
      wanted.emplace_back(property); // in the same round trip
    }
    const VmHandle vm = find_vm(session, vmx, wanted);
    if (auto value = find_option(vm.props.prop(k_extra_config), key)) {
      return *value;
    }
    return property ? vm.props.text(property) : std::string();
  });
}

void write_variable(Session& session, const std::string& vmx, VariableType type,
                    std::string_view name, std::string_view value, seconds timeout)
{
  with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm_not_template(session, vmx);
    XmlWriter w("ReconfigVM_Task", vm.ref);
    w.open("spec").open("extraConfig", "OptionValue");
    w.text("key", extra_config_key(type, name)).typed_text("value", "xsd:string", value);
    w.close().close();
    run_task(session, w, timeout);
  });
}

} // namespace vmrun::core
