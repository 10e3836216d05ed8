package sim

// Realism for clone (issue 3). Each piece mimics what a real host does:
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
//   - Folder.RegisterVM_Task: a host reads the vmx, so the registered VM has the vmx's SCSI
//     controllers and disks (vcsim registers a VM without any). Placeholder (empty) vmx files
//     register as before.
//   - A disk added with fileOperation "create" and backing.parent set (ReconfigVM_Task) is a
//     child disk: descriptor naming the parent plus a "-delta" extent (vcsim writes two empty
//     files). Done by a registry observer right after the change.
//   - Sim.WriteVMFiles: vcsim's VM files are empty placeholders; this writes a vmx like a
//     host's (identity included: uuid.bios, uuid.location, generated MAC addresses) and real
//     disk descriptors and extents, so clients that read or copy VM files see real content.

import (
	"context"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("CloneVM_Task", func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
		return s.cloneVM(w, r, call, body)
	})
	registerSOAPHook("CopyVirtualDisk_Task", func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
		return s.copyVirtualDisk(w, r, call, body)
	})
	registerSOAPHook("RegisterVM_Task", func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
		return s.registerVM(w, r, call, body)
	})
}

// ---- disk files ----

// vmdkInfo is what a descriptor says.
type vmdkInfo struct {
	extent  string // extent file name, relative to the descriptor
	parent  string // parentFileNameHint, relative to the descriptor ("" for a base disk)
	sectors int64
}

var (
	extentLine = regexp.MustCompile(`(?m)^RW (\d+) \S+ "([^"]+)"`)
	parentLine = regexp.MustCompile(`(?m)^parentFileNameHint="([^"]+)"`)
)

func readVmdk(local string) (vmdkInfo, error) {
	data, err := ioutil.ReadFile(local)
	if err != nil {
		return vmdkInfo{}, err
	}
	var info vmdkInfo
	if m := extentLine.FindSubmatch(data); m != nil {
		info.sectors, _ = strconv.ParseInt(string(m[1]), 10, 64)
		info.extent = string(m[2])
	}
	if m := parentLine.FindSubmatch(data); m != nil {
		info.parent = string(m[1])
	}
	return info, nil
}

func baseDescriptor(extent string, sectors int64) string {
	return "# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=fffffffe\nparentCID=ffffffff\n" +
		"createType=\"vmfs\"\n\n# Extent description\nRW " + strconv.FormatInt(sectors, 10) +
		" VMFS \"" + extent + "\"\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = \"lsilogic\"\n" +
		"ddb.virtualHWVersion = \"13\"\n"
}

func childDescriptor(extent, parent string, sectors int64) string {
	return "# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=fffffffe\nparentCID=fffffffe\n" +
		"createType=\"vmfsSparse\"\nparentFileNameHint=\"" + parent + "\"\n\n# Extent description\nRW " +
		strconv.FormatInt(sectors, 10) + " VMFSSPARSE \"" + extent + "\"\n\n# The Disk Data Base\n#DDB\n\n" +
		"ddb.virtualHWVersion = \"13\"\n"
}

func sansVmdk(local string) string { return strings.TrimSuffix(local, ".vmdk") }

// chainOf returns the local descriptor paths of a disk and its parents, the disk first.
func chainOf(local string) ([]string, error) {
	var chain []string
	for local != "" && len(chain) < 32 {
		info, err := readVmdk(local)
		if err != nil {
			return chain, err
		}
		chain = append(chain, local)
		if info.parent == "" {
			break
		}
		p := info.parent
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(local), p)
		}
		local = p
	}
	return chain, nil
}

// flatData returns the data of a disk's chain (the base disk's extent; deltas hold no data here).
func flatData(local string) ([]byte, int64, error) {
	chain, err := chainOf(local)
	if err != nil {
		return nil, 0, err
	}
	base := chain[len(chain)-1]
	info, _ := readVmdk(base)
	if info.extent == "" {
		return nil, 0, nil // a placeholder disk
	}
	data, err := ioutil.ReadFile(filepath.Join(filepath.Dir(base), info.extent))
	return data, info.sectors, err
}

// writeFlatCopy makes `dst` a base disk holding the data of the chain at `src`.
func writeFlatCopy(src, dst string) error {
	data, sectors, err := flatData(src)
	if err != nil {
		return err
	}
	if sectors == 0 {
		sectors = 2048
	}
	extent := filepath.Base(sansVmdk(dst)) + "-flat.vmdk"
	if err := ioutil.WriteFile(filepath.Join(filepath.Dir(dst), extent), data, 0o600); err != nil {
		return err
	}
	return ioutil.WriteFile(dst, []byte(baseDescriptor(extent, sectors)), 0o600)
}

// writeChild makes `child` a delta disk on `parent` (both local descriptor paths).
func writeChild(child, parent string) error {
	info, _ := readVmdk(parent)
	sectors := info.sectors
	if sectors == 0 {
		sectors = 2048
	}
	hint, err := filepath.Rel(filepath.Dir(child), parent)
	if err != nil {
		hint = parent
	}
	extent := filepath.Base(sansVmdk(child)) + "-delta.vmdk"
	_ = os.Remove(sansVmdk(child) + "-flat.vmdk") // vcsim's placeholder: a child has no flat extent
	if err := ioutil.WriteFile(filepath.Join(filepath.Dir(child), extent), nil, 0o600); err != nil {
		return err
	}
	return ioutil.WriteFile(child, []byte(childDescriptor(extent, hint, sectors)), 0o600)
}

// datastoreOf maps a local file back to "[ds] rel/path".
func (s *Sim) datastoreOf(local string) string {
	for _, e := range s.reg.All("Datastore") {
		ds, ok := e.(*simulator.Datastore)
		if !ok || ds.Info == nil {
			continue
		}
		root := ds.Info.GetDatastoreInfo().Url
		if rel, err := filepath.Rel(root, local); err == nil && !strings.HasPrefix(rel, "..") {
			return "[" + ds.Name + "] " + filepath.ToSlash(rel)
		}
	}
	return local
}

// backingChain builds backing.parent for a disk whose parent descriptor is `parentLocal`.
func (s *Sim) backingChain(parentLocal string) *types.VirtualDiskFlatVer2BackingInfo {
	chain, err := chainOf(parentLocal)
	if err != nil || len(chain) == 0 {
		return nil
	}
	var head *types.VirtualDiskFlatVer2BackingInfo
	for i := len(chain) - 1; i >= 0; i-- {
		head = &types.VirtualDiskFlatVer2BackingInfo{
			VirtualDeviceFileBackingInfo: types.VirtualDeviceFileBackingInfo{FileName: s.datastoreOf(chain[i])},
			DiskMode:                     string(types.VirtualDiskModePersistent),
			Parent:                       head,
		}
	}
	return head
}

func disksOf(devices []types.BaseVirtualDevice) []*types.VirtualDisk {
	var out []*types.VirtualDisk
	for _, d := range devices {
		if disk, ok := d.(*types.VirtualDisk); ok {
			out = append(out, disk)
		}
	}
	return out
}

func flatBacking(disk *types.VirtualDisk) *types.VirtualDiskFlatVer2BackingInfo {
	b, _ := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
	return b
}

// ---- child disks created through ReconfigVM_Task ----

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

// ensureCloneRealism installs the child-disk observer once per Sim (there is no start hook).
func (s *Sim) ensureCloneRealism() {
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

// ---- CloneVM_Task ----

func (s *Sim) cloneVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	if s.Model == "esx" {
		out := faultResponse("The operation is not supported on the object.", &types.NotSupported{})
		writeSOAP(w, http.StatusInternalServerError, out)
		return out
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

// ---- CopyVirtualDisk_Task ----

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
		out := faultResponse("", &types.ManagedObjectNotFound{Obj: call.This})
		writeSOAP(w, http.StatusInternalServerError, out)
		return out
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
	out := taskResponse("CopyVirtualDisk_Task", task.Run())
	writeSOAP(w, http.StatusOK, out)
	return out
}

// ---- RegisterVM_Task ----

func (s *Sim) registerVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req struct {
		Path string `xml:"path"`
		Name string `xml:"name"`
	}
	_ = decodeMethod(body, &req)
	s.ensureCloneRealism()
	// vcsim refuses to register a VM without "<name>.nvram" and "vmware.log" next to the vmx; a
	// real host creates both at the first power-on. Satisfy vcsim, and take them away again if
	// the registration fails.
	var made []string
	if local, err := s.DatastorePath(req.Path); err == nil {
		name := req.Name
		if name == "" {
			rel := strings.SplitN(req.Path, "] ", 2)
			name = path.Base(path.Dir(rel[len(rel)-1]))
		}
		dir := filepath.Dir(local)
		if _, err := os.Stat(local); err == nil {
			for _, f := range []string{name + ".nvram", "vmware.log"} {
				p := filepath.Join(dir, f)
				if _, err := os.Stat(p); os.IsNotExist(err) && ioutil.WriteFile(p, nil, 0o600) == nil {
					made = append(made, p)
				}
			}
		}
	}
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	if vm := s.taskResult(out); vm != nil {
		s.attachVmxDisks(*vm, req.Path)
	} else {
		for _, p := range made {
			_ = os.Remove(p)
		}
	}
	rec.flush(out)
	return out
}

// vmxDeviceKey matches "scsi0:1.fileName" style keys.
var vmxDiskKey = regexp.MustCompile(`(?i)^((scsi|sata|nvme|ide)(\d+)):(\d+)\.filename$`)
var vmxScsiKey = regexp.MustCompile(`(?i)^scsi(\d+)\.present$`)

func parseVmx(data []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		i := strings.IndexByte(line, '=')
		if line == "" || line[0] == '#' || i < 0 {
			continue
		}
		out[strings.ToLower(strings.TrimSpace(line[:i]))] = strings.Trim(strings.TrimSpace(line[i+1:]), `"`)
	}
	return out
}

// attachVmxDisks gives a registered VM the SCSI controllers and disks its vmx lists.
func (s *Sim) attachVmxDisks(ref types.ManagedObjectReference, vmxPath string) {
	local, err := s.DatastorePath(vmxPath)
	if err != nil {
		return
	}
	data, err := ioutil.ReadFile(local)
	if err != nil || len(data) == 0 {
		return
	}
	vmx := parseVmx(data)
	ctx := context.Background()
	obj := object.NewVirtualMachine(s.client, ref)
	devices, err := obj.Device(ctx)
	if err != nil {
		return
	}
	var changes []types.BaseVirtualDeviceConfigSpec
	controllers := map[string]types.BaseVirtualController{}
	for _, d := range devices {
		if c, ok := d.(types.BaseVirtualSCSIController); ok {
			controllers["scsi"+strconv.Itoa(int(c.GetVirtualSCSIController().BusNumber))] = c.(types.BaseVirtualController)
		}
	}
	var keys []string
	for k := range vmx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	next := int32(-200)
	for _, k := range keys {
		m := vmxScsiKey.FindStringSubmatch(k)
		if m == nil || !strings.EqualFold(vmx[k], "TRUE") || controllers["scsi"+m[1]] != nil {
			continue
		}
		bus, _ := strconv.Atoi(m[1])
		kind := vmx["scsi"+m[1]+".virtualdev"]
		if kind == "" {
			kind = "lsilogic"
		}
		c, err := devices.CreateSCSIController(kind)
		if err != nil {
			continue
		}
		sc := c.(types.BaseVirtualSCSIController).GetVirtualSCSIController()
		sc.BusNumber = int32(bus)
		sc.Key = next
		next--
		controllers["scsi"+m[1]] = c.(types.BaseVirtualController)
		changes = append(changes, &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: c})
	}
	dir := path.Dir(strings.SplitN(vmxPath, "] ", 2)[len(strings.SplitN(vmxPath, "] ", 2))-1])
	ds := vmxPath[:strings.Index(vmxPath, "]")+1]
	for _, k := range keys {
		m := vmxDiskKey.FindStringSubmatch(k)
		if m == nil || !strings.EqualFold(m[2], "scsi") || strings.EqualFold(vmx[m[1]+":"+m[4]+".present"], "FALSE") {
			continue
		}
		file := vmx[k]
		if !strings.HasSuffix(strings.ToLower(file), ".vmdk") || strings.Contains(vmx[m[1]+":"+m[4]+".devicetype"], "cdrom") {
			continue
		}
		dsFile := ds + " " + path.Join(dir, file)
		if strings.HasPrefix(file, "/") || strings.HasPrefix(file, "[") {
			dsFile = file
		}
		c := controllers[strings.ToLower(m[1])]
		if c == nil {
			continue
		}
		diskLocal, err := s.DatastorePath(dsFile)
		if err != nil {
			continue
		}
		info, err := readVmdk(diskLocal)
		if err != nil {
			continue
		}
		unit, _ := strconv.Atoi(m[4])
		u := int32(unit)
		disk := &types.VirtualDisk{
			VirtualDevice: types.VirtualDevice{
				Key:           next,
				ControllerKey: c.GetVirtualController().Key,
				UnitNumber:    &u,
				Backing: &types.VirtualDiskFlatVer2BackingInfo{
					VirtualDeviceFileBackingInfo: types.VirtualDeviceFileBackingInfo{FileName: dsFile},
					DiskMode:                     string(types.VirtualDiskModePersistent),
				},
			},
			CapacityInKB: info.sectors / 2,
		}
		next--
		if info.parent != "" {
			p := info.parent
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(diskLocal), p)
			}
			disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).Parent = s.backingChain(p)
		}
		changes = append(changes, &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: disk})
	}
	if len(changes) == 0 {
		return
	}
	task, err := obj.Reconfigure(ctx, types.VirtualMachineConfigSpec{DeviceChange: changes})
	if err == nil {
		_ = task.Wait(ctx)
	}
}

// ---- helpers for tests ----

// WriteVMFiles replaces every registered VM's placeholder vmx and disks with real content: a vmx
// as a host writes it (displayName, guestOS, identity, controllers, disks, NICs with generated
// MAC addresses) and, per disk, a descriptor plus a "-flat" extent holding "data of <disk>".
// It also turns on the child-disk realism for this Sim.
func (s *Sim) WriteVMFiles() error {
	s.ensureCloneRealism()
	for _, e := range s.reg.All("VirtualMachine") {
		ref := e.Reference()
		var err error
		s.reg.WithLock(ref, func() {
			vm, ok := s.reg.Get(ref).(*simulator.VirtualMachine)
			if !ok || vm.Config == nil {
				return
			}
			err = s.writeVMFiles(vm)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Sim) writeVMFiles(vm *simulator.VirtualMachine) error {
	vmxLocal, err := s.DatastorePath(vm.Config.Files.VmPathName)
	if err != nil {
		return err
	}
	dir := filepath.Dir(vmxLocal)
	var b strings.Builder
	add := func(k, v string) { fmt.Fprintf(&b, "%s = \"%s\"\n", k, v) }
	add(".encoding", "UTF-8")
	add("config.version", "8")
	add("virtualHW.version", "13")
	add("displayName", vm.Name)
	add("guestOS", "other-64")
	add("memSize", strconv.Itoa(int(vm.Config.Hardware.MemoryMB)))
	add("numvcpus", strconv.Itoa(int(vm.Config.Hardware.NumCPU)))
	add("nvram", vm.Name+".nvram")
	add("uuid.bios", vm.Config.Uuid)
	add("uuid.location", vm.Config.Uuid)
	add("vc.uuid", vm.Config.InstanceUuid)
	add("sched.swap.derivedName", "/vmfs/volumes/LocalDS_0/"+vm.Name+"/"+vm.Name+"-0000.vswp")
	names := map[int32]string{}
	eth := 0
	for _, d := range vm.Config.Hardware.Device {
		switch c := d.(type) {
		case types.BaseVirtualSCSIController:
			sc := c.GetVirtualSCSIController()
			name := "scsi" + strconv.Itoa(int(sc.BusNumber))
			names[sc.Key] = name
			kind := "lsilogic"
			if _, ok := d.(*types.ParaVirtualSCSIController); ok {
				kind = "pvscsi"
			}
			add(name+".present", "TRUE")
			add(name+".virtualDev", kind)
		case types.BaseVirtualEthernetCard:
			card := c.GetVirtualEthernetCard()
			n := "ethernet" + strconv.Itoa(eth)
			eth++
			add(n+".present", "TRUE")
			add(n+".virtualDev", "e1000")
			add(n+".addressType", "generated")
			add(n+".generatedAddress", card.MacAddress)
			add(n+".generatedAddressOffset", "0")
		}
	}
	for _, disk := range disksOf(vm.Config.Hardware.Device) {
		bk := flatBacking(disk)
		if bk == nil || disk.UnitNumber == nil || names[disk.ControllerKey] == "" {
			continue
		}
		id := names[disk.ControllerKey] + ":" + strconv.Itoa(int(*disk.UnitNumber))
		diskLocal, err := s.DatastorePath(bk.FileName)
		if err != nil {
			return err
		}
		file := bk.FileName
		if filepath.Dir(diskLocal) == dir {
			file = filepath.Base(diskLocal)
		}
		add(id+".present", "TRUE")
		add(id+".fileName", file)
		if st, err := os.Stat(diskLocal); err == nil && st.Size() > 0 {
			continue // already real
		}
		extent := filepath.Base(sansVmdk(diskLocal)) + "-flat.vmdk"
		sectors := disk.CapacityInKB * 2
		if sectors == 0 {
			sectors = 2048
		}
		if err := ioutil.WriteFile(filepath.Join(dir, extent), []byte("data of "+bk.FileName+"\n"), 0o600); err != nil {
			return err
		}
		if err := ioutil.WriteFile(diskLocal, []byte(baseDescriptor(extent, sectors)), 0o600); err != nil {
			return err
		}
	}
	return ioutil.WriteFile(vmxLocal, []byte(b.String()), 0o600)
}

// Disk is one virtual disk of a VM as the API and the files describe it.
type Disk struct {
	File       string   // backing.fileName
	APIChain   []string // backing.fileName, backing.parent.fileName, ... (the API's view)
	FileChain  []string // the descriptor chain on the datastore, by parentFileNameHint
	Data       string   // the data of the chain's base extent
	Controller int32
	Unit       int32
}

// Disks lists a VM's disks (by exact vmx path) with their parent chains.
func (s *Sim) Disks(vmxPath string) ([]Disk, error) {
	vm, err := s.Lookup(vmxPath)
	if err != nil {
		return nil, err
	}
	devices, err := object.NewVirtualMachine(s.client, vm.Ref).Device(context.Background())
	if err != nil {
		return nil, err
	}
	var out []Disk
	for _, disk := range disksOf(devices) {
		b := flatBacking(disk)
		if b == nil {
			continue
		}
		d := Disk{File: b.FileName, Controller: disk.ControllerKey}
		if disk.UnitNumber != nil {
			d.Unit = *disk.UnitNumber
		}
		for p := b; p != nil; p = p.Parent {
			d.APIChain = append(d.APIChain, p.FileName)
		}
		if local, err := s.DatastorePath(b.FileName); err == nil {
			chain, _ := chainOf(local)
			for _, c := range chain {
				d.FileChain = append(d.FileChain, s.datastoreOf(c))
			}
			data, _, _ := flatData(local)
			d.Data = string(data)
		}
		out = append(out, d)
	}
	return out, nil
}

// ReadFile returns the content of the datastore file "[ds] path".
func (s *Sim) ReadFile(dsPath string) ([]byte, error) {
	local, err := s.DatastorePath(dsPath)
	if err != nil {
		return nil, err
	}
	return ioutil.ReadFile(local)
}

// Files lists every file under the datastores (as "[ds] path"), sorted: tests compare listings
// before and after a refused command.
func (s *Sim) Files() []string {
	var out []string
	for _, e := range s.reg.All("Datastore") {
		ds, ok := e.(*simulator.Datastore)
		if !ok || ds.Info == nil {
			continue
		}
		root := ds.Info.GetDatastoreInfo().Url
		_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
			if err == nil && p != root {
				rel, _ := filepath.Rel(root, p)
				suffix := ""
				if info.IsDir() {
					suffix = "/"
				}
				out = append(out, "["+ds.Name+"] "+filepath.ToSlash(rel)+suffix)
			}
			return nil
		})
	}
	sort.Strings(out)
	return out
}

// CreateSnapshot takes a snapshot of a VM (name or vmx path) through the API, without memory.
func (s *Sim) CreateSnapshot(nameOrPath, snapshot string) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) {
		return vm.CreateSnapshot(ctx, snapshot, "", false, false)
	})
}

// SnapshotNames lists a VM's snapshot names, depth-first.
func (s *Sim) SnapshotNames(nameOrPath string) ([]string, error) {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil, err
	}
	var m mo.VirtualMachine
	pc := object.NewVirtualMachine(s.client, vm.Ref)
	if err := pc.Properties(context.Background(), vm.Ref, []string{"snapshot"}, &m); err != nil {
		return nil, err
	}
	var names []string
	var walk func([]types.VirtualMachineSnapshotTree)
	walk = func(list []types.VirtualMachineSnapshotTree) {
		for _, t := range list {
			names = append(names, t.Name)
			walk(t.ChildSnapshotList)
		}
	}
	if m.Snapshot != nil {
		walk(m.Snapshot.RootSnapshotList)
	}
	return names, nil
}
