// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"testing"
	"time"

	"vmrunsim/sim"
)

// start (docs/behaviour.md#power): off -> on, suspended -> on (resume), running -> error; gui/nogui ignored.
func TestStart(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.run("start", vmx).ExpectError(t, msgAlreadyRunning)
		h.expectState(vmx, "poweredOn")

		h.must(h.s.PowerOff(vmx))
		h.run("start", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		h.must(h.s.Suspend(vmx))
		h.run("start", vmx, "nogui").ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		h.must(h.s.PowerOff(vmx))
		h.run("START", vmx, "gui").ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		h.must(h.s.PowerOff(vmx))
		h.run("Start", vmx, "NoGui").ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		h.run("start", vmx, "gui").ExpectError(t, msgAlreadyRunning)
		h.expectState(vmx, "poweredOn")
	})
}

// stop / stop hard / stop soft (docs/behaviour.md#power).
func TestStop(t *testing.T) {
	// A guest shutdown takes a while: vmrun must wait for the power-off, not just ask for it.
	const shutdown = 1500 * time.Millisecond
	forEachModel(t, func(c *sim.Config) { c.ShutdownDelay = shutdown }, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		// No keyword, defaultPowerOps unset (vcsim): hard.
		h.s.ResetCalls()
		h.run("stop", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOff")
		if !contains(h.s.Calls(), "PowerOffVM_Task") {
			t.Errorf("stop without keyword should power off (hard): calls %v", h.s.Calls())
		}

		// Powered off: error, state unchanged.
		h.run("stop", vmx).ExpectError(t, msgNotPoweredOn(vmx))
		h.run("stop", vmx, "soft").ExpectError(t, msgNotPoweredOn(vmx))
		h.expectState(vmx, "poweredOff")

		h.must(h.s.PowerOn(vmx))
		h.run("stop", vmx, "hard").ExpectOK(t)
		h.expectState(vmx, "poweredOff")

		h.must(h.s.PowerOn(vmx))
		h.run("Stop", vmx, "HARD").ExpectOK(t)
		h.expectState(vmx, "poweredOff")

		// soft: ShutdownGuest, then wait until the guest has powered off.
		h.must(h.s.PowerOn(vmx))
		h.waitTools(vmx)
		h.s.ResetCalls()
		r := h.run("stop", vmx, "soft")
		r.ExpectOK(t)
		h.expectState(vmx, "poweredOff") // read right after exit: vmrun waited
		if !contains(h.s.Calls(), "ShutdownGuest") || contains(h.s.Calls(), "PowerOffVM_Task") {
			t.Errorf("stop soft should use ShutdownGuest only: calls %v", h.s.Calls())
		}
		if r.Elapsed < shutdown {
			t.Errorf("stop soft returned after %v, before the guest shutdown (%v) completed", r.Elapsed, shutdown)
		}

		h.must(h.s.PowerOn(vmx))
		h.waitTools(vmx)
		h.run("STOP", vmx, "Soft").ExpectOK(t)
		h.expectState(vmx, "poweredOff")

		// soft without Tools: the Tools error, VM still on.
		h.must(h.s.PowerOn(vmx))
		h.must(h.s.SetToolsInstalled(vmx, false))
		h.run("stop", vmx, "soft").ExpectError(t, msgToolsNotRunning(vmx))
		h.expectState(vmx, "poweredOn")

		// Unknown keyword: invalid parameters, VM untouched.
		h.run("stop", vmx, "medium").ExpectError(t, msgInvalidParams)
		h.expectState(vmx, "poweredOn")
	})
}

// No keyword = the VM's config.defaultPowerOps (docs/behaviour.md#power).
func TestStopResetDefaultPowerOps(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.waitTools(vmx)

		h.must(h.s.SetDefaultPowerOps(vmx, "soft", "soft", "hard"))
		h.s.ResetCalls()
		h.run("reset", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		if !contains(h.s.Calls(), "RebootGuest") || contains(h.s.Calls(), "ResetVM_Task") {
			t.Errorf("reset with defaultPowerOps.resetType=soft should use RebootGuest: calls %v", h.s.Calls())
		}

		h.waitTools(vmx)
		h.s.ResetCalls()
		h.run("stop", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOff")
		if !contains(h.s.Calls(), "ShutdownGuest") || contains(h.s.Calls(), "PowerOffVM_Task") {
			t.Errorf("stop with defaultPowerOps.powerOffType=soft should use ShutdownGuest: calls %v", h.s.Calls())
		}

		// soft by default but no Tools: the Tools error.
		h.must(h.s.PowerOn(vmx))
		h.must(h.s.SetToolsInstalled(vmx, false))
		h.run("stop", vmx).ExpectError(t, msgToolsNotRunning(vmx))
		h.expectState(vmx, "poweredOn")

		// preset counts as hard.
		h.must(h.s.SetDefaultPowerOps(vmx, "preset", "preset", "preset"))
		h.s.ResetCalls()
		h.run("stop", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOff")
		if !contains(h.s.Calls(), "PowerOffVM_Task") {
			t.Errorf("stop with powerOffType=preset should be hard: calls %v", h.s.Calls())
		}
	})
}

// reset hard|soft (docs/behaviour.md#power).
func TestReset(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.s.ResetCalls()
		h.run("reset", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		if !contains(h.s.Calls(), "ResetVM_Task") {
			t.Errorf("reset without keyword should be hard (ResetVM_Task): calls %v", h.s.Calls())
		}

		h.s.ResetCalls()
		h.run("reset", vmx, "hard").ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		if !contains(h.s.Calls(), "ResetVM_Task") {
			t.Errorf("reset hard: calls %v", h.s.Calls())
		}

		h.waitTools(vmx)
		h.s.ResetCalls()
		h.run("RESET", vmx, "SOFT").ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		if !contains(h.s.Calls(), "RebootGuest") || contains(h.s.Calls(), "ResetVM_Task") {
			t.Errorf("reset soft should use RebootGuest only: calls %v", h.s.Calls())
		}

		h.must(h.s.SetToolsInstalled(vmx, false))
		h.run("reset", vmx, "soft").ExpectError(t, msgToolsNotRunning(vmx))
		h.expectState(vmx, "poweredOn")

		h.must(h.s.PowerOff(vmx))
		h.run("reset", vmx).ExpectError(t, msgNotPoweredOn(vmx))
		h.run("reset", vmx, "hard").ExpectError(t, msgNotPoweredOn(vmx))
		h.expectState(vmx, "poweredOff")
	})
}

// suspend (docs/behaviour.md#power: hard and soft both SuspendVM_Task).
func TestSuspend(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.run("suspend", vmx).ExpectOK(t)
		h.expectState(vmx, "suspended")

		h.run("start", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		h.run("suspend", vmx, "hard").ExpectOK(t)
		h.expectState(vmx, "suspended")

		h.must(h.s.PowerOn(vmx))
		h.run("Suspend", vmx, "soft").ExpectOK(t)
		h.expectState(vmx, "suspended")

		h.must(h.s.PowerOff(vmx))
		h.run("suspend", vmx).ExpectError(t, msgNotPoweredOn(vmx))
		h.expectState(vmx, "poweredOff")
	})
}

// pause / unpause: not supported on vSphere (docs/behaviour.md#unsupported); state unchanged.
func TestPauseUnpause(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.run("pause", vmx).ExpectError(t, msgNotSupported)
		h.expectState(vmx, "poweredOn")
		h.run("unpause", vmx).ExpectError(t, msgNotSupported)
		h.expectState(vmx, "poweredOn")
		h.run("PAUSE", vmx).ExpectError(t, msgNotSupported)

		h.must(h.s.PowerOff(vmx))
		h.run("unpause", vmx).ExpectError(t, msgNotSupported)
		h.expectState(vmx, "poweredOff")

		// Arguments are validated first.
		h.run("pause").ExpectError(t, msgInvalidParams)
	})
}
