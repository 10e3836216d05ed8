// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
)

// clone (docs/behaviour.md#clone). The simulator's VM files are placeholders, so
// every test first gives the VMs real vmx files and disks (sim.WriteVMFiles).

const (
	msgCloneBadSnapshot = "Error: Invalid snapshot name"
	msgCloneFileExists  = "Error: The file already exists"
)

func (h *harness) prepareClone() {
	h.t.Helper()
	h.must(h.s.WriteVMFiles())
}

// cloneSource prepares a clone's source: the second VM, powered off, with a snapshot "base".
func (h *harness) cloneSource() string {
	h.t.Helper()
	h.prepareClone()
	src := h.otherVMPath()
	h.must(h.s.PowerOff(src))
	h.must(h.s.MakeSnapshot(src, "base", false))
	return src
}

// putFile writes a datastore file (and its directory) behind the API's back.
func (h *harness) putFile(dsPath, content string) {
	h.t.Helper()
	local, err := h.s.DatastorePath(dsPath)
	h.must(err)
	h.must(os.MkdirAll(filepath.Dir(local), 0o700))
	h.must(os.WriteFile(local, []byte(content), 0o600))
}

// state is what a refused clone must leave untouched.
type cloneState struct {
	vms, files, snapshots []string
}

func (h *harness) cloneState(src string) cloneState {
	h.t.Helper()
	return cloneState{h.s.VMPaths(), h.s.Files(), h.snapshotNames(src)}
}

func (h *harness) expectUnchanged(before cloneState, src string, r result) {
	h.t.Helper()
	after := h.cloneState(src)
	if !reflect.DeepEqual(before.vms, after.vms) {
		h.t.Errorf("inventory changed:\n before %v\n after  %v\n%s", before.vms, after.vms, r.Describe())
	}
	if !reflect.DeepEqual(before.files, after.files) {
		h.t.Errorf("datastore files changed:\n before %v\n after  %v\n%s", before.files, after.files, r.Describe())
	}
	if !reflect.DeepEqual(before.snapshots, after.snapshots) {
		h.t.Errorf("snapshots of %s changed: %v -> %v\n%s", src, before.snapshots, after.snapshots, r.Describe())
	}
}

// disks reads a VM's disks; for linked clones it waits until the child disks' files are in
// place (the simulator writes them right after the reconfiguration that created them).
func (h *harness) disks(vmx string, wantChain int) []sim.Disk {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		disks, err := h.s.Disks(vmx)
		h.must(err)
		ok := true
		for _, d := range disks {
			if len(d.FileChain) < wantChain || len(d.APIChain) < wantChain {
				ok = false
			}
		}
		if ok || time.Now().After(deadline) {
			return disks
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// expectClone checks a clone through the API: registered at exactly dst, named name, powered off.
func (h *harness) expectClone(dst, name string) {
	h.t.Helper()
	vm, err := h.s.Lookup(dst)
	if err != nil {
		h.t.Fatalf("clone %s is not registered: %v (VMs %v)", dst, err, h.s.VMPaths())
	}
	if vm.Path != dst {
		h.t.Errorf("clone's config.files.vmPathName = %q, want %q", vm.Path, dst)
	}
	if vm.Name != name {
		h.t.Errorf("clone's name = %q, want %q", vm.Name, name)
	}
	if vm.PowerState != "poweredOff" {
		h.t.Errorf("clone's power state = %q, want poweredOff", vm.PowerState)
	}
	if !h.s.FileExists(dst) {
		h.t.Errorf("the clone's vmx %s does not exist on the datastore", dst)
	}
}

func TestCloneFull(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.prepareClone()
		src := h.vmPath()
		srcDisks := h.disks(src, 1)
		if len(srcDisks) != 1 || srcDisks[0].Data == "" {
			t.Fatalf("source disks: %+v", srcDisks)
		}

		// Powered on: refused, nothing changed.
		before := h.cloneState(src)
		r := h.run("clone", src, "[LocalDS_0] full1/full1.vmx", "full")
		r.ExpectError(t, msgAlreadyRunning)
		h.expectUnchanged(before, src, r)

		// Suspended: a full clone is allowed (VixVM_Clone).
		h.must(h.s.Suspend(src))
		dst := "[LocalDS_0] full1/full1.vmx"
		h.s.ResetCalls()
		h.run("clone", src, dst, "full").ExpectOK(t)
		h.expectClone(dst, "full1")
		if h.model == "vc" && h.s.CallCount("CloneVM_Task") != 1 {
			t.Errorf("vCenter: want one CloneVM_Task, calls %v", h.s.Calls())
		}
		if h.model == "esx" && (h.s.CallCount("CopyVirtualDisk_Task") != 1 || h.s.CallCount("RegisterVM_Task") != 1) {
			t.Errorf("ESX: want CopyVirtualDisk_Task and RegisterVM_Task, calls %v", h.s.Calls())
		}
		disks := h.disks(dst, 1)
		if len(disks) != 1 || len(disks[0].APIChain) != 1 || len(disks[0].FileChain) != 1 {
			t.Fatalf("full clone's disks should be independent: %+v", disks)
		}
		if !strings.HasPrefix(disks[0].File, "[LocalDS_0] full1/") {
			t.Errorf("full clone's disk %s is not in the clone's directory", disks[0].File)
		}
		if disks[0].Data != srcDisks[0].Data {
			t.Errorf("full clone's disk data %q, want the source's %q", disks[0].Data, srcDisks[0].Data)
		}
		// The source is unchanged.
		if got := h.disks(src, 1); !reflect.DeepEqual(got, srcDisks) {
			t.Errorf("source disks changed: %+v -> %+v", srcDisks, got)
		}
		h.expectState(src, "suspended")

		// -cloneName, a nested directory (the file way on vCenter too), from a powered-off VM.
		h.must(h.s.PowerOn(src))
		h.must(h.s.PowerOff(src))
		dst2 := "[LocalDS_0] clones/nested/x.vmx"
		h.run("clone", src, dst2, "FULL", "-cloneName=My Clone").ExpectOK(t)
		h.expectClone(dst2, "My Clone")
		if vmx, err := h.s.ReadFile(dst2); err != nil {
			t.Error(err)
		} else {
			text := string(vmx)
			for _, gone := range []string{"uuid.bios", "uuid.location", "generatedAddress =", "vc.uuid"} {
				if strings.Contains(text, gone) {
					t.Errorf("clone vmx still has %s:\n%s", gone, text)
				}
			}
			if h.model == "esx" && !strings.Contains(text, `displayName = "My Clone"`) {
				t.Errorf("clone vmx lacks the display name:\n%s", text)
			}
		}

		// Clones start and stop like any VM.
		h.run("start", dst).ExpectOK(t)
		h.expectState(dst, "poweredOn")
		h.run("start", dst2).ExpectOK(t)
		h.expectState(dst2, "poweredOn")
	})
}

func TestCloneLinked(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.prepareClone()
		src := h.otherVMPath()
		h.must(h.s.PowerOff(src))
		srcDisks := h.disks(src, 1)
		if len(srcDisks) != 1 {
			t.Fatalf("source disks: %+v", srcDisks)
		}
		h.must(h.s.MakeSnapshot(src, "base", false))

		// -snapshot=NAME
		dst := "[LocalDS_0] lc1/lc1.vmx"
		h.s.ResetCalls()
		h.run("clone", src, dst, "linked", "-snapshot=base", "-cloneName=lc").ExpectOK(t)
		h.expectClone(dst, "lc")
		if h.model == "esx" && h.s.CallCount("CloneVM_Task") != 0 {
			t.Errorf("ESX: CloneVM_Task called: %v", h.s.Calls())
		}
		disks := h.disks(dst, 2)
		want := []string{disks[0].File, srcDisks[0].File}
		if len(disks) != 1 || !reflect.DeepEqual(disks[0].APIChain, want) || !reflect.DeepEqual(disks[0].FileChain, want) {
			t.Errorf("linked clone's disk chain: %+v, want API and file chains %v", disks, want)
		}
		if !strings.HasPrefix(disks[0].File, "[LocalDS_0] lc1/") {
			t.Errorf("child disk %s is not in the clone's directory", disks[0].File)
		}
		if got := h.disks(src, 1); !reflect.DeepEqual(got, srcDisks) {
			t.Errorf("source disks changed: %+v -> %+v", srcDisks, got)
		}
		if names := h.snapshotNames(src); !reflect.DeepEqual(names, []string{"base"}) {
			t.Errorf("snapshots after a linked clone from base: %v", names)
		}

		// -snapshot NAME (two tokens), directory differing from the stem.
		dst2 := "[LocalDS_0] lc2dir/lc2.vmx"
		h.run("clone", src, dst2, "linked", "-snapshot", "base").ExpectOK(t)
		h.expectClone(dst2, "lc2")
		if d := h.disks(dst2, 2); len(d) != 1 || len(d[0].FileChain) != 2 || d[0].FileChain[1] != srcDisks[0].File {
			t.Errorf("two-token -snapshot: disks %+v", d)
		}

		// No -snapshot: a snapshot of the current state is taken first; a running VM is fine.
		h.must(h.s.PowerOn(src))
		dst3 := "[LocalDS_0] lc3/lc3.vmx"
		h.run("clone", src, dst3, "linked").ExpectOK(t)
		h.expectClone(dst3, "lc3")
		if names := h.snapshotNames(src); len(names) != 2 || names[0] != "base" {
			t.Errorf("want base plus a new snapshot, got %v", names)
		}
		if d := h.disks(dst3, 2); len(d) != 1 || len(d[0].FileChain) != 2 {
			t.Errorf("linked clone without -snapshot: disks %+v", d)
		}
		h.expectState(src, "poweredOn")

		// The clone starts.
		h.run("start", dst).ExpectOK(t)
		h.expectState(dst, "poweredOn")
	})
}

// Refusals leave nothing behind: no VM, no file, no snapshot.
func TestCloneRefusals(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		src := h.cloneSource()
		// A file where a clone would go.
		taken := "[LocalDS_0] taken/taken.vmx"
		h.putFile(taken, "x")

		for _, tc := range []struct {
			name    string
			prepare func()
			args    []string
			want    string
		}{
			{"bad snapshot", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "linked", "-snapshot=nope"}, msgCloneBadSnapshot},
			{"bad snapshot full", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "full", "-snapshot", "nope"}, msgCloneBadSnapshot},
			{"registered dst", nil, []string{src, h.vmPath(), "full"}, msgAlreadyLoaded},
			{"existing dst file", nil, []string{src, taken, "full"}, msgCloneFileExists},
			{"no directory", nil, []string{src, "[LocalDS_0] flat.vmx", "full"}, msgInvalidParams},
			{"not a vmx", nil, []string{src, "[LocalDS_0] r1/r1.txt", "full"}, msgInvalidParams},
			{"dot dot", nil, []string{src, "[LocalDS_0] ../r1/r1.vmx", "full"}, msgInvalidParams},
			{"no brackets", nil, []string{src, "r1/r1.vmx", "full"}, msgInvalidParams},
			{"unknown datastore", nil, []string{src, "[NoSuchDS] r1/r1.vmx", "full"}, msgFileNotFound},
			{"unknown source", nil, []string{"[LocalDS_0] nope/nope.vmx", "[LocalDS_0] r1/r1.vmx", "full"},
				msgCannotOpen("[LocalDS_0] nope/nope.vmx")},
			{"bad type", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "medium"}, msgInvalidParams},
			{"dangling -snapshot", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "linked", "-snapshot"}, msgInvalidParams},
			{"twice -cloneName", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "full", "-cloneName=a", "-cloneName=b"}, msgInvalidParams},
			{"unknown option", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "full", "-bogus=1"}, msgInvalidParams},
			{"running full", func() { h.must(h.s.PowerOn(src)) }, []string{src, "[LocalDS_0] r1/r1.vmx", "full"}, msgAlreadyRunning},
			{"suspended linked", func() { h.must(h.s.Suspend(src)) }, []string{src, "[LocalDS_0] r1/r1.vmx", "linked"}, msgAlreadyRunning},
			{"suspended linked from snapshot", nil, []string{src, "[LocalDS_0] r1/r1.vmx", "linked", "-snapshot=base"}, msgAlreadyRunning},
		} {
			if tc.prepare != nil {
				tc.prepare()
			}
			before := h.cloneState(src)
			r := h.run(append([]string{"clone"}, tc.args...)...)
			if r.Code != 255 || r.Stdout != tc.want+"\n" {
				t.Errorf("%s: want exit 255 and %q\ngot %s", tc.name, tc.want, r.Describe())
			}
			h.expectUnchanged(before, src, r)
		}
	})
}

// The SOAP calls of clone, written down so that any growth is a visible decision.
func TestCloneRoundTrips(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		src := h.cloneSource()
		session := rtSession
		task := rtTask
		wait := []string{"RetrieveProperties"} // a later task's first read: done
		join := rtJoin
		// Checks: find the source (datacenters, FindByDatastorePath, its facts), DST's datastore,
		// whether a VM is registered at DST, then GET DST (404) over HTTPS.
		checks := []string{"RetrieveProperties", "FindByDatastorePath", "RetrieveProperties",
			"RetrieveProperties", "FindByDatastorePath"}
		for _, tc := range []struct {
			name string
			args []string
			want []string
			http []string
		}{
			{"full", []string{src, "[LocalDS_0] rt1/rt1.vmx", "full"},
				map[string][]string{
					// vCenter: vCenter's placement is DST (GET of the directory: 404) -> CloneVM_Task,
					// then read back where the vmx landed.
					"vc": session(join(checks, task("CloneVM_Task"), []string{"RetrieveProperties"})...),
					// ESX: the snapshot-less state's disks are known; MakeDirectory,
					// CopyVirtualDisk_Task, CopyDatastoreFile_Task (the nvram), PUT the vmx,
					// RegisterVM_Task.
					"esx": session(join(checks, []string{"MakeDirectory"}, task("CopyVirtualDisk_Task"),
						task("CopyDatastoreFile_Task"), []string{"RegisterVM_Task"}, wait)...),
				}[h.model], nil},
			{"linked -snapshot", []string{src, "[LocalDS_0] rt2/rt2.vmx", "linked", "-snapshot=base", "-cloneName=n"},
				map[string][]string{
					"vc": session(join(checks, task("CloneVM_Task"), []string{"Rename_Task"}, wait,
						[]string{"RetrieveProperties"})...),
					// ESX: the snapshot's disks, MakeDirectory, CopyDatastoreFile_Task (the nvram),
					// PUT, RegisterVM_Task, the clone's controllers, ReconfigVM_Task adding the
					// child disks.
					"esx": session(join(checks, []string{"RetrieveProperties", "MakeDirectory"},
						task("CopyDatastoreFile_Task"), task("RegisterVM_Task"),
						[]string{"RetrieveProperties", "ReconfigVM_Task"}, wait)...),
				}[h.model], nil},
		} {
			h.s.ResetCalls()
			r := h.run(append([]string{"clone"}, tc.args...)...)
			r.ExpectOK(t)
			if got := h.s.Calls(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: SOAP calls (%d):\n got  %s\n want %s (%d)", tc.name, len(got),
					strings.Join(got, ", "), strings.Join(tc.want, ", "), len(tc.want))
			}
			// Plain HTTP: GET DST's vmx (404), on the file way GET each disk target (404), then
			// GET DST's directory (404); the file way also reads the source vmx and PUTs DST.
			dir := strings.TrimSuffix(strings.TrimPrefix(tc.args[1], "[LocalDS_0] "), ".vmx")
			stem := dir[strings.LastIndex(dir, "/")+1:]
			wantHTTP := []string{"GET /sdk/vimServiceVersions.xml", "GET /folder/" + dir + ".vmx", "GET /folder/" + stem + "/"}
			if h.model == "esx" {
				srcDir := strings.TrimPrefix(src[:strings.LastIndex(src, "/")], "[LocalDS_0] ")
				wantHTTP = []string{"GET /sdk/vimServiceVersions.xml", "GET /folder/" + dir + ".vmx",
					"GET /folder/" + stem + "/" + stem + ".vmdk", "GET /folder/" + srcDir + "/" + srcDir + ".vmx",
					"GET /folder/" + stem + "/", "PUT /folder/" + dir + ".vmx"}
			}
			if got := h.s.HTTPRequests(); !reflect.DeepEqual(got, wantHTTP) {
				t.Errorf("%s: plain HTTP:\n got  %v\n want %v", tc.name, got, wantHTTP)
			}
			if n := h.s.Connections(); n != 1 {
				t.Errorf("%s: %d TCP connections, want 1", tc.name, n)
			}
		}
	})
}
