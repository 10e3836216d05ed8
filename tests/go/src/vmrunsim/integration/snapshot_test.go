// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Snapshot verbs (docs/behaviour.md#snapshots, docs/behaviour.md#verb-output), state read back
// through the API.

const (
	msgSnapshotExists  = "Error: The snapshot already exists"
	msgInvalidSnapshot = "Error: Invalid snapshot name"
)

// snapshotShape is a tree as "path(state)" entries depth-first, with "*" marking the current one.
func (h *harness) snapshotShape(vmx string) []string {
	h.t.Helper()
	nodes, err := h.s.SnapshotTree(vmx)
	h.must(err)
	var out []string
	for _, n := range nodes {
		e := n.Path + "(" + n.State + ")"
		if n.Current {
			e += "*"
		}
		out = append(out, e)
	}
	return out
}

// snapshotNames lists the VM's snapshot names depth-first.
func (h *harness) snapshotNames(vmx string) []string {
	h.t.Helper()
	nodes, err := h.s.SnapshotTree(vmx)
	h.must(err)
	var names []string
	for _, n := range nodes {
		names = append(names, n.Name)
	}
	return names
}

func (h *harness) expectSnapshots(vmx string, want ...string) {
	h.t.Helper()
	if got := h.snapshotShape(vmx); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		h.t.Errorf("snapshot tree of %s:\n got  %v\n want %v", vmx, got, want)
	}
}

// Creating, listing (flat, tree, JSON), resolving, deleting.
func TestSnapshotCreateListDelete(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.run("listSnapshots", vmx).Expect(t, 0, "Total snapshots: 0")
		h.run("listSnapshots", vmx, "showTree").Expect(t, 0, "Total snapshots: 0")

		// A running VM: memory included, so the snapshot's state is poweredOn.
		h.run("snapshot", vmx, "base").ExpectOK(t)
		h.expectSnapshots(vmx, "base(poweredOn)*")

		// Duplicates are refused before anything changes.
		h.s.ResetCalls()
		h.run("snapshot", vmx, "base").ExpectError(t, msgSnapshotExists)
		if contains(h.s.Calls(), "CreateSnapshot_Task") {
			t.Errorf("duplicate name still created a snapshot: %v", h.s.Calls())
		}
		h.expectSnapshots(vmx, "base(poweredOn)*")

		h.must(h.s.PowerOff(vmx))
		h.run("snapshot", vmx, "child1").ExpectOK(t)
		h.run("snapshot", vmx, "leaf").ExpectOK(t)
		h.run("snapshot", vmx, "leaf").ExpectError(t, msgSnapshotExists)
		h.expectSnapshots(vmx, "base(poweredOn)", "base/child1(poweredOff)", "base/child1/leaf(poweredOff)*")

		// Back to base, branch off: child2, and (through the API, which allows duplicates as
		// vSphere does) a second "leaf".
		h.run("revertToSnapshot", vmx, "base").ExpectOK(t)
		h.run("snapshot", vmx, "child2").ExpectOK(t)
		h.must(h.s.MakeSnapshot(vmx, "leaf", false))
		h.expectSnapshots(vmx, "base(poweredOn)", "base/child1(poweredOff)", "base/child1/leaf(poweredOff)",
			"base/child2(suspended)", "base/child2/leaf(suspended)*")

		h.run("listSnapshots", vmx).Expect(t, 0, "Total snapshots: 5", "base", "child1", "leaf", "child2", "leaf")
		h.run("listSnapshots", vmx, "showTree").Expect(t, 0,
			"Total snapshots: 5", "base", "\tchild1", "\t\tleaf", "\tchild2", "\t\tleaf")
		h.run("listSnapshots", vmx, "SHOWTREE").Expect(t, 0,
			"Total snapshots: 5", "base", "\tchild1", "\t\tleaf", "\tchild2", "\t\tleaf")
		h.run("listSnapshots", vmx, "flat").ExpectError(t, msgInvalidParams)

		r := h.vmrun(append(h.conn("--insecure", "--json"), "listSnapshots", vmx)...)
		r.Expect(t, 0, `{"count": 5, "snapshots": [`+
			`{"name": "base", "path": "base", "depth": 0, "current": false}, `+
			`{"name": "child1", "path": "base/child1", "depth": 1, "current": false}, `+
			`{"name": "leaf", "path": "base/child1/leaf", "depth": 2, "current": false}, `+
			`{"name": "child2", "path": "base/child2", "depth": 1, "current": false}, `+
			`{"name": "leaf", "path": "base/child2/leaf", "depth": 2, "current": true}]}`)
		var doc map[string]interface{}
		if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
			t.Errorf("--json listSnapshots is not JSON: %v\n%s", err, r.Describe())
		}

		// Ambiguous: refused, the candidates explained on stderr.
		r = h.run("revertToSnapshot", vmx, "leaf")
		r.ExpectError(t, msgInvalidSnapshot)
		if !strings.Contains(r.Stderr, "base/child1/leaf") || !strings.Contains(r.Stderr, "base/child2/leaf") {
			t.Errorf("ambiguity not explained on stderr:\n%s", r.Describe())
		}
		h.run("deleteSnapshot", vmx, "leaf").ExpectError(t, msgInvalidSnapshot)
		r = h.run("revertToSnapshot", vmx, "nosuch")
		r.ExpectError(t, msgInvalidSnapshot)
		h.run("revertToSnapshot", vmx, "base/nosuch").ExpectError(t, msgInvalidSnapshot)
		h.run("revertToSnapshot", vmx, "").ExpectError(t, msgInvalidParams)
		h.run("snapshot", vmx, "").ExpectError(t, msgInvalidParams)

		// A path names one of them.
		h.run("revertToSnapshot", vmx, "child1/leaf").ExpectOK(t)
		h.expectSnapshots(vmx, "base(poweredOn)", "base/child1(poweredOff)", "base/child1/leaf(poweredOff)*",
			"base/child2(suspended)", "base/child2/leaf(suspended)")

		// Without andDeleteChildren the children move up to the parent.
		h.run("deleteSnapshot", vmx, "base/child1").ExpectOK(t)
		h.expectSnapshots(vmx, "base(poweredOn)", "base/leaf(poweredOff)*", "base/child2(suspended)",
			"base/child2/leaf(suspended)")
		h.run("deleteSnapshot", vmx, "child2", "andDeleteChildren").ExpectOK(t)
		h.expectSnapshots(vmx, "base(poweredOn)", "base/leaf(poweredOff)*")
		h.run("deleteSnapshot", vmx, "base", "andChildren").ExpectError(t, msgInvalidParams)
		h.expectSnapshots(vmx, "base(poweredOn)", "base/leaf(poweredOff)*")
		h.run("deleteSnapshot", vmx, "base", "ANDDELETECHILDREN").ExpectOK(t)
		h.expectSnapshots(vmx)
		h.run("listSnapshots", vmx).Expect(t, 0, "Total snapshots: 0")
		h.run("deleteSnapshot", vmx, "base").ExpectError(t, msgInvalidSnapshot)

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		for _, args := range [][]string{
			{"listSnapshots", unknown}, {"snapshot", unknown, "x"},
			{"deleteSnapshot", unknown, "x"}, {"revertToSnapshot", unknown, "x"},
		} {
			h.run(args...).ExpectError(t, msgCannotOpen(unknown))
		}
		h.run("snapshot", vmx).ExpectError(t, msgInvalidParams)
	})
}

// Reverting puts the VM in the snapshot's state (docs/behaviour.md#snapshots): a snapshot taken while running
// includes memory and reverts to suspended (suppressPowerOn), not powered off (as VIX 1.7 is
// known to do wrongly).
func TestSnapshotRevertRestoresPowerState(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.run("snapshot", vmx, "running").ExpectOK(t)
		h.must(h.s.PowerOff(vmx))
		h.run("snapshot", vmx, "off").ExpectOK(t)
		h.must(h.s.PowerOn(vmx))
		h.must(h.s.Suspend(vmx))
		h.run("snapshot", vmx, "asleep").ExpectOK(t)
		h.must(h.s.PowerOn(vmx))
		h.expectSnapshots(vmx, "running(poweredOn)", "running/off(poweredOff)", "running/off/asleep(suspended)*")

		h.run("revertToSnapshot", vmx, "running").ExpectOK(t)
		h.expectState(vmx, "suspended")
		h.expectSnapshots(vmx, "running(poweredOn)*", "running/off(poweredOff)", "running/off/asleep(suspended)")
		// start resumes the memory state.
		h.run("start", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		h.run("revertToSnapshot", vmx, "off").ExpectOK(t)
		h.expectState(vmx, "poweredOff")
		h.run("revertToSnapshot", vmx, "asleep").ExpectOK(t)
		h.expectState(vmx, "suspended")
		h.run("revertToSnapshot", vmx, "running/off").ExpectOK(t)
		h.expectState(vmx, "poweredOff")

		// A snapshot of a running VM without memory (not one vmrun takes) holds no running state:
		// reverting leaves the VM powered off, as on a real host.
		h.must(h.s.PowerOn(vmx))
		h.must(h.s.MakeSnapshot(vmx, "disks-only", false))
		h.run("revertToSnapshot", vmx, "disks-only").ExpectOK(t)
		h.expectState(vmx, "poweredOff")
	})
}

// The SOAP calls of the snapshot verbs, written down (see TestVerbRoundTrips).
func TestSnapshotRoundTrips(t *testing.T) {
	session := rtSession
	// The lookup reads `snapshot` (and the power state) with the exact-path check.
	find := rtFind
	task := rtTask
	join := rtJoin
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		for _, tc := range []struct {
			name string
			args []string
			want []string
		}{
			{"snapshot", []string{"snapshot", vmx, "base"}, session(join(find, task("CreateSnapshot_Task"))...)},
			{"snapshot (duplicate)", []string{"snapshot", vmx, "base"}, session(find...)},
			{"listSnapshots", []string{"listSnapshots", vmx, "showTree"}, session(find...)},
			{"revertToSnapshot", []string{"revertToSnapshot", vmx, "base"}, session(join(find, task("RevertToSnapshot_Task"))...)},
			{"revertToSnapshot (invalid)", []string{"revertToSnapshot", vmx, "nosuch"}, session(find...)},
			{"deleteSnapshot", []string{"deleteSnapshot", vmx, "base"}, session(join(find, task("RemoveSnapshot_Task"))...)},
		} {
			h.expectRoundTrip(tc.name, tc.want, tc.args...)
			if n := h.s.Connections(); n != 1 {
				t.Errorf("%s: %d TCP connections, want 1", tc.name, n)
			}
		}
	})
}
