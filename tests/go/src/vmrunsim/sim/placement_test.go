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
	"github.com/vmware/govmomi/vim25/types"
)

// Templates, pools, folders and clones (placement_api.go, templates.go, clone_hooks.go).

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
