// SPDX-License-Identifier: Apache-2.0

package sim

// The VM file writer: vcsim's VM files are empty placeholders; Sim.WriteVMFiles writes a vmx like
// a host's (identity included: uuid.bios, uuid.location, generated MAC addresses) and real disk
// descriptors and extents, so that clients which read or copy VM files see real content.

import (
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// WriteVMFiles replaces every registered VM's placeholder vmx and disks with real content: a vmx
// as a host writes it (displayName, guestOS, identity, controllers, disks, NICs with generated
// MAC addresses), an nvram (NVRAMContent) and, per disk, a descriptor plus a "-flat" extent
// holding "data of <disk>".
// It also turns on the child-disk realism for this Sim.
func (s *Sim) WriteVMFiles() error {
	s.watchChildDisks()
	dirs, err := s.datastoreDirs() // once: looking them up per VM would make this quadratic
	if err != nil {
		return err
	}
	for _, e := range s.reg.All("VirtualMachine") {
		ref := e.Reference()
		s.reg.WithLock(ref, func() {
			vm, ok := s.reg.Get(ref).(*simulator.VirtualMachine)
			if !ok || vm.Config == nil {
				return
			}
			err = s.writeVMFiles(vm, dirs)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Sim) writeVMFiles(vm *simulator.VirtualMachine, dirs map[string]string) error {
	vmxLocal, err := localPath(dirs, vm.Config.Files.VmPathName)
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
		diskLocal, err := localPath(dirs, bk.FileName)
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
	nvram := filepath.Join(dir, vm.Name+".nvram")
	if st, err := os.Stat(nvram); err != nil || st.Size() == 0 {
		if err := ioutil.WriteFile(nvram, NVRAMContent(vm.Name), 0o600); err != nil {
			return err
		}
	}
	return ioutil.WriteFile(vmxLocal, []byte(b.String()), 0o600)
}

// NVRAMContent is the nvram WriteVMFiles gives the VM named name: binary, as a real one (every
// byte value occurs), and different per VM, so that a copy can be told from any other file.
func NVRAMContent(name string) []byte {
	b := []byte("NVRAM\x00" + name + "\x00")
	for i := 0; i < 256; i++ {
		b = append(b, byte(i))
	}
	return b
}
