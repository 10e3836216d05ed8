// SPDX-License-Identifier: Apache-2.0

package sim

// Test helpers for clone placement and guest customization: templates (MarkAsTemplate is in
// templates.go), resource pools and folders set up and read back through the vSphere API, by inventory path as govc prints it
// ("/DC0/host/DC0_C0/Resources/ci", "/DC0/vm/ci").

import (
	"context"
	"fmt"
	"sort"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Placement is where a VM sits in the inventory.
type Placement struct {
	Pool   string // inventory path of its resource pool, "" for a template (it has none)
	Folder string // inventory path of its parent folder
	Host   string // name of its runtime host, e.g. "DC0_C0_H1"
}

// IsTemplate reads config.template.
func (s *Sim) IsTemplate(nameOrPath string) (bool, error) {
	vm, err := s.Lookup(nameOrPath)
	return vm.Template, err
}

// GuestHostName reads guest.hostName ("" when the guest reports none).
func (s *Sim) GuestHostName(nameOrPath string) (string, error) {
	m, err := s.lcRetrieve(nameOrPath, "guest.hostName")
	if err != nil || m.Guest == nil {
		return "", err
	}
	return m.Guest.HostName, nil
}

// PendingCustomization reads config.tools.pendingCustomization ("" when none is pending).
func (s *Sim) PendingCustomization(nameOrPath string) (string, error) {
	m, err := s.lcRetrieve(nameOrPath, "config.tools.pendingCustomization")
	if err != nil || m.Config == nil || m.Config.Tools == nil {
		return "", err
	}
	return m.Config.Tools.PendingCustomization, nil
}

// Placement reads the VM's resource pool, parent folder and runtime host.
func (s *Sim) Placement(nameOrPath string) (Placement, error) {
	var p Placement
	m, err := s.lcRetrieve(nameOrPath, "resourcePool", "parent", "runtime.host")
	if err != nil {
		return p, err
	}
	ctx := context.Background()
	if m.ResourcePool != nil {
		if p.Pool, err = find.InventoryPath(ctx, s.client, *m.ResourcePool); err != nil {
			return p, err
		}
	}
	if m.Parent != nil {
		if p.Folder, err = find.InventoryPath(ctx, s.client, *m.Parent); err != nil {
			return p, err
		}
	}
	if m.Runtime.Host != nil {
		var h mo.HostSystem
		if err = property.DefaultCollector(s.client).RetrieveOne(ctx, *m.Runtime.Host, []string{"name"}, &h); err != nil {
			return p, err
		}
		p.Host = h.Name
	}
	return p, nil
}

// CreateResourcePool makes a resource pool named name (default settings) in the pool at
// parentPath, e.g. "/DC0/host/DC0_C0/Resources".
func (s *Sim) CreateResourcePool(parentPath, name string) error {
	ref, err := s.entityAt(parentPath, "ResourcePool")
	if err != nil {
		return err
	}
	_, err = object.NewResourcePool(s.client, ref).Create(context.Background(), name, types.DefaultResourceConfigSpec())
	return err
}

// CreateFolder makes a folder named name in the folder at parentPath, e.g. "/DC0/vm".
func (s *Sim) CreateFolder(parentPath, name string) error {
	ref, err := s.entityAt(parentPath, "Folder")
	if err != nil {
		return err
	}
	_, err = object.NewFolder(s.client, ref).CreateFolder(context.Background(), name)
	return err
}

// FolderVMs lists the names of the VMs (templates included) right in the folder at path, sorted.
func (s *Sim) FolderVMs(path string) ([]string, error) {
	ref, err := s.entityAt(path, "Folder")
	if err != nil {
		return nil, err
	}
	var f mo.Folder
	if err := property.DefaultCollector(s.client).RetrieveOne(context.Background(), ref, []string{"childEntity"}, &f); err != nil {
		return nil, err
	}
	return s.vmNames(f.ChildEntity)
}

// PoolVMs lists the names of the VMs right in the resource pool at path, sorted.
func (s *Sim) PoolVMs(path string) ([]string, error) {
	ref, err := s.entityAt(path, "ResourcePool")
	if err != nil {
		return nil, err
	}
	var p mo.ResourcePool
	if err := property.DefaultCollector(s.client).RetrieveOne(context.Background(), ref, []string{"vm"}, &p); err != nil {
		return nil, err
	}
	return s.vmNames(p.Vm)
}

// vmNames are the names of the VMs among refs, sorted.
func (s *Sim) vmNames(refs []types.ManagedObjectReference) ([]string, error) {
	var vms []types.ManagedObjectReference
	for _, ref := range refs {
		if ref.Type == "VirtualMachine" {
			vms = append(vms, ref)
		}
	}
	names := []string{}
	if len(vms) == 0 {
		return names, nil
	}
	var mvms []mo.VirtualMachine
	if err := property.DefaultCollector(s.client).Retrieve(context.Background(), vms, []string{"name"}, &mvms); err != nil {
		return nil, err
	}
	for _, m := range mvms {
		names = append(names, m.Name)
	}
	sort.Strings(names)
	return names, nil
}

// entityAt finds the entity of type kind at an inventory path (SearchIndex.FindByInventoryPath).
func (s *Sim) entityAt(path, kind string) (types.ManagedObjectReference, error) {
	ref, err := object.NewSearchIndex(s.client).FindByInventoryPath(context.Background(), path)
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	if ref == nil || ref.Reference().Type != kind {
		return types.ManagedObjectReference{}, fmt.Errorf("sim: no %s at %q", kind, path)
	}
	return ref.Reference(), nil
}
