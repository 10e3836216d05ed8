// SPDX-License-Identifier: Apache-2.0

#include "core/vm/variables.h"

#include "core/errors/faults.h"
#include "core/vsphere/vm_lookup.h"
#include "core/vsphere/wait.h"
#include "util/text.h"

namespace vmrun::core {

using std::chrono::seconds;
using transport::XmlNode;
using transport::XmlWriter;

namespace {

constexpr std::string_view k_guestinfo = "guestinfo.";
constexpr const char* k_extra_config = "config.extraConfig";

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
  if (!extra_config) {
    return {};
  }
  // <val xsi:type="ArrayOfOptionValue"><OptionValue><key>k</key><value>v</value></OptionValue>...
  for (const XmlNode& option : extra_config.children()) {
    if (option.child_text("key") == key) {
      return option.child_text("value");
    }
  }
  return {};
}

std::string read_variable(Session& session, const std::string& vmx, VariableType type,
                          std::string_view name)
{
  return with_vm_errors(vmx, [&] {
    const VmHandle vm = find_vm(session, vmx, {k_extra_config});
    return option_value(vm.props.prop(k_extra_config), extra_config_key(type, name));
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
