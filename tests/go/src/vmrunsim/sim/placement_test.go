// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// Templates, pools, folders and clone placement (placement_api.go, clone_hooks.go).

func plLogin(t *testing.T, s *Sim) *govmomi.Client {
	t.Helper()
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plClone clones source (name or vmx path) into /DC0/vm as name and waits for the task.
func plClone(t *testing.T, s *Sim, c *govmomi.Client, source, name string, spec types.VirtualMachineCloneSpec) error {
	t.Helper()
	src, err := s.Lookup(source)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := s.entityAt("/DC0/vm", "Folder")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tk, err := object.NewVirtualMachine(c.Client, src.Ref).Clone(ctx, object.NewFolder(c.Client, folder), name, spec)
	if err != nil {
		return err
	}
	return tk.Wait(ctx)
}

func plWant(t *testing.T, what string, got interface{}, err error, want interface{}) {
	t.Helper()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%s: %#v (%v), want %#v", what, got, err, want)
	}
}

// plTemplate powers the VM off and marks it as a template.
func plTemplate(t *testing.T, s *Sim, name string) {
	t.Helper()
	if err := s.PowerOff(name); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAsTemplate(name); err != nil {
		t.Fatal(err)
	}
}

func plPool(t *testing.T, s *Sim, path string) *types.ManagedObjectReference {
	t.Helper()
	ref, err := s.entityAt(path, "ResourcePool")
	if err != nil {
		t.Fatal(err)
	}
	return &ref
}

func TestPlacementAPI(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	if err := s.MarkAsTemplate("DC0_H0_VM0"); lcTaskFault(err) != "InvalidPowerState" {
		t.Errorf("MarkAsTemplate of a running VM: %v, want InvalidPowerState", err)
	}
	p, err := s.Placement("DC0_H0_VM0")
	plWant(t, "placement of a VM", p, err, Placement{Pool: "/DC0/host/DC0_H0/Resources", Folder: "/DC0/vm", Host: "DC0_H0"})
	plTemplate(t, s, "DC0_H0_VM0")
	is, err := s.IsTemplate("DC0_H0_VM0")
	plWant(t, "IsTemplate", is, err, true)
	is, err = s.IsTemplate("DC0_H0_VM1")
	plWant(t, "IsTemplate of a VM", is, err, false)
	p, err = s.Placement("DC0_H0_VM0")
	plWant(t, "placement of a template", p, err, Placement{Pool: "", Folder: "/DC0/vm", Host: "DC0_H0"})

	for _, parent := range []string{"/DC0/host/DC0_C0/Resources", "/DC0/host/DC0_H0/Resources"} {
		if err := s.CreateResourcePool(parent, "ci"); err != nil {
			t.Fatalf("CreateResourcePool %s ci: %v", parent, err)
		}
	}
	if err := s.CreateResourcePool("/DC0/host/DC0_C0/Resources", "ci"); faultOf(err) != "DuplicateName" {
		t.Errorf("second pool ci in one parent: %v, want DuplicateName", err)
	}
	if err := s.CreateResourcePool("/DC0/vm", "ci"); err == nil {
		t.Error("CreateResourcePool in a folder succeeded")
	}
	if err := s.CreateFolder("/DC0/vm", "ci"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateFolder("/DC0/nowhere", "ci"); err == nil {
		t.Error("CreateFolder in a missing folder succeeded")
	}
	vms, err := s.FolderVMs("/DC0/vm/ci")
	plWant(t, "FolderVMs of a new folder", vms, err, []string{})
	vms, err = s.PoolVMs("/DC0/host/DC0_H0/Resources")
	plWant(t, "PoolVMs", vms, err, []string{"DC0_H0_VM1"})
	vms, err = s.FolderVMs("/DC0/vm")
	plWant(t, "FolderVMs /DC0/vm", vms, err, []string{"DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1", "DC0_H0_VM0", "DC0_H0_VM1"})
}

// Clones of a template land in the pool, folder and host asked for (a pool's name alone is
// ambiguous here: two pools are called ci), on a host of the pool's cluster when none is named.
func TestClonePlacement(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c := plLogin(t, s)
	plTemplate(t, s, "DC0_H0_VM0")
	for _, parent := range []string{"/DC0/host/DC0_C0/Resources", "/DC0/host/DC0_H0/Resources"} {
		if err := s.CreateResourcePool(parent, "ci"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateFolder("/DC0/vm", "ci"); err != nil {
		t.Fatal(err)
	}
	folder, err := s.entityAt("/DC0/vm/ci", "Folder")
	if err != nil {
		t.Fatal(err)
	}
	h1, err := s.entityAt("/DC0/host/DC0_C0/DC0_C0_H1", "HostSystem")
	if err != nil {
		t.Fatal(err)
	}
	clone := func(name string, spec types.VirtualMachineCloneSpec) error {
		src, _ := s.Lookup("DC0_H0_VM0")
		tk, err := object.NewVirtualMachine(c.Client, src.Ref).Clone(context.Background(), object.NewFolder(c.Client, folder), name, spec)
		return lcWait(t, tk, err)
	}
	clusterCI := plPool(t, s, "/DC0/host/DC0_C0/Resources/ci")
	err = clone("on-h1", types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: clusterCI, Host: &h1}})
	p, perr := s.Placement("on-h1")
	plWant(t, "clone placed on DC0_C0_H1", p, firstErr(err, perr), Placement{Pool: "/DC0/host/DC0_C0/Resources/ci", Folder: "/DC0/vm/ci", Host: "DC0_C0_H1"})
	plHostRuns(t, s, "DC0_C0_H1", "on-h1")

	err = clone("by-drs", types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: clusterCI}})
	p, perr = s.Placement("by-drs")
	if err := firstErr(err, perr); err != nil || p.Pool != "/DC0/host/DC0_C0/Resources/ci" || !contains([]string{"DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2"}, p.Host) {
		t.Errorf("clone placed by DRS: %+v (%v), want a host of DC0_C0", p, err)
	}
	plHostRuns(t, s, p.Host, "by-drs")

	err = clone("standalone", types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: plPool(t, s, "/DC0/host/DC0_H0/Resources/ci")}})
	p, perr = s.Placement("standalone")
	plWant(t, "clone in DC0_H0's pool ci", p, firstErr(err, perr), Placement{Pool: "/DC0/host/DC0_H0/Resources/ci", Folder: "/DC0/vm/ci", Host: "DC0_H0"})

	err = clone("tpl", types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: clusterCI}, Template: true})
	p, perr = s.Placement("tpl")
	plWant(t, "clone made a template", p.Pool, firstErr(err, perr), "")
	vms, err := s.PoolVMs("/DC0/host/DC0_C0/Resources/ci")
	plWant(t, "VMs in DC0_C0's pool ci", vms, err, []string{"by-drs", "on-h1"})
	vms, err = s.FolderVMs("/DC0/vm/ci")
	plWant(t, "VMs in folder ci", vms, err, []string{"by-drs", "on-h1", "standalone", "tpl"})

	h0, _ := s.entityAt("/DC0/host/DC0_H0/DC0_H0", "HostSystem")
	err = clone("wrong-host", types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: clusterCI, Host: &h0}})
	if lcTaskFault(err) != "InvalidArgument" || err.Error() != "A specified parameter was not correct: spec.location.host" {
		t.Errorf("clone onto a host outside the pool's cluster: %v (%s), want InvalidArgument", err, lcTaskFault(err))
	}
	if _, err := s.Lookup("wrong-host"); err == nil {
		t.Error("a refused clone was made")
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// plHostRuns checks that the host lists the VM among its vm and the VM's environment browser is
// its cluster's.
func plHostRuns(t *testing.T, s *Sim, host, vm string) {
	t.Helper()
	info, err := s.Lookup(vm)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range s.reg.All("HostSystem") {
		h := e.(*simulator.HostSystem)
		listed := false
		s.reg.WithLock(h, func() { listed = hasRef(h.Vm, info.Ref) })
		if listed != (h.Name == host) {
			t.Errorf("host %s lists %s: %v", h.Name, vm, listed)
		}
	}
	var browser types.ManagedObjectReference
	s.reg.WithLock(info.Ref, func() { browser = s.registeredVM(info.Ref).EnvironmentBrowser })
	ref, _ := s.entityAt("/DC0/host/DC0_C0/"+host, "HostSystem")
	if want := s.environmentBrowser(ref); want == nil || browser != *want {
		t.Errorf("%s's environment browser %v, want %v", vm, browser, want)
	}
}

// Ten clones of one template at once through one session: all succeed, each with its own disk
// (file and device objects), and the template keeps its own.
func TestConcurrentClonesOfTemplate(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c := plLogin(t, s)
	plTemplate(t, s, "DC0_H0_VM0")
	custom := ccStockSpec(t, c, "vcsim-linux")
	spec := types.VirtualMachineCloneSpec{
		Location:      types.VirtualMachineRelocateSpec{Pool: plPool(t, s, "/DC0/host/DC0_H0/Resources")},
		Customization: &custom,
	}
	var wg sync.WaitGroup
	errs := make([]error, 10)
	var names []string
	for i := range errs {
		names = append(names, fmt.Sprintf("c%d", i))
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = plClone(t, s, c, "DC0_H0_VM0", names[i], spec)
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("clone %s: %v", names[i], err)
		}
	}
	disks, err := s.Disks(s.VMPath("DC0_H0_VM0"))
	plWant(t, "template's disk", plFiles(disks), err, []string{"[LocalDS_0] DC0_H0_VM0/disk1.vmdk"})
	for _, name := range names {
		disks, err := s.Disks(s.VMPath(name))
		file := "[LocalDS_0] " + name + "/" + name + ".vmdk"
		plWant(t, name+"'s disk", plFiles(disks), err, []string{file})
		if !s.FileExists(file) {
			t.Errorf("%s: no disk file %s", name, file)
		}
		if pending, err := s.PendingCustomization(name); err != nil || pending == "" {
			t.Errorf("%s: pendingCustomization %q (%v)", name, pending, err)
		}
	}
	plNoSharedDevices(t, s, append(names, "DC0_H0_VM0"))
	vms, err := s.PoolVMs("/DC0/host/DC0_H0/Resources")
	want := append([]string{"DC0_H0_VM1"}, names...)
	sort.Strings(want)
	plWant(t, "VMs in the pool", vms, err, want)
}

func plFiles(disks []Disk) []string {
	var files []string
	for _, d := range disks {
		files = append(files, d.File)
	}
	return files
}

// plNoSharedDevices checks that no two of the VMs hold the same device or backing object.
func plNoSharedDevices(t *testing.T, s *Sim, names []string) {
	t.Helper()
	owner := map[uintptr]string{}
	for _, name := range names {
		info, err := s.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		s.reg.WithLock(info.Ref, func() {
			for _, d := range s.registeredVM(info.Ref).Config.Hardware.Device {
				for _, obj := range []interface{}{d, d.GetVirtualDevice().Backing} {
					v := reflect.ValueOf(obj)
					if !v.IsValid() || v.Kind() != reflect.Ptr {
						continue
					}
					if other, dup := owner[v.Pointer()]; dup && other != name {
						t.Errorf("%s and %s share a %T", other, name, obj)
					}
					owner[v.Pointer()] = name
				}
			}
		})
	}
}
