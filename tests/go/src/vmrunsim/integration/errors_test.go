// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"strconv"
	"strings"
	"testing"

	"vmrunsim/sim"
)

// Wrong password: vmrun's connect line, then the login reason (docs/behaviour.md#connecting).
func TestWrongPassword(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		args := []string{"-T", h.model, "-h", h.hostArg(), "-u", testUser, "-p", "not-the-password", "--insecure", "list"}
		h.vmrun(args...).ExpectError(t, msgUnableToConnect, msgBadLogin)
		args[7] = testPass       // right password
		args[5] = "someone-else" // wrong user
		h.vmrun(args...).ExpectError(t, msgUnableToConnect, msgBadLogin)
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d sessions after failed logins", n)
		}
	})
}

// A password that needs XML escaping must still log in.
func TestPasswordNeedingEscapes(t *testing.T) {
	const pw = `p&ss <w"o'rd> ü`
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			h := newHarness(t, model, func(c *sim.Config) { c.Password = pw })
			h.vmrun("-T", model, "-h", h.hostArg(), "-u", testUser, "-p", pw, "--insecure", "list").
				Expect(t, 0, append([]string{"Total running VMs: " + strconv.Itoa(len(h.s.RunningVMPaths()))}, h.s.RunningVMPaths()...)...)
		})
	}
}

// Unknown, wrong-case and malformed VM paths: "cannot be found" (docs/behaviour.md#vm-paths).
func TestVMNotFound(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath() // e.g. "[LocalDS_0] ha-host_VM0/ha-host_VM0.vmx"

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		h.s.ResetCalls()
		r := h.run("start", unknown)
		r.ExpectError(t, msgCannotOpen(unknown))
		h.expectLoggedOut(r)

		for _, p := range []string{
			strings.ToUpper(vmx),                              // whole path upper case
			strings.Replace(vmx, "LocalDS_0", "localds_0", 1), // datastore name case
			strings.Replace(vmx, ".vmx", ".VMX", 1),           // extension case
		} {
			h.run("stop", p).ExpectError(t, msgCannotOpen(p))
		}

		for _, p := range []string{
			"[LocalDS_0 " + vmx[len("[LocalDS_0] "):], // no ']'
			"[] " + vmx[len("[LocalDS_0] "):],         // empty datastore
			"[LocalDS_0] ",                            // empty path
			vmx[len("[LocalDS_0] "):],                 // no datastore at all
		} {
			h.run("start", p).ExpectError(t, msgCannotOpen(p))
		}
		// Nothing happened to the real VM.
		h.expectState(vmx, "poweredOn")
	})
}

// Wrong number of parameters (docs/behaviour.md#usage-errors): invalid-parameters on stdout, usage on stderr.
func TestWrongArgumentCount(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		for _, args := range [][]string{
			{"start"},
			{"stop"},
			{"reset"},
			{"suspend"},
			{"register"},
			{"unregister"},
			{"start", vmx, "gui", "extra"},
			{"stop", vmx, "hard", "extra"},
			{"list", "extra"},
			{"listRegisteredVM", "extra"},
			{"unregister", vmx, "extra"},
		} {
			r := h.run(args...)
			r.ExpectError(t, msgInvalidParams)
			if !strings.HasPrefix(r.Stderr, "Usage: vmrun ") {
				t.Errorf("no usage line on stderr for %v:\n%s", args, r.Describe())
			}
		}
		h.expectState(vmx, "poweredOn")
	})
}

// Unknown verb (docs/behaviour.md#usage-errors) and unsupported provider (docs/behaviour.md#host-type).
func TestUnknownVerbAndProvider(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.run("frobnicate", h.vmPath()).ExpectError(t, msgUnrecognized("frobnicate"))
		h.run("frobnicate").ExpectError(t, msgUnrecognized("frobnicate"))

		for _, provider := range []string{"ws", "fusion", "player", "WS"} {
			h.vmrun("-T", provider, "-h", h.hostArg(), "-u", testUser, "-p", testPass, "list").
				ExpectError(t, msgProviderNotFound)
		}
		// No -T and no -h: the provider error too.
		h.vmrun("list").ExpectError(t, msgProviderNotFound)
	})
}
