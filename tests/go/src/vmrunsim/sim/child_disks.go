// SPDX-License-Identifier: Apache-2.0

package sim

// Child disks created through ReconfigVM_Task: a disk added with fileOperation "create" and
// backing.parent set is a child (delta) disk on a host, its descriptor naming the parent plus an
// empty "-delta" extent; vcsim writes two empty files instead. A registry observer turns them
// into real child disks right after the change (there is no SOAP hook for it: the disk is added
// inside the stock ReconfigVM_Task).

import (
	"os"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// childDiskObserver sees every VM change; when a VM's disk count changes it makes disks that
// have backing.parent but only vcsim's empty placeholder files into real child disks.
type childDiskObserver struct{ s *Sim }

func (o childDiskObserver) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "VmrunSimChildDisks", Value: "vmrunsim-child-disks"}
}
func (o childDiskObserver) PutObject(mo.Reference)                    {}
func (o childDiskObserver) RemoveObject(types.ManagedObjectReference) {}
func (o childDiskObserver) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	ref := obj.Reference()
	if ref.Type != "VirtualMachine" {
		return
	}
	for _, ch := range changes {
		if ch.Name == "summary.config.numVirtualDisks" {
			// The device is appended after this update, under the VM's lock: look once it is free.
			o.s.goAfter(0, func() { o.s.reg.WithLock(ref, func() { o.s.fixChildDisks(ref) }) })
			return
		}
	}
}

var (
	observersMu sync.Mutex
	observers   = map[*Sim]bool{}
)

// watchChildDisks installs the child-disk observer once per Sim (there is no start hook).
func (s *Sim) watchChildDisks() {
	observersMu.Lock()
	defer observersMu.Unlock()
	if observers[s] {
		return
	}
	observers[s] = true
	o := childDiskObserver{s}
	s.reg.AddHandler(o)
	go func() {
		<-s.ctx.Done()
		s.reg.RemoveHandler(o)
		observersMu.Lock()
		delete(observers, s)
		observersMu.Unlock()
	}()
}

// fixChildDisks runs with the VM's lock held.
func (s *Sim) fixChildDisks(ref types.ManagedObjectReference) {
	vm, ok := s.reg.Get(ref).(*simulator.VirtualMachine)
	if !ok || vm.Config == nil {
		return
	}
	for _, disk := range disksOf(vm.Config.Hardware.Device) {
		b := flatBacking(disk)
		if b == nil || b.Parent == nil {
			continue
		}
		local, err := s.DatastorePath(b.FileName)
		if err != nil {
			continue
		}
		if st, err := os.Stat(local); err != nil || st.Size() != 0 {
			continue // already a real disk
		}
		parent, err := s.DatastorePath(b.Parent.FileName)
		if err != nil {
			continue
		}
		_ = writeChild(local, parent)
	}
}
