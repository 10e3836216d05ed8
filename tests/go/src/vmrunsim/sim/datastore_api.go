// SPDX-License-Identifier: Apache-2.0

package sim

// Test helpers for datastore files: map datastore paths to the local files behind them, read
// files and listings, and read a VM's disks back as the API and the disk files describe them.

import (
	"context"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
)

// DatastorePath maps "[ds] rel/path" to the local file backing it (the datastore's info.url).
func (s *Sim) DatastorePath(dsPath string) (string, error) {
	dirs, err := s.datastoreDirs()
	if err != nil {
		return "", err
	}
	return localPath(dirs, dsPath)
}

// datastoreDirs maps each datastore's name to its local directory (info.url). Reading them walks
// the whole inventory, so a caller that maps many paths reads them once and uses localPath.
func (s *Sim) datastoreDirs() (map[string]string, error) {
	ctx := context.Background()
	v, err := view.NewManager(s.client).CreateContainerView(ctx, s.client.ServiceContent.RootFolder, []string{"Datastore"}, true)
	if err != nil {
		return nil, err
	}
	defer func() { _ = v.Destroy(ctx) }()
	var dss []mo.Datastore
	if err := v.Retrieve(ctx, []string{"Datastore"}, []string{"name", "info"}, &dss); err != nil {
		return nil, err
	}
	dirs := map[string]string{}
	for _, ds := range dss {
		if _, dup := dirs[ds.Name]; !dup && ds.Info != nil {
			dirs[ds.Name] = ds.Info.GetDatastoreInfo().Url // the first, as the lookup always took
		}
	}
	return dirs, nil
}

// localPath maps "[ds] rel/path" to the local file behind it, given datastoreDirs.
func localPath(dirs map[string]string, dsPath string) (string, error) {
	var p object.DatastorePath
	if !p.FromString(dsPath) {
		return "", fmt.Errorf("sim: not a datastore path: %q", dsPath)
	}
	dir, ok := dirs[p.Datastore]
	if !ok {
		return "", fmt.Errorf("sim: no datastore %q", p.Datastore)
	}
	return filepath.Join(dir, filepath.FromSlash(p.Path)), nil
}

// FileExists reports whether the datastore file behind "[ds] rel/path" exists.
func (s *Sim) FileExists(dsPath string) bool {
	local, err := s.DatastorePath(dsPath)
	if err != nil {
		return false
	}
	_, err = os.Stat(local)
	return err == nil
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
