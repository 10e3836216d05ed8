// SPDX-License-Identifier: Apache-2.0

package sim

// Virtual disk files as a host writes them: a text descriptor naming its extent (and, for a child
// disk, its parent), a "-flat" extent holding a base disk's data or an empty "-delta" extent for a
// child. vcsim writes empty placeholders; the clone, register and reconfigure realism (clone_hooks.go,
// register_vm.go, child_disks.go) and the VM file writer (vmx_files.go) use these instead, so that
// clients which read or copy disk files see what a host would have written. Only what the tests
// read is modelled: a delta extent holds no data, and a chain's data is its base disk's.

import (
	"io/ioutil"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

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
