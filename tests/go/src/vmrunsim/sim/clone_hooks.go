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
//   - CloneVM_Task on vCenter leaves the source's devices alone and gives each clone devices of
//     its own, also when clones of one source run at once (vcsim empties the source's disk
//     backings and hands the very device objects to the clone).
//   - CloneVM_Task on vCenter with spec.customization: the clone ends with the customization
//     pending and the guest applies it at its first power-on (vcsim ignores it); a spec whose
//     nicSettingMap does not match the clone's NICs fails the task with NicSettingMismatch and
//     makes no clone. customization.go does the rest.
//   - CloneVM_Task on vCenter places the clone on the host spec.location asks for, or one of the
//     target pool's (clone_placement.go), and a clone made as a template leaves its pool
//     (templates.go); vcsim keeps the source's host and lists the template in the pool.
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
	"reflect"
	"sync"

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
	req, ok := decodeRequest(body).(*types.CloneVM_Task)
	if !ok {
		out, _ := s.passThrough(w, r, body) // the simulator words its own decoding fault
		return out
	}
	spec := &req.Spec
	host, msg, fault := s.checkClone(call.This, spec)
	if fault != nil {
		return s.replyFailedTask(w, call, taskFault{msg, fault}) // nothing cloned
	}
	rec, out, clone := s.stockClone(w, r, call.This, body)
	if clone != nil {
		s.completeClone(call.This, spec, *clone, host, out)
	}
	rec.flush(out)
	return out
}

// checkClone refuses what a real vCenter refuses before it clones; else it returns the host the
// clone must run on (nil: the source's, where vcsim puts it).
func (s *Sim) checkClone(source types.ManagedObjectReference, spec *types.VirtualMachineCloneSpec) (*types.ManagedObjectReference, string, types.BaseMethodFault) {
	if spec.Customization != nil {
		if msg, fault := s.checkCloneCustomization(source, spec); fault != nil {
			return nil, msg, fault
		}
	}
	return s.cloneHost(source, &spec.Location) // clone_placement.go
}

// completeClone does what vcsim's clone leaves undone: the disks' content, a template's pool,
// the host, the customization (if it is refused after all, the clone is undone and its task,
// named in reply, fails).
func (s *Sim) completeClone(source types.ManagedObjectReference, spec *types.VirtualMachineCloneSpec, clone types.ManagedObjectReference, host *types.ManagedObjectReference, reply []byte) {
	linked := spec.Location.DiskMoveType == string(types.VirtualMachineRelocateDiskMoveOptionsCreateNewChildDiskBacking) && spec.Snapshot != nil
	s.finishClone(source, spec.Snapshot, clone, linked)
	if spec.Template {
		s.templateChanged(clone) // templates.go
	}
	if host != nil {
		s.moveToHost(clone, *host)
	}
	if spec.Customization != nil {
		if msg, fault := s.customizeVM(clone, *spec.Customization); fault != nil {
			s.undoClone(reply, clone, msg, fault)
		}
	}
}

// cloneMu lets one stock clone run at a time: see stockClone.
var cloneMu sync.Mutex

// stockClone lets the simulator clone and repairs what its clone does to the source. It returns
// the buffered reply and the clone (nil if none was made).
//
// vcsim hands the source's own device objects to the clone, after emptying the disks' backings
// (the new VM's disks then get their file names written into those same objects); a real
// vCenter leaves the source alone. So the source's backings are kept and restored, and the clone
// gets device objects of its own. vcsim runs the clone under the source's lock, but the repair
// runs after it: clones of one source running at once would save each other's half-done edits,
// leave the source naming a clone's disk and let clones share one disk object. The whole
// sequence therefore runs under cloneMu.
func (s *Sim) stockClone(w http.ResponseWriter, r *http.Request, source types.ManagedObjectReference, body []byte) (*recorder, []byte, *types.ManagedObjectReference) {
	cloneMu.Lock()
	defer cloneMu.Unlock()
	keep := s.diskBackings(source)
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	clone := s.taskResult(out)
	if clone != nil {
		s.ownDevices(*clone)
	}
	s.reg.WithLock(source, func() {
		for _, k := range keep {
			*k.b = k.copied
		}
	})
	return rec, out, clone
}

// savedBacking is a disk backing of the source and its value before the clone.
type savedBacking struct {
	b      *types.VirtualDiskFlatVer2BackingInfo
	copied types.VirtualDiskFlatVer2BackingInfo
}

func (s *Sim) diskBackings(ref types.ManagedObjectReference) []savedBacking {
	var keep []savedBacking
	s.reg.WithLock(ref, func() {
		if vm := s.registeredVM(ref); vm != nil && vm.Config != nil {
			for _, d := range disksOf(vm.Config.Hardware.Device) {
				if b := flatBacking(d); b != nil {
					keep = append(keep, savedBacking{b, *b})
				}
			}
		}
	})
	return keep
}

// ownDevices gives the clone copies of the device objects (and their backings) it shares with
// the source.
func (s *Sim) ownDevices(ref types.ManagedObjectReference) {
	s.reg.WithLock(ref, func() {
		vm := s.registeredVM(ref)
		if vm == nil || vm.Config == nil {
			return
		}
		for i, d := range vm.Config.Hardware.Device {
			c := shallowCopy(d).(types.BaseVirtualDevice)
			if dev := c.GetVirtualDevice(); dev.Backing != nil {
				dev.Backing = shallowCopy(dev.Backing).(types.BaseVirtualDeviceBackingInfo)
			}
			vm.Config.Hardware.Device[i] = c
		}
	})
}

// shallowCopy returns a new copy of the struct a pointer points to (v itself if v is not one).
func shallowCopy(v interface{}) interface{} {
	p := reflect.ValueOf(v)
	if p.Kind() != reflect.Ptr || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return v
	}
	c := reflect.New(p.Elem().Type())
	c.Elem().Set(p.Elem())
	return c.Interface()
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
