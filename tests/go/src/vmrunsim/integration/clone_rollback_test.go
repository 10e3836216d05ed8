// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi/vim25/types"
)

// A clone that fails half-way undoes what it made: every file it wrote (directory, disks, nvram,
// vmx) is gone and no VM is registered, whichever step failed. Each case makes one step of the
// file way fail as a host whose datastore filled up (NoDiskSpace) does, then compares the
// inventory, the datastore files and the source's snapshots with what they were before.

const msgDiskFull = "Error: An error occurred while writing a file; the disk is full. Data has not been saved. Free some space and try again."

func TestCloneRollback(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		src := h.cloneSource()
		// A directory that was there before: it and what it holds stay.
		kept := "[LocalDS_0] shared/notes.txt"
		h.putFile(kept, "not the clone's")

		// On vCenter a directory named after the stem lets vCenter place the clone itself
		// (CloneVM_Task): every DST here has another directory, so both models take the file way.
		for _, tc := range []struct {
			name, failing string
			args          []string
		}{
			{"full: the disk copy fails", "CopyVirtualDisk_Task",
				[]string{src, "[LocalDS_0] rb1dir/rb1.vmx", "full"}},
			{"full: the nvram copy fails", "CopyDatastoreFile_Task",
				[]string{src, "[LocalDS_0] rb2dir/rb2.vmx", "full"}},
			{"full: registering fails", "RegisterVM_Task",
				[]string{src, "[LocalDS_0] rb3dir/nested/rb3.vmx", "full"}},
			{"full into an existing directory: registering fails", "RegisterVM_Task",
				[]string{src, "[LocalDS_0] shared/rb4.vmx", "full"}},
			{"linked from a snapshot: adding the child disks fails", "ReconfigVM_Task",
				[]string{src, "[LocalDS_0] rb5dir/rb5.vmx", "linked", "-snapshot=base"}},
			{"linked, base snapshot taken: adding the child disks fails", "ReconfigVM_Task",
				[]string{src, "[LocalDS_0] rb6dir/rb6.vmx", "linked"}},
			{"linked into an existing directory: the nvram copy fails", "CopyDatastoreFile_Task",
				[]string{src, "[LocalDS_0] shared/rb7.vmx", "linked", "-snapshot=base"}},
		} {
			before := h.cloneState(src)
			h.s.FailNextTask(tc.failing, "There is not enough space on the disk.",
				&types.NoDiskSpace{Datastore: "LocalDS_0"})
			h.s.ResetCalls()
			r := h.run(append([]string{"clone"}, tc.args...)...)
			if r.Code != 255 || r.Stdout != msgDiskFull+"\n" {
				t.Errorf("%s: want exit 255 and %q\ngot %s", tc.name, msgDiskFull, r.Describe())
			}
			if h.s.CallCount(tc.failing) != 1 {
				t.Errorf("%s: the failing step %s was not reached: %v", tc.name, tc.failing, h.s.Calls())
			}
			h.expectUnchanged(before, src, r)
		}
		if got, err := h.s.ReadFile(kept); err != nil || string(got) != "not the clone's" {
			t.Errorf("the existing directory's file: %q, %v", got, err)
		}
		// Nothing of the failed runs is in the way of a clone to the same place.
		h.run("clone", src, "[LocalDS_0] shared/rb4.vmx", "full").ExpectOK(t)
		h.expectClone("[LocalDS_0] shared/rb4.vmx", "rb4")
		if names := h.snapshotNames(src); !reflect.DeepEqual(names, []string{"base"}) {
			t.Errorf("snapshots after the rollbacks: %v", names)
		}
	})
}
