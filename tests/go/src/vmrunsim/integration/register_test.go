// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"testing"
)

// register / unregister (RegisterVM_Task, UnregisterVM; texts: docs/behaviour.md#vix-texts).
func TestRegisterUnregister(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		total := len(h.s.VMPaths())

		// Powered on: refused, still registered.
		h.run("unregister", vmx).ExpectError(t, msgAlreadyRunning)
		if !h.s.IsRegistered(vmx) {
			t.Fatalf("%s vanished after a refused unregister", vmx)
		}

		// Powered off: gone from the inventory, files kept.
		h.must(h.s.PowerOff(vmx))
		h.run("unregister", vmx).ExpectOK(t)
		if h.s.IsRegistered(vmx) {
			t.Errorf("%s still registered after unregister", vmx)
		}
		if !h.s.FileExists(vmx) {
			t.Errorf("unregister removed the vmx file of %s", vmx)
		}
		if n := len(h.s.VMPaths()); n != total-1 {
			t.Errorf("inventory has %d VMs after unregister, want %d", n, total-1)
		}
		h.run("listRegisteredVM").Expect(t, 0, append([]string{fmt.Sprintf("Total registered VMs: %d", total-1)}, h.s.VMPaths()...)...)

		// Commands on the unregistered VM: cannot be found.
		h.run("start", vmx).ExpectError(t, msgCannotOpen(vmx))
		h.run("unregister", vmx).ExpectError(t, msgCannotOpen(vmx))

		// Register it back: registered, powered off, listed again.
		h.run("register", vmx).ExpectOK(t)
		if !h.s.IsRegistered(vmx) {
			t.Fatalf("%s not registered after register", vmx)
		}
		h.expectState(vmx, "poweredOff")
		if n := len(h.s.VMPaths()); n != total {
			t.Errorf("inventory has %d VMs after register, want %d", n, total)
		}

		// Twice: already loaded.
		h.run("register", vmx).ExpectError(t, msgAlreadyLoaded)
		if n := len(h.s.VMPaths()); n != total {
			t.Errorf("inventory has %d VMs after a second register, want %d", n, total)
		}

		// The re-registered VM works.
		h.run("start", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")
	})
}

// register of a vmx that does not exist on the datastore.
func TestRegisterMissingFile(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		total := len(h.s.VMPaths())
		h.run("register", vmx).ExpectError(t, msgFileNotFound)
		if h.s.IsRegistered(vmx) || len(h.s.VMPaths()) != total {
			t.Errorf("a failed register changed the inventory: %v", h.s.VMPaths())
		}
	})
}
