// SPDX-License-Identifier: Apache-2.0

package integration

import "testing"

// A CI pipeline's use of vmrun, end to end with the real binary: snapshot a base VM, make a
// linked clone of that snapshot, boot it, wait for its IP, hand it a build number, stop it hard
// and delete it. The base VM is left as it was (plus its snapshot).
func TestCIScenario(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.prepareClone()
		base := h.otherVMPath()
		h.must(h.s.PowerOff(base))
		clone := "[LocalDS_0] ci-42/ci-42.vmx"

		h.run("snapshot", base, "base").ExpectOK(t)
		h.run("clone", base, clone, "linked", "-snapshot=base", "-cloneName=ci-42").ExpectOK(t)
		h.expectClone(clone, "ci-42")
		h.run("start", clone).ExpectOK(t)
		h.expectState(clone, "poweredOn")

		r := h.run("getGuestIPAddress", clone, "-wait")
		if r.Code != 0 || len(r.Stdout) < 8 {
			t.Errorf("getGuestIPAddress -wait: want exit 0 and an address\ngot %s", r.Describe())
		}
		h.run("writeVariable", clone, "guestVar", "build", "42").ExpectOK(t)
		h.run("readVariable", clone, "guestVar", "build").Expect(t, 0, "42")
		h.run("stop", clone, "hard").ExpectOK(t)
		h.expectState(clone, "poweredOff")
		h.run("deleteVM", clone).ExpectOK(t)
		if h.s.IsRegistered(clone) {
			t.Errorf("%s still registered after deleteVM", clone)
		}
		if h.s.FileExists(clone) {
			t.Errorf("%s still on the datastore after deleteVM", clone)
		}
		// The base VM and its snapshot's disk survive the clone's deletion.
		h.expectState(base, "poweredOff")
		if names := h.snapshotNames(base); len(names) != 1 || names[0] != "base" {
			t.Errorf("base snapshots after the scenario: %v", names)
		}
		for _, d := range h.disks(base, 1) {
			if !h.s.FileExists(d.File) {
				t.Errorf("base disk %s deleted with the clone", d.File)
			}
		}
	})
}
