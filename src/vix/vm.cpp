// SPDX-License-Identifier: Apache-2.0

#include "vix/vm.h"

#include "core/errors/faults.h"
#include "core/vsphere/properties.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/vm_lookup.h"
#include "vix/errors.h"
#include "vix/job.h"

namespace vmrun::vix {

namespace {

constexpr const char* k_num_cpu = "config.hardware.numCPU";
constexpr const char* k_memory = "config.hardware.memoryMB";
constexpr const char* k_guest_id = "config.guestId";
constexpr const char* k_name = "config.name";

// VIX_PROPERTY_VM_SUPPORTED_FEATURES on vSphere: no shared folders (vSphere has none).
constexpr int k_vsphere_features = VIX_VM_SUPPORT_MULTIPLE_SNAPSHOTS |
                                   VIX_VM_SUPPORT_TOOLS_INSTALL | VIX_VM_SUPPORT_HARDWARE_UPGRADE;

int to_int(const std::string& text)
{
  try {
    return text.empty() ? 0 : std::stoi(text);
  } catch (const std::exception&) {
    return 0; // a server that sends no number for a number: nothing better to say
  }
}

bool tools_running(const core::ObjectContent& vm)
{
  return vm.text(core::paths::tools_running) == "guestToolsRunning";
}

int power_state(const core::ObjectContent& vm)
{
  const std::string state = vm.text(core::paths::power_state);
  int bits = state == "poweredOn"   ? VIX_POWERSTATE_POWERED_ON
             : state == "suspended" ? VIX_POWERSTATE_SUSPENDED
                                    : VIX_POWERSTATE_POWERED_OFF;
  if (tools_running(vm)) {
    bits |= VIX_POWERSTATE_TOOLS_RUNNING;
  }
  if (vm.prop(core::paths::question)) {
    bits |= VIX_POWERSTATE_BLOCKED_ON_MSG;
  }
  return bits;
}

int tools_state(const core::ObjectContent& vm)
{
  if (tools_running(vm)) {
    return VIX_TOOLSSTATE_RUNNING;
  }
  if (vm.text(core::paths::tools_version) == "guestToolsNotInstalled") {
    return VIX_TOOLSSTATE_NOT_INSTALLED;
  }
  return VIX_TOOLSSTATE_UNKNOWN;
}

Record answers(const core::ObjectContent& vm)
{
  return Record{
    {VIX_PROPERTY_VM_NUM_VCPUS, to_int(vm.text(k_num_cpu))},
    {VIX_PROPERTY_VM_VMX_PATHNAME, vm.text(core::paths::vm_path)},
    {VIX_PROPERTY_VM_VMTEAM_PATHNAME, std::string()},
    {VIX_PROPERTY_VM_MEMORY_SIZE, to_int(vm.text(k_memory))},
    {VIX_PROPERTY_VM_READ_ONLY, false},
    {VIX_PROPERTY_VM_NAME, vm.text(k_name)},
    {VIX_PROPERTY_VM_GUESTOS, vm.text(k_guest_id)},
    {VIX_PROPERTY_VM_IN_VMTEAM, false},
    {VIX_PROPERTY_VM_POWER_STATE, power_state(vm)},
    {VIX_PROPERTY_VM_TOOLS_STATE, tools_state(vm)},
    {VIX_PROPERTY_VM_IS_RUNNING, vm.text(core::paths::power_state) == "poweredOn"},
    {VIX_PROPERTY_VM_SUPPORTED_FEATURES, k_vsphere_features},
    {VIX_PROPERTY_VM_IS_RECORDING, false},
    {VIX_PROPERTY_VM_IS_REPLAYING, false},
    {VIX_PROPERTY_VM_SSL_ERROR, false},
    {VIX_PROPERTY_GUEST_SHAREDFOLDERS_SHARES_PATH, std::string()},
  };
}

} // namespace

void Vm::check_usable() const
{
  if (deleted()) {
    throw VixFailure{VIX_E_VM_NOT_FOUND, "The virtual machine was deleted"};
  }
}

void open_vm(JobRun& run, const std::shared_ptr<Host>& host, const std::string& vmx)
{
  const transport::MoRef ref = host->with_session(
    [&](core::Session& session) { return core::find_vm(session, vmx).ref; });
  VixHandle handle = handles().share(host->handle(), Kind::vm, [&](const Object& object) {
    const auto& vm = static_cast<const Vm&>(object);
    return vm.vmx() == vmx && !vm.deleted();
  });
  if (handle == VIX_INVALID_HANDLE) {
    auto vm = std::make_shared<Vm>(host, vmx, ref);
    handle = handles().add(vm);
    // The VM keeps its host (docs/libvix.md#held-handles).
    if (!handles().hold(*vm, host->handle())) {
      handles().release(handle);
      throw VixFailure{VIX_E_CANCELLED, {}}; // the host was disconnected meanwhile
    }
  }
  run.set_result_handle(handle);
}

void read_vm_properties(Vm& vm, const std::vector<OutputRequest>& requests)
{
  vm.check_usable();
  for (const auto& request : requests) {
    if (!carries(Kind::vm, request.id)) {
      throw VixFailure{VIX_E_UNRECOGNIZED_PROPERTY, {}};
    }
  }
  if (requests.empty()) {
    return;
  }
  const std::vector<std::string> paths{core::paths::vm_path,
                                       core::paths::power_state,
                                       core::paths::question,
                                       k_num_cpu,
                                       k_memory,
                                       k_guest_id,
                                       k_name,
                                       core::paths::tools_running,
                                       core::paths::tools_version};
  const core::ObjectContent content = vm.host()->with_session([&](core::Session& session) {
    return core::with_vm_errors(vm.vmx(),
                                [&] { return core::retrieve_object(session, vm.ref(), paths); });
  });
  const Record record = answers(content);
  write_outputs(requests, [&](int id) -> const Value* {
    auto it = record.find(id);
    return it == record.end() ? nullptr : &it->second;
  });
}

} // namespace vmrun::vix
