// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"context"
	"reflect"
	"testing"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// snapshotShape is the VM's snapshot tree read through the API: "path(state)" depth-first, "*"
// on the current one, then " \"description\"" when it has one.
func (h *harness) snapshotShape(vmx string) []string {
	h.t.Helper()
	vm, err := h.s.Lookup(vmx)
	h.must(err)
	var m mo.VirtualMachine
	h.must(property.DefaultCollector(h.s.Client()).RetrieveOne(context.Background(), vm.Ref,
		[]string{"snapshot"}, &m))
	var out []string
	if m.Snapshot == nil {
		return out
	}
	var current types.ManagedObjectReference
	if m.Snapshot.CurrentSnapshot != nil {
		current = *m.Snapshot.CurrentSnapshot
	}
	var walk func(list []types.VirtualMachineSnapshotTree, parent string)
	walk = func(list []types.VirtualMachineSnapshotTree, parent string) {
		for _, t := range list {
			path := t.Name
			if parent != "" {
				path = parent + "/" + t.Name
			}
			e := path + "(" + string(t.State) + ")"
			if t.Snapshot == current {
				e += "*"
			}
			if t.Description != "" {
				e += " \"" + t.Description + "\""
			}
			out = append(out, e)
			walk(t.ChildSnapshotList, path)
		}
	}
	walk(m.Snapshot.RootSnapshotList, "")
	return out
}

func (h *harness) expectSnapshots(vmx string, want ...string) {
	h.t.Helper()
	if got := h.snapshotShape(vmx); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		h.t.Errorf("snapshot tree of %s:\n got  %q\n want %q", vmx, got, want)
	}
}

// Creating (memory as the caller asks), walking the tree through handles, finding by name and
// path, reverting (with and without power-on), removing (children moved up or removed); every
// step's tree read back through the API.
func TestSnapshots(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.expectState(vmx, "poweredOn")

		h.run(env, "vix_snapshot", "current", "roots").Expect(t, 0, "connect: ok", "open: ok",
			"current: error 13003", "roots: 0")

		h.run(env, "vix_snapshot", "create", "base", "the first", "1", "create", "child", "", "0",
			"create", "child", "same name", "0").Expect(t, 0, "connect: ok", "open: ok",
			"create base: ok", `created: base "the first" powered on`,
			"create child: ok", `created: child "" powered off`,
			"create child: ok", `created: child "same name" powered off`)
		h.expectSnapshots(vmx, `base(poweredOn) "the first"`, "base/child(poweredOff)",
			`base/child/child(poweredOff)* "same name"`)

		h.run(env, "vix_snapshot", "roots", "tree", "current", "named", "base/child",
			"named", `base\child\child`, "named", "child", "named", "nope", "edges").Expect(t, 0,
			"connect: ok", "open: ok", "roots: 1",
			"tree: base", "tree:   child", "tree:     child",
			`current: child "same name" powered off`,
			`named base/child: child "" powered off`,
			`named base\child\child: child "same name" powered off`,
			"named child: error 13017", "named nope: error 13003",
			"root -1: error 3", "root past the end: error 3", "roots into NULL: error 3",
			"named NULL: error 3", "root of a snapshot: error 1001",
			"parent of a root: ok", "parent of a root is none",
			"child past the end: error 3", "snapshot children of a VM: error 1001",
			"create with bad options: error 3", "revert with mixed options: error 3",
			"remove with a VM as snapshot: error 1001")

		// A snapshot with memory of a running VM: the revert that suppresses power-on leaves it
		// as vSphere does; a plain revert to one taken powered off powers the VM off.
		h.run(env, "vix_snapshot", "revert-suppress", "base", "state", "current").Expect(t, 0,
			"connect: ok", "open: ok", "revert-suppress base: ok", "power state: suspended",
			`current: base "the first" powered on`)
		h.expectState(vmx, "suspended")
		h.run(env, "vix_snapshot", "revert", "base", "state").Expect(t, 0,
			"connect: ok", "open: ok", "revert base: ok", "power state: powered on")
		h.expectState(vmx, "poweredOn")
		h.run(env, "vix_snapshot", "revert", "base/child", "state").Expect(t, 0,
			"connect: ok", "open: ok", "revert base/child: ok", "power state: powered off")
		h.expectState(vmx, "poweredOff")
		h.expectSnapshots(vmx, `base(poweredOn) "the first"`, "base/child(poweredOff)*",
			`base/child/child(poweredOff) "same name"`)

		// Without REMOVE_CHILDREN the children move up; the removed handle is stale
		// (docs/libvix.md#deleted-handles).
		h.run(env, "vix_snapshot", "remove", "base").Expect(t, 0, "connect: ok", "open: ok",
			"remove base: ok", "removed handle: error 13003", "remove again: error 13003")
		h.expectSnapshots(vmx, "child(poweredOff)*", `child/child(poweredOff) "same name"`)
		h.run(env, "vix_snapshot", "remove-children", "child/child").Expect(t, 0, "connect: ok",
			"open: ok", "remove-children child/child: ok", "removed handle: error 13003",
			"remove again: error 13003")
		h.expectSnapshots(vmx, "child(poweredOff)*")
		h.run(env, "vix_snapshot", "create", "leaf", "", "0", "remove-children", "child",
			"roots", "current").Expect(t, 0, "connect: ok", "open: ok",
			"create leaf: ok", `created: leaf "" powered off`,
			"remove-children child: ok", "removed handle: error 13003", "remove again: error 13003",
			"roots: 0", "current: error 13003")
		h.expectSnapshots(vmx)
		// A NULL name is no name; one snapshot is one handle number while referenced.
		h.run(env, "vix_snapshot", "create-unnamed", "same").Expect(t, 0, "connect: ok", "open: ok",
			"create-unnamed: ok", `created:  "" powered off`,
			"current twice: one handle", "root and current: one handle",
			"after its last release: a new handle")
		h.expectSnapshots(vmx, "(poweredOff)*")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}
