// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/task"
	"github.com/vmware/govmomi/vim25/types"
)

// Guest customization through CloneVM_Task and CustomizeVM_Task (customization.go,
// clone_hooks.go), over the real wire with govmomi.

// ccStockSpec is one of vcsim's stored specs ("vcsim-linux": Linux, host name = the VM's name,
// one NIC on DHCP), read over the wire so that the test may change its copy.
func ccStockSpec(t *testing.T, c *govmomi.Client, name string) types.CustomizationSpec {
	t.Helper()
	item, err := object.NewCustomizationSpecManager(c.Client).GetCustomizationSpec(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return item.Spec
}

// A clone with a fixed-IP customization: pending after the clone, applied at the first power-on
// (host name = the VM's name, the address once Tools run), kept across a power cycle.
func TestCloneAppliesCustomization(t *testing.T) {
	s := start(t, Config{Model: "vc", ToolsDelay: 300 * time.Millisecond})
	c := plLogin(t, s)
	custom := ccStockSpec(t, c, "vcsim-linux")
	custom.NicSettingMap[0].Adapter.Ip = &types.CustomizationFixedIp{IpAddress: "192.168.10.21"}
	custom.NicSettingMap[0].Adapter.SubnetMask = "255.255.255.0"
	if err := plClone(t, s, c, "DC0_H0_VM0", "web-1", types.VirtualMachineCloneSpec{Customization: &custom}); err != nil {
		t.Fatalf("clone: %v", err)
	}
	pending, err := s.PendingCustomization("web-1")
	if err != nil || len(pending) != 36 {
		t.Fatalf("pendingCustomization after the clone: %q (%v), want a UUID", pending, err)
	}
	name, err := s.GuestHostName("web-1")
	plWant(t, "guest.hostName before power-on", name, err, "")

	if err := s.PowerOn("web-1"); err != nil {
		t.Fatal(err)
	}
	ip, err := s.GuestIP("web-1")
	plWant(t, "guest.ipAddress before Tools run", ip, err, "")
	if err := s.WaitToolsRunning(s.VMPath("web-1"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	ccCustomized(t, s, "web-1", "192.168.10.21")

	// The guest keeps its name and address: it is configured, not customized again.
	if err := s.PowerOff("web-1"); err != nil {
		t.Fatal(err)
	}
	ip, err = s.GuestIP("web-1")
	plWant(t, "guest.ipAddress powered off", ip, err, "")
	if err := s.PowerOn("web-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitToolsRunning(s.VMPath("web-1"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	ccCustomized(t, s, "web-1", "192.168.10.21")
}

// ccCustomized checks a powered-on, customized VM whose Tools run.
func ccCustomized(t *testing.T, s *Sim, vm, ip string) {
	t.Helper()
	pending, err := s.PendingCustomization(vm)
	plWant(t, "pendingCustomization", pending, err, "")
	name, err := s.GuestHostName(vm)
	plWant(t, "guest.hostName", name, err, vm)
	m, err := s.lcRetrieve(vm, "summary.guest.hostName")
	plWant(t, "summary.guest.hostName", m.Summary.Guest.HostName, err, vm)
	got, err := s.GuestIP(vm)
	plWant(t, "guest.ipAddress", got, err, ip)
	nets, err := s.GuestNetIPs(vm)
	plWant(t, "guest.net addresses", nets, err, [][]string{{ip}})
}

// vcsim's stock "vcsim-linux" (DHCP) on a stock VM: the clone gets the VM's name and keeps the
// address its guest leases.
func TestCloneStockSpecKeepsLease(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c := plLogin(t, s)
	custom := ccStockSpec(t, c, "vcsim-linux")
	if err := plClone(t, s, c, "DC0_H0_VM1", "db-2", types.VirtualMachineCloneSpec{Customization: &custom}); err != nil {
		t.Fatalf("clone: %v", err)
	}
	if err := s.SetGuestIP("db-2", "10.1.2.3"); err != nil {
		t.Fatal(err)
	}
	if err := s.PowerOn("db-2"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitToolsRunning(s.VMPath("db-2"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	ccCustomized(t, s, "db-2", "10.1.2.3")
}

// A spec for another number of NICs than the clone has: the task fails with NicSettingMismatch
// and a real vCenter's message, and nothing is cloned; NICs the clone spec adds count.
func TestCloneCustomizationNicMismatch(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c := plLogin(t, s)
	custom := ccStockSpec(t, c, "vcsim-linux")
	two := custom
	two.NicSettingMap = append([]types.CustomizationAdapterMapping{custom.NicSettingMap[0]}, custom.NicSettingMap[0])
	before := s.VMPaths()
	err := plClone(t, s, c, "DC0_H0_VM0", "bad", types.VirtualMachineCloneSpec{Customization: &two})
	ccNicMismatch(t, err, 2, 1)
	none := custom
	none.NicSettingMap = nil
	err = plClone(t, s, c, "DC0_H0_VM0", "bad", types.VirtualMachineCloneSpec{Customization: &none})
	ccNicMismatch(t, err, 0, 1)
	if after := s.VMPaths(); !reflect.DeepEqual(after, before) {
		t.Errorf("VMs after refused clones: %v, want %v", after, before)
	}
	if s.FileExists("[LocalDS_0] bad/bad.vmx") {
		t.Error("a refused clone left its vmx")
	}

	nic := &types.VirtualE1000{VirtualEthernetCard: types.VirtualEthernetCard{VirtualDevice: types.VirtualDevice{
		Key:     -1,
		Backing: &types.VirtualEthernetCardNetworkBackingInfo{VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: "VM Network"}},
	}}}
	config := &types.VirtualMachineConfigSpec{DeviceChange: []types.BaseVirtualDeviceConfigSpec{
		&types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: nic},
	}}
	if err := plClone(t, s, c, "DC0_H0_VM0", "two-nics", types.VirtualMachineCloneSpec{Config: config, Customization: &two}); err != nil {
		t.Fatalf("clone adding a NIC, two NIC settings: %v", err)
	}
	pending, err := s.PendingCustomization("two-nics")
	if err != nil || pending == "" {
		t.Errorf("pendingCustomization of two-nics: %q (%v)", pending, err)
	}
}

func ccNicMismatch(t *testing.T, err error, inSpec, inVM int32) {
	t.Helper()
	te, ok := err.(task.Error)
	if !ok {
		t.Fatalf("clone: %v, want a task failing with NicSettingMismatch", err)
	}
	f, ok := te.Fault().(*types.NicSettingMismatch)
	if !ok || f.NumberOfNicsInSpec != inSpec || f.NumberOfNicsInVM != inVM {
		t.Errorf("fault %#v, want NicSettingMismatch %d in spec, %d in VM", te.Fault(), inSpec, inVM)
	}
	want := map[int32]string{
		0: "The number of network adapter settings in the customization specification: 0 does not match the number of network adapters present in the virtual machine: 1.",
		2: "The number of network adapter settings in the customization specification: 2 does not match the number of network adapters present in the virtual machine: 1.",
	}[inSpec]
	if te.Error() != want {
		t.Errorf("message %q, want %q", te.Error(), want)
	}
}

// CustomizeVM_Task on vCenter: pending, then the exact VM name at power-on; a mismatch is
// refused as the clone refuses it. On ESXi the task fails NotSupported and there is no
// CustomizationSpecManager.
func TestCustomizeVMTask(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		s := start(t, Config{Model: model})
		c := plLogin(t, s)
		vmx := s.VMPath(s.DefaultVMName())
		if err := s.PowerOff(vmx); err != nil {
			t.Fatal(err)
		}
		info, _ := s.Lookup(vmx)
		vm := object.NewVirtualMachine(c.Client, info.Ref)
		ctx := context.Background()
		if model == "esx" {
			if c.ServiceContent.CustomizationSpecManager != nil {
				t.Errorf("ESXi has a CustomizationSpecManager: %v", c.ServiceContent.CustomizationSpecManager)
			}
			tk, err := vm.Customize(ctx, types.CustomizationSpec{Identity: &types.CustomizationLinuxPrep{HostName: &types.CustomizationVirtualMachineName{}}})
			err = lcWait(t, tk, err)
			if lcTaskFault(err) != "NotSupported" || err.Error() != "The operation is not supported on the object." {
				t.Errorf("CustomizeVM_Task on ESXi: %v (%s), want NotSupported", err, lcTaskFault(err))
			}
			return
		}
		custom := ccStockSpec(t, c, "vcsim-linux")
		none := custom
		none.NicSettingMap = nil
		tk, err := vm.Customize(ctx, none)
		ccNicMismatch(t, lcWait(t, tk, err), 0, 1)
		tk, err = vm.Customize(ctx, custom)
		if err := lcWait(t, tk, err); err != nil {
			t.Fatalf("CustomizeVM_Task: %v", err)
		}
		if pending, err := s.PendingCustomization(vmx); err != nil || len(pending) != 36 {
			t.Fatalf("pendingCustomization: %q (%v), want a UUID", pending, err)
		}
		if err := s.PowerOn(vmx); err != nil {
			t.Fatal(err)
		}
		if err := s.WaitToolsRunning(vmx, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		ip, _ := s.GuestIP(vmx)
		ccCustomized(t, s, s.DefaultVMName(), ip)
	})
}
