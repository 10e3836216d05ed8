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
	changes = append(changes, vmxNics(vmx, keys, devices, &next)...)
	if len(changes) == 0 {
		return
	}
	task, err := obj.Reconfigure(ctx, types.VirtualMachineConfigSpec{DeviceChange: changes})
	if err == nil {
		_ = task.Wait(ctx)
	}
}
