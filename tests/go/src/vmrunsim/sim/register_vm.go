// SPDX-License-Identifier: Apache-2.0

package sim

// RegisterVM_Task realism: a host reads the vmx, so the registered VM has the vmx's SCSI
// controllers and disks (vcsim registers a VM without any), each disk with the parent chain its
// descriptor names, and the vmx's network adapters (a customization specification counts them).
// Placeholder (empty) vmx files register as before.

import (
	"context"
	"io/ioutil"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("RegisterVM_Task", (*Sim).registerVM)
}

func (s *Sim) registerVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req struct {
		Path string `xml:"path"`
		Name string `xml:"name"`
	}
	_ = decodeMethod(body, &req)
	s.watchChildDisks()
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

// vmxDiskKey matches a disk's "scsi0:1.fileName" style key, vmxScsiKey a SCSI controller's
// "scsi0.present" key (keys as parseVmx gives them, in lower case).
var (
	vmxDiskKey = regexp.MustCompile(`(?i)^((scsi|sata|nvme|ide)(\d+)):(\d+)\.filename$`)
	vmxScsiKey = regexp.MustCompile(`(?i)^scsi(\d+)\.present$`)
	vmxNicKey  = regexp.MustCompile(`(?i)^(ethernet\d+)\.present$`)
)

// vmxNics are the vmx's present network adapters, as a host creates them: the vmx's adapter type
// (e1000 when unset) and MAC, on the network the vmx names ("VM Network" when unset).
func vmxNics(vmx map[string]string, keys []string, devices object.VirtualDeviceList, next *int32) []types.BaseVirtualDeviceConfigSpec {
	var changes []types.BaseVirtualDeviceConfigSpec
	for _, k := range keys {
		m := vmxNicKey.FindStringSubmatch(k)
		if m == nil || !strings.EqualFold(vmx[k], "TRUE") {
			continue
		}
		kind, network := vmx[m[1]+".virtualdev"], vmx[m[1]+".networkname"]
		if kind == "" {
			kind = "e1000"
		}
		if network == "" {
			network = "VM Network"
		}
		backing := &types.VirtualEthernetCardNetworkBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: network},
		}
		d, err := devices.CreateEthernetCard(kind, backing)
		if err != nil {
			continue
		}
		card := d.(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()
		card.Key = *next
		*next--
		if mac := vmx[m[1]+".generatedaddress"]; mac != "" {
			card.MacAddress = mac
		}
		changes = append(changes, &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: d})
	}
	return changes
}

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
	vmx := s.readVmx(vmxPath)
	if vmx == nil {
		return
	}
	ctx := context.Background()
	obj := object.NewVirtualMachine(s.client, ref)
	devices, err := obj.Device(ctx)
	if err != nil {
		return
	}
	a := &vmxAttach{vmx: vmx, keys: sortedKeys(vmx), devices: devices,
		controllers: scsiControllersByName(devices), next: -200}
	changes := a.scsiControllers()
	changes = append(changes, s.vmxDisks(a, vmxPath)...)
	changes = append(changes, vmxNics(vmx, a.keys, devices, &a.next)...)
	if len(changes) == 0 {
		return
	}
	task, err := obj.Reconfigure(ctx, types.VirtualMachineConfigSpec{DeviceChange: changes})
	if err == nil {
		_ = task.Wait(ctx)
	}
}

// vmxAttach is what attaching a vmx's devices works from: the vmx's keys (sorted, so that new
// devices get their keys in a stable order), the VM's devices, its SCSI controllers by vmx name
// ("scsi0"), and the next free temporary device key (negative, counting down).
type vmxAttach struct {
	vmx         map[string]string
	keys        []string
	devices     object.VirtualDeviceList
	controllers map[string]types.BaseVirtualController
	next        int32
}

// readVmx is the vmx at a datastore path, parsed (nil if it cannot be read or is empty).
func (s *Sim) readVmx(vmxPath string) map[string]string {
	local, err := s.DatastorePath(vmxPath)
	if err != nil {
		return nil
	}
	data, err := ioutil.ReadFile(local)
	if err != nil || len(data) == 0 {
		return nil
	}
	return parseVmx(data)
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// scsiControllersByName is the VM's SCSI controllers by their vmx names ("scsi0").
func scsiControllersByName(devices object.VirtualDeviceList) map[string]types.BaseVirtualController {
	controllers := map[string]types.BaseVirtualController{}
	for _, d := range devices {
		if c, ok := d.(types.BaseVirtualSCSIController); ok {
			controllers["scsi"+strconv.Itoa(int(c.GetVirtualSCSIController().BusNumber))] = c.(types.BaseVirtualController)
		}
	}
	return controllers
}

// scsiControllers adds the SCSI controllers the vmx has present and the VM lacks.
func (a *vmxAttach) scsiControllers() []types.BaseVirtualDeviceConfigSpec {
	var changes []types.BaseVirtualDeviceConfigSpec
	for _, k := range a.keys {
		m := vmxScsiKey.FindStringSubmatch(k)
		if m == nil || !strings.EqualFold(a.vmx[k], "TRUE") || a.controllers["scsi"+m[1]] != nil {
			continue
		}
		bus, _ := strconv.Atoi(m[1])
		kind := a.vmx["scsi"+m[1]+".virtualdev"]
		if kind == "" {
			kind = "lsilogic"
		}
		c, err := a.devices.CreateSCSIController(kind)
		if err != nil {
			continue
		}
		sc := c.(types.BaseVirtualSCSIController).GetVirtualSCSIController()
		sc.BusNumber = int32(bus)
		sc.Key = a.next
		a.next--
		a.controllers["scsi"+m[1]] = c.(types.BaseVirtualController)
		changes = append(changes, &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: c})
	}
	return changes
}

// vmxDisks adds the SCSI disks the vmx lists (present .vmdk files, not CD-ROMs) whose controller
// the VM has and whose descriptor can be read. A relative file name is in the vmx's directory.
func (s *Sim) vmxDisks(a *vmxAttach, vmxPath string) []types.BaseVirtualDeviceConfigSpec {
	dir := path.Dir(strings.SplitN(vmxPath, "] ", 2)[len(strings.SplitN(vmxPath, "] ", 2))-1])
	ds := vmxPath[:strings.Index(vmxPath, "]")+1]
	var changes []types.BaseVirtualDeviceConfigSpec
	for _, k := range a.keys {
		m := vmxDiskKey.FindStringSubmatch(k)
		if m == nil || !strings.EqualFold(m[2], "scsi") || strings.EqualFold(a.vmx[m[1]+":"+m[4]+".present"], "FALSE") {
			continue
		}
		file := a.vmx[k]
		if !strings.HasSuffix(strings.ToLower(file), ".vmdk") || strings.Contains(a.vmx[m[1]+":"+m[4]+".devicetype"], "cdrom") {
			continue
		}
		dsFile := ds + " " + path.Join(dir, file)
		if strings.HasPrefix(file, "/") || strings.HasPrefix(file, "[") {
			dsFile = file
		}
		c := a.controllers[strings.ToLower(m[1])]
		if c == nil {
			continue
		}
		unit, _ := strconv.Atoi(m[4])
		if disk := s.vmxDisk(dsFile, c, int32(unit), a.next); disk != nil {
			a.next--
			changes = append(changes, &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: disk})
		}
	}
	return changes
}

// vmxDisk is the disk device for dsFile on controller c at unit with this key, its capacity and
// backing chain read from the descriptor (nil if the descriptor cannot be read).
func (s *Sim) vmxDisk(dsFile string, c types.BaseVirtualController, unit, key int32) *types.VirtualDisk {
	diskLocal, err := s.DatastorePath(dsFile)
	if err != nil {
		return nil
	}
	info, err := readVmdk(diskLocal)
	if err != nil {
		return nil
	}
	disk := &types.VirtualDisk{
		VirtualDevice: types.VirtualDevice{
			Key:           key,
			ControllerKey: c.GetVirtualController().Key,
			UnitNumber:    &unit,
			Backing: &types.VirtualDiskFlatVer2BackingInfo{
				VirtualDeviceFileBackingInfo: types.VirtualDeviceFileBackingInfo{FileName: dsFile},
				DiskMode:                     string(types.VirtualDiskModePersistent),
			},
		},
		CapacityInKB: info.sectors / 2,
	}
	if info.parent != "" {
		p := info.parent
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(diskLocal), p)
		}
		disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).Parent = s.backingChain(p)
	}
	return disk
}
