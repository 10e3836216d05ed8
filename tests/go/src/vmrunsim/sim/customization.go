// SPDX-License-Identifier: Apache-2.0

package sim

// Guest customization on vCenter, as a real vCenter and the guest's Tools do it:
//
//   - CustomizeVM_Task, and CloneVM_Task with spec.customization (clone_hooks.go), leave the VM
//     with config.tools.pendingCustomization set, and property collectors are told (vcsim sets
//     it silently); the guest applies the spec at its next power-on.
//   - A spec whose host name is CustomizationVirtualMachineName gives the guest the VM's name,
//     exactly (vcsim appends "-N" from a counter). summary.guest.hostName follows guest.hostName.
//   - A fixed address in the spec becomes the guest's address for good: Tools report it once
//     they run, as they report a DHCP lease (tools.go). vcsim shows it at power-on, before Tools
//     run, and the Tools model would then replace it with the lease.
//   - A nicSettingMap whose length is not the VM's number of NICs: the task fails with
//     NicSettingMismatch and a real vCenter's message (vcsim's says "*types.NicSettingMismatch"
//     and counts guest.net entries, not NICs).
//   - On a standalone ESXi host, CustomizeVM_Task starts a task that fails NotSupported (vcsim
//     customizes there too). Its ServiceContent has no CustomizationSpecManager, in vcsim too.
//
// Not modelled: a real vCenter refuses guests it cannot customize (UncustomizableGuest; vcsim's
// VMs are "otherGuest"), and the guest sets the fixed addresses of further NICs (Tools here
// report one address, on the first NIC).

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("CustomizeVM_Task", (*Sim).customizeVMCall)
}

func (s *Sim) customizeVMCall(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	if s.Model == "esx" {
		return s.replyFailedTask(w, call, taskFault{"The operation is not supported on the object.", &types.NotSupported{}})
	}
	req, ok := decodeRequest(body).(*types.CustomizeVM_Task)
	if !ok {
		out, _ := s.passThrough(w, r, body)
		return out
	}
	if msg, fault := s.checkCustomization(call.This, &req.Spec); fault != nil {
		return s.replyFailedTask(w, call, taskFault{msg, fault})
	}
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	if task := s.replyTask(out); task != nil && task.Info.State == types.TaskInfoStateSuccess {
		s.reg.WithLock(call.This, func() {
			if vm := s.registeredVM(call.This); vm != nil {
				s.tools.pendingCustomization(vm, req.Spec)
			}
		})
	}
	rec.flush(out)
	return out
}

// checkCustomization counts a powered-off VM's NICs against the spec. vcsim's own refusals (a
// powered-on VM, a customization already pending) keep their turn: the VM is not counted then.
func (s *Sim) checkCustomization(ref types.ManagedObjectReference, spec *types.CustomizationSpec) (string, types.BaseMethodFault) {
	inVM := -1
	s.reg.WithLock(ref, func() {
		vm := s.registeredVM(ref)
		if vm == nil || vm.Config == nil || vm.Config.Tools == nil || vm.Config.Tools.PendingCustomization != "" ||
			vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
			return
		}
		inVM = nicsOf(vm.Config.Hardware.Device, nil)
	})
	if inVM < 0 {
		return "", nil
	}
	return nicMismatch(len(spec.NicSettingMap), inVM)
}

// checkCloneCustomization counts the NICs the clone will have against spec.customization.
func (s *Sim) checkCloneCustomization(source types.ManagedObjectReference, spec *types.VirtualMachineCloneSpec) (string, types.BaseMethodFault) {
	inVM := -1
	s.reg.WithLock(source, func() {
		if vm := s.registeredVM(source); vm != nil && vm.Config != nil {
			inVM = nicsOf(vm.Config.Hardware.Device, spec.Config, spec.Location.DeviceChange...)
		}
	})
	if inVM < 0 {
		return "", nil // the simulator answers for a VM that is gone
	}
	return nicMismatch(len(spec.Customization.NicSettingMap), inVM)
}

// nicsOf counts the network adapters among devices once config's and more's device changes
// (adds and removes) are made.
func nicsOf(devices []types.BaseVirtualDevice, config *types.VirtualMachineConfigSpec, more ...types.BaseVirtualDeviceConfigSpec) int {
	n := 0
	for _, d := range devices {
		if _, ok := d.(types.BaseVirtualEthernetCard); ok {
			n++
		}
	}
	changes := more
	if config != nil {
		changes = append(append([]types.BaseVirtualDeviceConfigSpec(nil), config.DeviceChange...), more...)
	}
	for _, c := range changes {
		spec := c.GetVirtualDeviceConfigSpec()
		if _, ok := spec.Device.(types.BaseVirtualEthernetCard); !ok {
			continue
		}
		switch spec.Operation {
		case types.VirtualDeviceConfigSpecOperationAdd:
			n++
		case types.VirtualDeviceConfigSpecOperationRemove:
			n--
		}
	}
	return n
}

// nicMismatch is a real vCenter's refusal of a spec for a VM with another number of NICs.
func nicMismatch(inSpec, inVM int) (string, types.BaseMethodFault) {
	if inSpec == inVM {
		return "", nil
	}
	return fmt.Sprintf("The number of network adapter settings in the customization specification: %d "+
			"does not match the number of network adapters present in the virtual machine: %d.", inSpec, inVM),
		&types.NicSettingMismatch{NumberOfNicsInSpec: int32(inSpec), NumberOfNicsInVM: int32(inVM)}
}

// customizeVM makes a customization pending on a VM with vcsim's own CustomizeVM_Task (under the
// VM's lock, as the simulator calls it); the fault if it refuses.
func (s *Sim) customizeVM(ref types.ManagedObjectReference, spec types.CustomizationSpec) (string, types.BaseMethodFault) {
	var msg string
	var fault types.BaseMethodFault
	s.reg.WithLock(ref, func() {
		vm := s.registeredVM(ref)
		if vm == nil {
			msg, fault = objectGone(ref)
			return
		}
		res := vm.CustomizeVMTask(&types.CustomizeVM_Task{This: ref, Spec: spec}).(*methods.CustomizeVM_TaskBody)
		task, _ := s.reg.Get(res.Res.Returnval).(*simulator.Task)
		if task != nil && task.Info.Error != nil {
			msg, fault = task.Info.Error.LocalizedMessage, task.Info.Error.Fault
			if f, ok := fault.(*types.NicSettingMismatch); ok {
				msg, _ = nicMismatch(int(f.NumberOfNicsInSpec), int(f.NumberOfNicsInVM))
			}
			return
		}
		s.tools.pendingCustomization(vm, spec)
	})
	return msg, fault
}

// undoClone removes a clone whose customization was refused and ends the clone's task (named in
// reply) with that fault, as a real vCenter fails the clone as a whole.
func (s *Sim) undoClone(reply []byte, clone types.ManagedObjectReference, msg string, fault types.BaseMethodFault) {
	ctx := context.Background()
	if task, err := object.NewVirtualMachine(s.client, clone).Destroy(ctx); err == nil {
		_ = task.Wait(ctx)
	}
	if task := s.replyTask(reply); task != nil {
		s.editTask(task.Self, func(info *types.TaskInfo) {
			info.State, info.Result = types.TaskInfoStateError, nil
			info.Error = &types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg}
		})
	}
}

// pendingCustomization keeps the spec the guest applies at its next power-on and tells property
// collectors of config.tools.pendingCustomization. The caller holds the VM's lock.
func (t *toolsTracker) pendingCustomization(vm *simulator.VirtualMachine, spec types.CustomizationSpec) {
	t.mu.Lock()
	t.specs[vm.Self] = spec
	t.mu.Unlock()
	if vm.Config != nil && vm.Config.Tools != nil {
		t.reg.Update(vm, []types.PropertyChange{
			{Name: "config.tools.pendingCustomization", Val: vm.Config.Tools.PendingCustomization},
		})
	}
}

// customized runs when vcsim has applied a customization at power-on (its changes clear
// config.tools.pendingCustomization); the caller holds the VM's lock.
func (t *toolsTracker) customized(ref types.ManagedObjectReference, changes []types.PropertyChange) {
	vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine)
	if !ok {
		return
	}
	t.mu.Lock()
	spec, known := t.specs[ref]
	delete(t.specs, ref)
	t.mu.Unlock()
	if known {
		t.exactHostName(vm, &spec)
	}
	for _, ch := range changes {
		if ip, _ := ch.Val.(string); ch.Name == "guest.ipAddress" && ip != "" && vm.Config != nil {
			t.mu.Lock()
			t.ips[vm.Config.Files.VmPathName] = ip
			t.mu.Unlock()
		}
	}
	t.publishIP(vm, true) // Tools do not run yet: the address shows once they do
	if vm.Guest.HostName != "" {
		if vm.Summary.Guest == nil {
			vm.Summary.Guest = &types.VirtualMachineGuestSummary{}
		}
		t.reg.Update(vm, []types.PropertyChange{{Name: "summary.guest.hostName", Val: vm.Guest.HostName}})
	}
}

// exactHostName gives the guest the VM's name as host name when the spec asks for it.
func (t *toolsTracker) exactHostName(vm *simulator.VirtualMachine, spec *types.CustomizationSpec) {
	var name types.BaseCustomizationName
	switch id := spec.Identity.(type) {
	case *types.CustomizationLinuxPrep:
		name = id.HostName
	case *types.CustomizationSysprep:
		name = id.UserData.ComputerName
	}
	if _, ok := name.(*types.CustomizationVirtualMachineName); !ok || vm.Guest == nil {
		return
	}
	for i := range vm.Guest.Net {
		if dns := vm.Guest.Net[i].DnsConfig; dns != nil && dns.HostName != "" {
			dns.HostName = vm.Name
		}
	}
	vm.Guest.HostName = vm.Name
	t.reg.Update(vm, []types.PropertyChange{
		{Name: "guest.hostName", Val: vm.Name},
		{Name: "guest.net", Val: vm.Guest.Net},
	})
}
