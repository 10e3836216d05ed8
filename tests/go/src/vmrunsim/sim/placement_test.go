// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi/vim25/types"
)

// Templates, pools and folders (placement_api.go, templates.go).

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
