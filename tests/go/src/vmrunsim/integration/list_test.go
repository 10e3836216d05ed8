// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"vmrunsim/sim"
)

// list: "Total running VMs: N" then the powered-on VMs' vmx paths, sorted (docs/behaviour.md#verb-output).
func TestList(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		all := h.s.VMPaths()
		wantAll := map[string]int{"esx": 2, "vc": 4}[h.model]
		if len(all) != wantAll {
			t.Fatalf("model has %d VMs, want %d: %v", len(all), wantAll, all)
		}

		// All powered on at start.
		h.run("list").Expect(t, 0, append([]string{fmt.Sprintf("Total running VMs: %d", len(all))}, all...)...)

		// Power one off and suspend another through the API: only running VMs are listed.
		h.must(h.s.PowerOff(all[0]))
		h.must(h.s.Suspend(all[1]))
		running := h.s.RunningVMPaths()
		if len(running) != wantAll-2 {
			t.Fatalf("running VMs after power-off/suspend: %v", running)
		}
		h.run("list").Expect(t, 0, append([]string{fmt.Sprintf("Total running VMs: %d", len(running))}, running...)...)

		// None running.
		for _, p := range running {
			h.must(h.s.PowerOff(p))
		}
		h.run("list").Expect(t, 0, "Total running VMs: 0")

		// Verb case-insensitive.
		h.run("LIST").Expect(t, 0, "Total running VMs: 0")
	})
}

// listRegisteredVM: "Total registered VMs: N" then every VM's vmx path, sorted, whatever its state.
func TestListRegisteredVM(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		all := h.s.VMPaths()
		if !sort.StringsAreSorted(all) || len(all) < 2 {
			t.Fatalf("bad inventory: %v", all)
		}
		want := append([]string{fmt.Sprintf("Total registered VMs: %d", len(all))}, all...)
		h.run("listRegisteredVM").Expect(t, 0, want...)

		h.must(h.s.PowerOff(all[0]))
		h.must(h.s.Suspend(all[len(all)-1]))
		h.run("listRegisteredVM").Expect(t, 0, want...)
		h.run("listregisteredvm").Expect(t, 0, want...)
	})
}

// An inventory larger than a page: a server that returns fewer objects than vmrun asks for (here
// at most 1000 a page) is followed through every page, each read and freed before the next, and
// every VM listed once.
func TestListPages(t *testing.T) {
	const vms = 2100
	h := newHarness(t, "esx", func(c *sim.Config) { c.VMs = vms; c.PageLimit = 1000 })
	all := h.s.VMPaths()
	if len(all) != vms {
		t.Fatalf("the simulator holds %d VMs, want %d", len(all), vms)
	}
	h.s.ResetCalls()
	h.run("listRegisteredVM").Expect(t, 0, append([]string{fmt.Sprintf("Total registered VMs: %d", vms)}, all...)...)
	want := rtSession("RetrievePropertiesEx", "ContinueRetrievePropertiesEx", "ContinueRetrievePropertiesEx")
	if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
}

// A server that ignores maxObjects, as stock vcsim 0.24 does, answers the whole inventory in one
// RetrievePropertiesEx reply without a token: about 470 bytes and 23 tree nodes a VM, so 5000
// VMs are past the limits of a reply read whole (k_max_xml_nodes). The reply is read one object at
// a time (docs/behaviour.md#limits): every VM listed once, one call, and vmrun's memory the same
// as for a paged listing.
func TestListUnpaged(t *testing.T) {
	const vms = 5000
	h := newHarness(t, "esx", func(c *sim.Config) { c.VMs = vms; c.IgnoreMaxObjects = true })
	all := h.s.VMPaths()
	if len(all) != vms {
		t.Fatalf("the simulator holds %d VMs, want %d", len(all), vms)
	}
	h.s.ResetCalls()
	r, rssKiB := h.vmrunEnv(nil, h.conn("--insecure", "listRegisteredVM")...)
	r.Expect(t, 0, append([]string{fmt.Sprintf("Total registered VMs: %d", vms)}, all...)...)
	if got, want := h.s.Calls(), rtSession("RetrievePropertiesEx"); !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	t.Logf("vmrun listRegisteredVM over %d VMs in one reply: peak RSS %d KiB", vms, rssKiB)
	if rssKiB > hostileRSSLimit() {
		t.Errorf("peak RSS %d KiB, over %d KiB", rssKiB, hostileRSSLimit())
	}
}
