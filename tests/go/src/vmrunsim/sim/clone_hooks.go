// SPDX-License-Identifier: Apache-2.0

package sim

// Clone realism: the SOAP hooks behind vmrun's clone verb. Each mimics what a real host does:
//
//   - CloneVM_Task on the ESX model: a standalone ESXi host answers NotSupported, faultstring
//     "The operation is not supported on the object." (vmware/govmomi#1469; vcsim 0.24.2 clones).
//   - CloneVM_Task on vCenter with diskMoveType createNewChildDiskBacking: the clone's disks are
//     child (delta) disks whose backing.parent is the snapshot's disk, and their descriptors name
//     the parent (vcsim ignores diskMoveType and gives the clone new, unrelated disks). A full
//     clone's disks hold a copy of the source's data (vcsim leaves them empty).
//   - VirtualDiskManager.CopyVirtualDisk_Task: like a host, it writes a new descriptor whose
//     extent is the copy's own "-flat" file, consolidating a child disk's chain into one flat
//     disk (vcsim copies both files verbatim, so the copy names the source's extent).
//
// The disk files themselves are written by disk_files.go.

import (
	"net/http"
	"os"
	"path"
	"path/filepath"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("CloneVM_Task", (*Sim).cloneVM)
	registerSOAPHook("CopyVirtualDisk_Task", (*Sim).copyVirtualDisk)
}

func (s *Sim) cloneVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	if s.Model == "esx" {
		return replyFault(w, "The operation is not supported on the object.", &types.NotSupported{})
	}
	var req struct {
		Spec struct {
			Location struct {
				DiskMoveType string `xml:"diskMoveType"`
			} `xml:"location"`
			Snapshot string `xml:"snapshot"`
		} `xml:"spec"`
	}
	_ = decodeMethod(body, &req)
	// vcsim's clone rewrites the source's own disk backings (it empties and reuses the device
	// objects for the clone); a real vCenter leaves the source alone. Keep them to restore.
	type saved struct {
		b      *types.VirtualDiskFlatVer2BackingInfo
		copied types.VirtualDiskFlatVer2BackingInfo
	}
	var keep []saved
	s.reg.WithLock(call.This, func() {
		if vm, ok := s.reg.Get(call.This).(*simulator.VirtualMachine); ok && vm.Config != nil {
			for _, d := range disksOf(vm.Config.Hardware.Device) {
				if b := flatBacking(d); b != nil {
					keep = append(keep, saved{b, *b})
				}
			}
		}
	})
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	clone := s.taskResult(out)
	if clone != nil {
		// The clone gets device objects of its own.
		s.reg.WithLock(*clone, func() {
			if vm, ok := s.reg.Get(*clone).(*simulator.VirtualMachine); ok {
				for i, d := range vm.Config.Hardware.Device {
					if disk, ok := d.(*types.VirtualDisk); ok {
						copied := *disk
						if b := flatBacking(disk); b != nil {
							nb := *b
							copied.Backing = &nb
						}
						vm.Config.Hardware.Device[i] = &copied
					}
				}
			}
		})
	}
	s.reg.WithLock(call.This, func() {
		for _, k := range keep {
			*k.b = k.copied
		}
	})
	if clone != nil {
		var snap *types.ManagedObjectReference
		if req.Spec.Snapshot != "" {
			snap = &types.ManagedObjectReference{Type: "VirtualMachineSnapshot", Value: req.Spec.Snapshot}
		}
		linked := req.Spec.Location.DiskMoveType == string(types.VirtualMachineRelocateDiskMoveOptionsCreateNewChildDiskBacking) && snap != nil
		s.finishClone(call.This, snap, *clone, linked)
	}
	rec.flush(out)
	return out
}

// finishClone gives the clone's disks their content: children of the snapshot's disks (linked)
// or copies of the source's data (full).
func (s *Sim) finishClone(source types.ManagedObjectReference, snap *types.ManagedObjectReference, clone types.ManagedObjectReference, linked bool) {
	var from []*types.VirtualDisk
	if snap != nil {
		if sn, ok := s.reg.Get(*snap).(*simulator.VirtualMachineSnapshot); ok && sn.Config.Hardware.Device != nil {
			from = disksOf(sn.Config.Hardware.Device)
		}
	} else {
		s.reg.WithLock(source, func() {
			if vm, ok := s.reg.Get(source).(*simulator.VirtualMachine); ok {
				from = disksOf(vm.Config.Hardware.Device)
			}
		})
	}
	s.reg.WithLock(clone, func() {
		vm, ok := s.reg.Get(clone).(*simulator.VirtualMachine)
		if !ok {
			return
		}
		for i, disk := range disksOf(vm.Config.Hardware.Device) {
			if i >= len(from) || flatBacking(disk) == nil || flatBacking(from[i]) == nil {
				continue
			}
			dst, err1 := s.DatastorePath(flatBacking(disk).FileName)
			src, err2 := s.DatastorePath(flatBacking(from[i]).FileName)
			if err1 != nil || err2 != nil {
				continue
			}
			if linked {
				if writeChild(dst, src) == nil {
					flatBacking(disk).Parent = s.backingChain(src)
				}
			} else {
				_ = writeFlatCopy(src, dst)
			}
		}
		s.reg.Update(vm, []types.PropertyChange{{Name: "config.hardware.device", Val: vm.Config.Hardware.Device}})
	})
}

func (s *Sim) copyVirtualDisk(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	var req struct {
		SourceName string    `xml:"sourceName"`
		DestName   string    `xml:"destName"`
		Force      bool      `xml:"force"`
		DestSpec   *struct{} `xml:"destSpec"`
	}
	_ = decodeMethod(body, &req)
	vdm, ok := s.reg.Get(call.This).(*simulator.VirtualDiskManager)
	if !ok {
		return replyFault(w, "", &types.ManagedObjectNotFound{Obj: call.This})
	}
	task := simulator.CreateTask(vdm, "copyVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		if req.DestSpec != nil && s.Model == "vc" {
			return nil, new(types.NotImplemented) // vCenter does not implement destSpec
		}
		src, err := s.DatastorePath(req.SourceName)
		if err != nil {
			return nil, &types.InvalidDatastore{Name: req.SourceName}
		}
		dst, err := s.DatastorePath(req.DestName)
		if err != nil {
			return nil, &types.InvalidDatastore{Name: req.DestName}
		}
		if _, err := os.Stat(src); err != nil {
			return nil, &types.FileNotFound{FileFault: types.FileFault{File: req.SourceName}}
		}
		if _, err := os.Stat(dst); err == nil && !req.Force {
			return nil, &types.FileAlreadyExists{FileFault: types.FileFault{File: req.DestName}}
		}
		if _, err := os.Stat(filepath.Dir(dst)); err != nil {
			return nil, &types.FileNotFound{FileFault: types.FileFault{File: path.Dir(req.DestName)}}
		}
		if err := writeFlatCopy(src, dst); err != nil {
			return nil, &types.CannotCreateFile{FileFault: types.FileFault{File: req.DestName}}
		}
		return req.DestName, nil
	})
	return reply(w, http.StatusOK, taskResponse("CopyVirtualDisk_Task", task.Run()))
}
