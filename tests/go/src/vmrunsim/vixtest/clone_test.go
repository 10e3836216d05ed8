// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"testing"
	"time"

	"vmrunsim/sim"
)

// The example of VixVM_Clone's page, unchanged in both models: a linked clone of the running
// VM with no snapshot handle (a snapshot is taken first), powered on.
func TestCloneExample(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		h.must(h.s.WriteVMFiles()) // the source's vmx and disks on the datastore, as on a host
		vmx := h.vmPath()
		clone := "[LocalDS_0] example/example.vmx"
		h.run(h.environ(vmx, "VIX_TEST_CLONE="+clone), "vix_clone").Expect(t, 0, "clone example: ok")
		h.expectState(clone, "poweredOn")
		h.expectState(vmx, "poweredOn")
		if got := h.snapshotShape(vmx); len(got) != 1 {
			t.Errorf("source snapshots: got %q, want the one the linked clone is based on", got)
		}
		h.expectLinked(vmx, clone, true)
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}

// expectLinked checks whether the clone's first disk has the source's disk as its parent. The
// simulator gives a registered clone its disks on its own goroutine: their arrival is polled
// for, within a bound.
func (h *harness) expectLinked(source, clone string, linked bool) {
	h.t.Helper()
	src, err := h.s.Disks(source)
	h.must(err)
	var dst []sim.Disk
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		dst, err = h.s.Disks(clone)
		h.must(err)
		if (len(dst) > 0 && (!linked || len(dst[0].APIChain) > 1)) || time.Now().After(deadline) {
			break
		}
	}
	if len(src) == 0 || len(dst) == 0 {
		h.t.Fatalf("disks of %s: source %v, clone %v", clone, src, dst)
	}
	chain := dst[0].APIChain
	if got := len(chain) > 1 && chain[1] == src[0].File; got != linked {
		h.t.Errorf("clone %s linked to %s: got %v (chain %v), want %v", clone, src[0].File, got,
			chain, linked)
	}
}

// Full and linked clones, with and without a snapshot handle; the refusals of the page.
func TestClone(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		h.must(h.s.WriteVMFiles())
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.run(env, "vix_snapshot", "create", "base", "", "0",
			"clone", "full", "-", "[LocalDS_0] f1/f1.vmx",
			"clone", "linked", "base", "[LocalDS_0] l1/l1.vmx",
			"clone", "bad", "-", "[LocalDS_0] b/b.vmx",
			"clone", "linked", "-", "[LocalDS_0] l1/l1.vmx",
			"clone", "linked", "-", "nowhere.vmx").Expect(t, 0, "connect: ok", "open: ok",
			"create base: ok", `created: base "" powered off`,
			"clone full - [LocalDS_0] f1/f1.vmx: error 3007",
			"clone linked base [LocalDS_0] l1/l1.vmx: ok", "clone is [LocalDS_0] l1/l1.vmx",
			"clone bad - [LocalDS_0] b/b.vmx: error 3",
			"clone linked - [LocalDS_0] l1/l1.vmx: error 4004",
			"clone linked - nowhere.vmx: error 3")
		// Based on the snapshot given: no other snapshot taken.
		h.expectLinked(vmx, "[LocalDS_0] l1/l1.vmx", true)
		h.expectState("[LocalDS_0] l1/l1.vmx", "poweredOff")
		h.expectSnapshots(vmx, "base(poweredOff)*")

		// A destination naming its datacenter: the clone's handle has the server's path.
		dc := map[string]string{"esx": "ha-datacenter", "vc": "DC0"}[h.model]
		f2 := "[" + dc + "/LocalDS_0] f2/f2.vmx"
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_snapshot", "clone", "full", "-", "[LocalDS_0] f1/f1.vmx",
			"clone", "full", "base", f2).Expect(t, 0, "connect: ok", "open: ok",
			"clone full - [LocalDS_0] f1/f1.vmx: ok", "clone is [LocalDS_0] f1/f1.vmx",
			"clone full base "+f2+": ok", "clone is [LocalDS_0] f2/f2.vmx")
		h.expectLinked(vmx, "[LocalDS_0] f1/f1.vmx", false)
		h.expectLinked(vmx, "[LocalDS_0] f2/f2.vmx", false)
		h.expectSnapshots(vmx, "base(poweredOff)*")
	})
}

// A vCenter template as the source: full and linked (from its snapshot) clones are VMs in the
// template's cluster; a linked clone with no snapshot handle and power operations are refused
// with VIX_E_TEMPLATE_VM, nothing made.
func TestCloneTemplate(t *testing.T) {
	h := newHarness(t, "vc", nil)
	h.must(h.s.WriteVMFiles())
	tpl := h.s.VMPath("DC0_C0_RP0_VM0")
	h.must(h.s.PowerOff(tpl))
	h.must(h.s.MakeSnapshot(tpl, "base", false))
	h.must(h.s.MarkAsTemplate(tpl))
	env := h.environ(tpl)
	vms := len(h.s.VMPaths())
	h.run(env, "vix_snapshot", "clone", "full", "-", "[LocalDS_0] vt1/vt1.vmx",
		"clone", "linked", "base", "[LocalDS_0] vt2/vt2.vmx",
		"clone", "linked", "-", "[LocalDS_0] vt3/vt3.vmx").Expect(t, 0, "connect: ok", "open: ok",
		"clone full - [LocalDS_0] vt1/vt1.vmx: ok", "clone is [LocalDS_0] vt1/vt1.vmx",
		"clone linked base [LocalDS_0] vt2/vt2.vmx: ok", "clone is [LocalDS_0] vt2/vt2.vmx",
		"clone linked - [LocalDS_0] vt3/vt3.vmx: error 4003")
	h.run(env, "vix_power", "on").Expect(t, 0, "connect: ok", "open: ok", "power on: error 4003")
	if got := len(h.s.VMPaths()); got != vms+2 {
		t.Errorf("%d VMs after the clones, want %d: %v", got, vms+2, h.s.VMPaths())
	}
	for _, clone := range []string{"[LocalDS_0] vt1/vt1.vmx", "[LocalDS_0] vt2/vt2.vmx"} {
		h.expectState(clone, "poweredOff")
		p, err := h.s.Placement(clone)
		h.must(err)
		if p.Pool != "/DC0/host/DC0_C0/Resources" {
			t.Errorf("%s placed in %q, want the template's cluster's root pool", clone, p.Pool)
		}
	}
	h.expectLinked(tpl, "[LocalDS_0] vt2/vt2.vmx", true)
}
