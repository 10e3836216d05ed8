// SPDX-License-Identifier: Apache-2.0

package sim

// Test helpers for the lifecycle verbs: read snapshot trees, extraConfig, hardware
// version, the Tools installer and the guest IP back through the vSphere API, and set up state.

import (
	"context"
	"fmt"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// SnapshotNode is one snapshot of a VM's tree, flattened depth-first (pre-order).
type SnapshotNode struct {
	Ref     types.ManagedObjectReference
	Name    string
	Path    string // names from the root joined by "/"
	Parent  string // the parent's Path, "" for a root
	Depth   int
	State   string // poweredOn (memory), poweredOff, suspended
	Current bool
}

func (s *Sim) lcRetrieve(nameOrPath string, props ...string) (mo.VirtualMachine, error) {
	var m mo.VirtualMachine
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return m, err
	}
	err = property.DefaultCollector(s.client).RetrieveOne(context.Background(), vm.Ref, props, &m)
	return m, err
}

// SnapshotTree reads the VM's `snapshot` property and flattens it; empty when it has none.
func (s *Sim) SnapshotTree(nameOrPath string) ([]SnapshotNode, error) {
	m, err := s.lcRetrieve(nameOrPath, "snapshot")
	if err != nil || m.Snapshot == nil {
		return nil, err
	}
	var current types.ManagedObjectReference
	if m.Snapshot.CurrentSnapshot != nil {
		current = *m.Snapshot.CurrentSnapshot
	}
	var out []SnapshotNode
	var walk func(list []types.VirtualMachineSnapshotTree, parent string, depth int)
	walk = func(list []types.VirtualMachineSnapshotTree, parent string, depth int) {
		for _, t := range list {
			path := t.Name
			if parent != "" {
				path = parent + "/" + t.Name
			}
			out = append(out, SnapshotNode{Ref: t.Snapshot, Name: t.Name, Path: path, Parent: parent, Depth: depth,
				State: string(t.State), Current: t.Snapshot == current})
			walk(t.ChildSnapshotList, path, depth+1)
		}
	}
	walk(m.Snapshot.RootSnapshotList, "", 0)
	return out, nil
}

// MakeSnapshot creates a snapshot through the API (as a child of the current one), with or
// without memory. Through the in-process client the realism hooks do not run, so a snapshot
// without memory of a running VM is recorded here as poweredOff, as a real host records it.
func (s *Sim) MakeSnapshot(nameOrPath, name string, memory bool) error {
	obj, vm, err := s.vmObject(nameOrPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	task, err := obj.CreateSnapshot(ctx, name, "", memory, false)
	if err != nil {
		return err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return err
	}
	ref, ok := info.Result.(types.ManagedObjectReference)
	if !ok || memory {
		return nil
	}
	s.reg.WithLock(vm.Ref, func() {
		v := s.registeredVM(vm.Ref)
		if v == nil || v.Snapshot == nil {
			return
		}
		if node := lcFindTree(v.Snapshot.RootSnapshotList, ref); node != nil && node.State == types.VirtualMachinePowerStatePoweredOn {
			node.State = types.VirtualMachinePowerStatePoweredOff
		}
	})
	return nil
}

// ExtraConfig reads config.extraConfig: every value of every key, in server order (a key with
// two values would show up as two entries).
func (s *Sim) ExtraConfig(nameOrPath string) (map[string][]string, error) {
	m, err := s.lcRetrieve(nameOrPath, "config.extraConfig")
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	if m.Config == nil {
		return out, nil
	}
	for _, o := range m.Config.ExtraConfig {
		v := o.GetOptionValue()
		out[v.Key] = append(out[v.Key], fmt.Sprint(v.Value))
	}
	return out, nil
}

// SetExtraConfig stores one extraConfig key as a real host would (replacing any value; "" removes
// it), directly in the simulator's VM object.
func (s *Sim) SetExtraConfig(nameOrPath, key, value string) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	s.reg.WithLock(vm.Ref, func() {
		v := s.registeredVM(vm.Ref)
		if v == nil || v.Config == nil {
			return
		}
		var kept []types.BaseOptionValue
		for _, o := range v.Config.ExtraConfig {
			if o.GetOptionValue().Key != key {
				kept = append(kept, o)
			}
		}
		if value != "" {
			kept = append(kept, &types.OptionValue{Key: key, Value: value})
		}
		v.Config.ExtraConfig = kept
		s.reg.Update(v, []types.PropertyChange{{Name: "config.extraConfig", Val: kept}})
	})
	return nil
}

// HardwareVersion reads config.version ("vmx-13").
func (s *Sim) HardwareVersion(nameOrPath string) (string, error) {
	m, err := s.lcRetrieve(nameOrPath, "config.version")
	if err != nil || m.Config == nil {
		return "", err
	}
	return m.Config.Version, nil
}

// SetHardwareVersion sets config.version directly (an older VM, for upgradevm to upgrade).
func (s *Sim) SetHardwareVersion(nameOrPath, version string) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	s.reg.WithLock(vm.Ref, func() {
		if v := s.registeredVM(vm.Ref); v != nil && v.Config != nil {
			v.Config.Version = version
			s.reg.Update(v, []types.PropertyChange{{Name: "config.version", Val: version}})
		}
	})
	return nil
}

// ToolsInstallerMounted reads runtime.toolsInstallerMounted.
func (s *Sim) ToolsInstallerMounted(nameOrPath string) (bool, error) {
	m, err := s.lcRetrieve(nameOrPath, "runtime.toolsInstallerMounted")
	return m.Runtime.ToolsInstallerMounted, err
}

// GuestIP reads guest.ipAddress ("" when the guest reports none).
func (s *Sim) GuestIP(nameOrPath string) (string, error) {
	m, err := s.lcRetrieve(nameOrPath, "guest.ipAddress")
	if err != nil || m.Guest == nil {
		return "", err
	}
	return m.Guest.IpAddress, nil
}

// GuestNetIPs reads guest.net: each NIC's reported addresses.
func (s *Sim) GuestNetIPs(nameOrPath string) ([][]string, error) {
	m, err := s.lcRetrieve(nameOrPath, "guest.net")
	if err != nil || m.Guest == nil {
		return nil, err
	}
	var out [][]string
	for _, nic := range m.Guest.Net {
		out = append(out, nic.IpAddress)
	}
	return out, nil
}

// SetGuestIP sets the address the VM's guest reports once Tools run ("" = none, as a guest
// without a network); it shows at once if Tools already run.
func (s *Sim) SetGuestIP(nameOrPath, ip string) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	s.tools.setIP(vm.Ref, vm.Path, ip)
	return nil
}

// SetHardware changes a VM's memory and CPU count (ReconfigVM_Task through the API), as an
// administrator does after taking a snapshot: the snapshots keep the hardware they were taken
// with. WriteVMFiles writes the new values into the vmx.
func (s *Sim) SetHardware(nameOrPath string, memoryMB int64, numCPU int32) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) {
		return vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{MemoryMB: memoryMB, NumCPUs: numCPU})
	})
}
