// SPDX-License-Identifier: Apache-2.0

package sim

// Realism for the lifecycle verbs: snapshots, extraConfig, hardware upgrade and the Tools
// installer. Each hook mimics what a real ESXi host / vCenter does where stock vcsim 0.24.2 differs
// (each difference is told with its hook below). The hooks serve SOAP requests over HTTP only; the
// in-process client of api.go talks to the stock simulator directly.
//
//   - ReconfigVM_Task with extraConfig: a real host keeps one value per key, so setting a key
//     replaces its value, and the value "" removes the key (vcsim appends both). The stock method
//     runs first (it applies everything else); then the extraConfig list is rewritten. vcsim's own
//     "SET.<property>" keys are left to vcsim.
//   - CreateSnapshot_Task: a real host records the snapshot's state as poweredOff when a running
//     VM is snapshotted without memory (vcsim records the VM's state whatever memory says).
//   - RevertToSnapshot_Task: a real host puts the VM in the snapshot's power state: a snapshot
//     taken without memory leaves it powered off, a suspended one suspended, and a memory snapshot
//     of a running VM running again, or suspended when suppressPowerOn is true (vcsim only moves
//     currentSnapshot).
//   - UpgradeVM_Task: a real host refuses a VM that is not powered off (task error
//     InvalidPowerState with existingState) and one already at the newest hardware version the
//     host supports (task error AlreadyUpgraded); vcsim always succeeds. The newest version here is
//     vcsim's own default, esx.HardwareVersion (vmx-13).
//   - MountToolsInstaller / UnmountToolsInstaller (missing in vcsim): a real host sets
//     runtime.toolsInstallerMounted; mounting needs a running VM and no mounted installer,
//     unmounting a mounted one, else InvalidState ("The operation is not allowed in the current
//     state.").
//   - Destroy_Task needs no hook: stock vcsim already refuses a powered-on VM (InvalidPowerState),
//     removes the inventory entry and deletes the VM's directory, as a real host does.

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("ReconfigVM_Task", (*Sim).lcReconfig)
	registerSOAPHook("CreateSnapshot_Task", (*Sim).lcCreateSnapshot)
	registerSOAPHook("RevertToSnapshot_Task", (*Sim).lcRevertToSnapshot)
	registerSOAPHook("UpgradeVM_Task", (*Sim).lcUpgradeVM)
	registerSOAPHook("MountToolsInstaller", (*Sim).lcToolsInstaller)
	registerSOAPHook("UnmountToolsInstaller", (*Sim).lcToolsInstaller)
}

// lcFailedTask answers a *_Task method with a task that ends in fault, as a real host reports
// a refusal found while the task runs.
func (s *Sim) lcFailedTask(w http.ResponseWriter, method string, vm *simulator.VirtualMachine, fault types.BaseMethodFault) []byte {
	task := simulator.CreateTask(vm, strings.TrimSuffix(method, "_Task"), func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return nil, fault
	})
	return reply(w, http.StatusOK, taskResponse(method, task.Run()))
}

// lcSetPower moves the VM to state as the stock power tasks do (runtime.powerState,
// summary.runtime.powerState, bootTime), so that Tools (tools.go) follow. The caller holds the
// VM's lock.
func (s *Sim) lcSetPower(vm *simulator.VirtualMachine, state types.VirtualMachinePowerState) {
	if vm.Runtime.PowerState == state {
		return
	}
	var boot types.AnyType
	if state == types.VirtualMachinePowerStatePoweredOn {
		boot = time.Now()
	}
	s.reg.Update(vm, []types.PropertyChange{
		{Name: "runtime.powerState", Val: state},
		{Name: "summary.runtime.powerState", Val: state},
		{Name: "summary.runtime.bootTime", Val: boot},
	})
}

// ---- ReconfigVM_Task: extraConfig set replaces, "" deletes.

type lcOption struct {
	Key   string  `xml:"key"`
	Value *string `xml:"value"`
}

// reconfigMu serialises extraConfig reconfigurations: a real host applies one VM's
// reconfigurations one after another, and the count-then-rewrite below must not interleave with
// another session's (it would drop that session's keys).
var reconfigMu sync.Mutex

func (s *Sim) lcReconfig(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req struct {
		Spec struct {
			ExtraConfig []lcOption `xml:"extraConfig"`
		} `xml:"spec"`
	}
	_ = decodeMethod(body, &req)
	// The keys this request sets, last value wins; vcsim's SET.* keys are not stored.
	var order []string
	values := map[string]string{}
	for _, o := range req.Spec.ExtraConfig {
		if strings.HasPrefix(o.Key, "SET.") || o.Key == "ip0" {
			continue
		}
		if _, seen := values[o.Key]; !seen {
			order = append(order, o.Key)
		}
		values[o.Key] = ""
		if o.Value != nil {
			values[o.Key] = *o.Value
		}
	}
	before := -1
	if len(order) != 0 {
		reconfigMu.Lock()
		defer reconfigMu.Unlock()
		s.reg.WithLock(call.This, func() {
			if vm := s.registeredVM(call.This); vm != nil && vm.Config != nil {
				before = len(vm.Config.ExtraConfig)
			}
		})
	}
	out, status := s.passThrough(w, r, body)
	if before < 0 || status != http.StatusOK {
		return out
	}
	s.reg.WithLock(call.This, func() {
		vm := s.registeredVM(call.This)
		if vm == nil || vm.Config == nil || len(vm.Config.ExtraConfig) <= before {
			return // the task failed: nothing was applied
		}
		var kept []types.BaseOptionValue
		for _, o := range vm.Config.ExtraConfig[:before] {
			if _, set := values[o.GetOptionValue().Key]; !set {
				kept = append(kept, o)
			}
		}
		for _, key := range order {
			if v := values[key]; v != "" {
				kept = append(kept, &types.OptionValue{Key: key, Value: v})
			}
		}
		vm.Config.ExtraConfig = kept
		s.reg.Update(vm, []types.PropertyChange{{Name: "config.extraConfig", Val: kept}})
	})
	return out
}

// ---- Snapshots: the tree's state follows memory; revert restores the snapshot's state.

// lcFindTree finds a snapshot in a tree by MoRef.
func lcFindTree(list []types.VirtualMachineSnapshotTree, ref types.ManagedObjectReference) *types.VirtualMachineSnapshotTree {
	for i := range list {
		if list[i].Snapshot == ref {
			return &list[i]
		}
		if found := lcFindTree(list[i].ChildSnapshotList, ref); found != nil {
			return found
		}
	}
	return nil
}

func (s *Sim) lcCreateSnapshot(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req struct {
		Memory bool `xml:"memory"`
	}
	_ = decodeMethod(body, &req)
	var before *types.ManagedObjectReference
	s.reg.WithLock(call.This, func() {
		if vm := s.registeredVM(call.This); vm != nil && vm.Snapshot != nil && vm.Snapshot.CurrentSnapshot != nil {
			cur := *vm.Snapshot.CurrentSnapshot
			before = &cur
		}
	})
	out, status := s.passThrough(w, r, body)
	if status != http.StatusOK || req.Memory {
		return out
	}
	s.reg.WithLock(call.This, func() {
		vm := s.registeredVM(call.This)
		if vm == nil || vm.Snapshot == nil || vm.Snapshot.CurrentSnapshot == nil ||
			(before != nil && *before == *vm.Snapshot.CurrentSnapshot) {
			return
		}
		node := lcFindTree(vm.Snapshot.RootSnapshotList, *vm.Snapshot.CurrentSnapshot)
		if node == nil || node.State != types.VirtualMachinePowerStatePoweredOn {
			return
		}
		// Without memory, a running VM's snapshot holds only its disks: powered off.
		node.State = types.VirtualMachinePowerStatePoweredOff
		s.reg.Update(vm, []types.PropertyChange{{Name: "snapshot.rootSnapshotList", Val: vm.Snapshot.RootSnapshotList}})
	})
	return out
}

func (s *Sim) lcRevertToSnapshot(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req struct {
		SuppressPowerOn *bool `xml:"suppressPowerOn"`
	}
	_ = decodeMethod(body, &req)
	out, status := s.passThrough(w, r, body)
	if status != http.StatusOK {
		return out
	}
	snap, ok := s.reg.Get(call.This).(*simulator.VirtualMachineSnapshot)
	if !ok {
		return out
	}
	s.reg.WithLock(snap.Vm, func() {
		vm := s.registeredVM(snap.Vm)
		if vm == nil || vm.Snapshot == nil {
			return
		}
		node := lcFindTree(vm.Snapshot.RootSnapshotList, call.This)
		if node == nil {
			return
		}
		state := node.State
		if state == types.VirtualMachinePowerStatePoweredOn && req.SuppressPowerOn != nil && *req.SuppressPowerOn {
			state = types.VirtualMachinePowerStateSuspended // the memory state, not resumed
		}
		s.lcSetPower(vm, state)
	})
	return out
}

// ---- UpgradeVM_Task: InvalidPowerState unless powered off; AlreadyUpgraded at the newest version.

func (s *Sim) lcUpgradeVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	var req struct {
		Version string `xml:"version"`
	}
	_ = decodeMethod(body, &req)
	var vm *simulator.VirtualMachine
	var fault types.BaseMethodFault
	s.reg.WithLock(call.This, func() {
		vm = s.registeredVM(call.This)
		if vm == nil || vm.Config == nil {
			return
		}
		if state := vm.Runtime.PowerState; state != types.VirtualMachinePowerStatePoweredOff {
			fault = &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOff, ExistingState: state}
			return
		}
		target := req.Version
		if target == "" {
			target = esx.HardwareVersion
		}
		if vm.Config.Version == target {
			fault = &types.AlreadyUpgraded{}
		}
	})
	if vm == nil {
		return replyObjectGone(w, call.This)
	}
	if fault != nil {
		return s.lcFailedTask(w, call.Method, vm, fault)
	}
	out, _ := s.passThrough(w, r, body)
	return out
}

// ---- MountToolsInstaller / UnmountToolsInstaller.

func (s *Sim) lcToolsInstaller(w http.ResponseWriter, r *http.Request, call soapCall, _ []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	mount := call.Method == "MountToolsInstaller"
	found, refused := false, false
	s.reg.WithLock(call.This, func() {
		vm := s.registeredVM(call.This)
		if vm == nil {
			return
		}
		found = true
		mounted := vm.Runtime.ToolsInstallerMounted
		if mount && (vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn || mounted) || !mount && !mounted {
			refused = true
			return
		}
		vm.Runtime.ToolsInstallerMounted = mount
		s.reg.Update(vm, []types.PropertyChange{{Name: "runtime.toolsInstallerMounted", Val: mount}})
	})
	switch {
	case !found:
		return replyObjectGone(w, call.This)
	case refused:
		return replyFault(w, "The operation is not allowed in the current state.", &types.InvalidState{})
	}
	return reply(w, http.StatusOK, emptyResponse(call.Method))
}
