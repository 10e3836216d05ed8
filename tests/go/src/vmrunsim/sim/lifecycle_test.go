// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/task"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// The lifecycle realism hooks (lifecycle.go, tools.go), over the real wire with govmomi.

// lcTaskFault returns the fault type name of a failed task's error ("" if none).
func lcTaskFault(err error) string {
	if te, ok := err.(task.Error); ok {
		t := reflect.TypeOf(te.Fault())
		for t.Kind() == reflect.Ptr {
			t = t.Elem()
		}
		return t.Name()
	}
	return faultOf(err)
}

func lcWireVM(t *testing.T, s *Sim) (*object.VirtualMachine, string) {
	t.Helper()
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	vmx := s.VMPath(s.DefaultVMName())
	vm, err := s.Lookup(vmx)
	if err != nil {
		t.Fatal(err)
	}
	return object.NewVirtualMachine(c.Client, vm.Ref), vmx
}

func lcWait(t *testing.T, tk *object.Task, err error) error {
	t.Helper()
	if err != nil {
		return err
	}
	return tk.Wait(context.Background())
}

func TestLifecycleHooks(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		s := start(t, Config{Model: model})
		vm, vmx := lcWireVM(t, s)
		ctx := context.Background()

		// Snapshots: state follows memory; revert restores it, subject to suppressPowerOn.
		tk, err := vm.CreateSnapshot(ctx, "mem", "", true, false)
		if err := lcWait(t, tk, err); err != nil {
			t.Fatal(err)
		}
		tk, err = vm.CreateSnapshot(ctx, "disks", "", false, false)
		if err := lcWait(t, tk, err); err != nil {
			t.Fatal(err)
		}
		tree, _ := s.SnapshotTree(vmx)
		if len(tree) != 2 || tree[0].State != "poweredOn" || tree[1].State != "poweredOff" {
			t.Fatalf("snapshot states: %+v", tree)
		}
		revert := func(ref types.ManagedObjectReference, suppress bool) {
			t.Helper()
			req := types.RevertToSnapshot_Task{This: ref, SuppressPowerOn: types.NewBool(suppress)}
			res, err := methods.RevertToSnapshot_Task(ctx, vm.Client(), &req)
			if err != nil {
				t.Fatal(err)
			}
			if err := object.NewTask(vm.Client(), res.Returnval).Wait(ctx); err != nil {
				t.Fatal(err)
			}
		}
		revert(tree[1].Ref, true)
		if got := s.PowerState(vmx); got != "poweredOff" {
			t.Errorf("revert to a disks-only snapshot: %s, want poweredOff", got)
		}
		revert(tree[0].Ref, true)
		if got := s.PowerState(vmx); got != "suspended" {
			t.Errorf("revert to a memory snapshot with suppressPowerOn: %s, want suspended", got)
		}
		revert(tree[0].Ref, false)
		if got := s.PowerState(vmx); got != "poweredOn" {
			t.Errorf("revert to a memory snapshot: %s, want poweredOn", got)
		}

		// extraConfig: set replaces, "" deletes.
		reconfig := func(key, value string) {
			t.Helper()
			tk, err := vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{ExtraConfig: []types.BaseOptionValue{
				&types.OptionValue{Key: key, Value: value}}})
			if err := lcWait(t, tk, err); err != nil {
				t.Fatal(err)
			}
		}
		reconfig("guestinfo.a", "1")
		reconfig("guestinfo.a", "2")
		reconfig("guestinfo.b", "x")
		if ec, _ := s.ExtraConfig(vmx); !reflect.DeepEqual(ec["guestinfo.a"], []string{"2"}) || !reflect.DeepEqual(ec["guestinfo.b"], []string{"x"}) {
			t.Errorf("extraConfig after set, set again: %v", ec)
		}
		reconfig("guestinfo.a", "")
		if ec, _ := s.ExtraConfig(vmx); ec["guestinfo.a"] != nil || ec["govcsim"] == nil || ec["guestinfo.b"] == nil {
			t.Errorf("extraConfig after deleting guestinfo.a: %v", ec)
		}

		// Destroy_Task and UpgradeVM_Task refuse a powered-on VM.
		tk, err = vm.Destroy(ctx)
		if f := lcTaskFault(lcWait(t, tk, err)); f != "InvalidPowerState" {
			t.Errorf("Destroy_Task on a running VM: fault %q, want InvalidPowerState", f)
		}
		tk, err = vm.UpgradeVM(ctx, "")
		err = lcWait(t, tk, err)
		if f := lcTaskFault(err); f != "InvalidPowerState" {
			t.Errorf("UpgradeVM_Task on a running VM: fault %q, want InvalidPowerState", f)
		} else if ips, ok := err.(task.Error).Fault().(*types.InvalidPowerState); !ok || ips.ExistingState != "poweredOn" {
			t.Errorf("InvalidPowerState without existingState: %#v", err.(task.Error).Fault())
		}

		// The Tools installer needs a running VM, and one mount at a time.
		mount := func() error { return vm.MountToolsInstaller(ctx) }
		if err := mount(); err != nil {
			t.Fatalf("MountToolsInstaller: %v", err)
		}
		if m, _ := s.ToolsInstallerMounted(vmx); !m {
			t.Errorf("toolsInstallerMounted false after mounting")
		}
		if f := faultOf(mount()); f != "InvalidState" {
			t.Errorf("second mount: fault %q, want InvalidState", f)
		}
		if err := vm.UnmountToolsInstaller(ctx); err != nil {
			t.Errorf("UnmountToolsInstaller: %v", err)
		}

		if err := s.PowerOff(vmx); err != nil {
			t.Fatal(err)
		}
		if f := faultOf(mount()); f != "InvalidState" {
			t.Errorf("mount on a powered-off VM: fault %q, want InvalidState", f)
		}
		tk, err = vm.UpgradeVM(ctx, "")
		if f := lcTaskFault(lcWait(t, tk, err)); f != "AlreadyUpgraded" {
			t.Errorf("UpgradeVM_Task at the newest version: fault %q, want AlreadyUpgraded", f)
		}
		if err := s.SetHardwareVersion(vmx, "vmx-10"); err != nil {
			t.Fatal(err)
		}
		tk, err = vm.UpgradeVM(ctx, "")
		if err := lcWait(t, tk, err); err != nil {
			t.Errorf("UpgradeVM_Task from vmx-10: %v", err)
		}
		if v, _ := s.HardwareVersion(vmx); v != "vmx-13" {
			t.Errorf("version after upgrade: %s", v)
		}
	})
}

// The guest reports its IP address GuestIPDelay after Tools start, and loses it at power-off.
func TestLifecycleGuestIPDelay(t *testing.T) {
	const toolsDelay, ipDelay = 200 * time.Millisecond, 400 * time.Millisecond
	s := start(t, Config{Model: "esx", ToolsDelay: toolsDelay, GuestIPDelay: ipDelay})
	vmx := s.VMPath(s.DefaultVMName())
	if ip, _ := s.GuestIP(vmx); ip == "" {
		t.Fatalf("a VM running at Start has no IP")
	}
	if err := s.PowerOff(vmx); err != nil {
		t.Fatal(err)
	}
	if ip, _ := s.GuestIP(vmx); ip != "" {
		t.Fatalf("powered-off VM reports %q", ip)
	}
	started := time.Now()
	if err := s.PowerOn(vmx); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitToolsRunning(vmx, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if ip, _ := s.GuestIP(vmx); ip != "" && time.Since(started) < toolsDelay+ipDelay {
		t.Errorf("IP %q reported before GuestIPDelay passed", ip)
	}
	if err := poll(5*time.Second, func() (bool, string) {
		ip, _ := s.GuestIP(vmx)
		return ip != "", "no IP yet"
	}); err != nil {
		t.Fatal(err)
	}
	if time.Since(started) < toolsDelay+ipDelay {
		t.Errorf("IP after %v, want at least %v", time.Since(started), toolsDelay+ipDelay)
	}
	var m mo.VirtualMachine
	vm, _ := s.Lookup(vmx)
	if err := property.DefaultCollector(s.client).RetrieveOne(context.Background(), vm.Ref, []string{"summary.guest.ipAddress", "guest.net"}, &m); err != nil {
		t.Fatal(err)
	}
	ip, _ := s.GuestIP(vmx)
	if m.Summary.Guest == nil || m.Summary.Guest.IpAddress != ip || len(m.Guest.Net) == 0 || m.Guest.Net[0].IpConfig == nil {
		t.Errorf("summary.guest.ipAddress / guest.net do not match %s: %+v %+v", ip, m.Summary.Guest, m.Guest)
	}
}
