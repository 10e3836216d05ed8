// SPDX-License-Identifier: Apache-2.0

package vixtest

// Jobs of one host handle run at once, each on a connection of the handle's session, at most
// k_host_connections of them (docs/libvix.md#threads): vix_jobs starts a power-on of twenty VMs
// through one host handle.

import (
	"fmt"
	"testing"
	"time"
)

const (
	jobVMs = 20
	// k_host_connections (src/vix/session_pool.h): the jobs one host handle runs at once.
	hostConnections = 16
	// How long the simulator holds the first gathered call for the others. A library that sends
	// them one at a time makes the test fail after it, well within runLimit.
	gatherLimit = 60 * time.Second
)

// expectPoweredOn checks, after vix_jobs, that the simulator held the gathered calls of method
// until hostConnections were in flight, that one Login served every job (since the last
// ResetCalls), that every VM is on, and that no session is left.
func (h *harness) expectPoweredOn(paths []string, gathered string) {
	h.t.Helper()
	if !h.s.Gathered(gathered) {
		h.t.Errorf("%d %s calls were never in flight together", hostConnections, gathered)
	}
	if n := h.s.CallCount("Login"); n != 1 {
		h.t.Errorf("%d Login calls, want 1: the connections share one session", n)
	}
	for _, vmx := range paths {
		h.expectState(vmx, "poweredOn")
	}
	if n := h.s.Sessions(); n != 0 {
		h.t.Errorf("%d session(s) left logged in", n)
	}
}

// Twenty power-ons started at once on one host handle: k_host_connections of them are on the
// wire together (the simulator holds each PowerOnVM_Task until that many are in flight), never
// more, and all succeed; the power states read back through the handle and the API agree.
func TestJobsRunAtOnce(t *testing.T) {
	withPoweredOffVMs(t, jobVMs, func(h *harness, paths []string) {
		h.s.GatherCalls("PowerOnVM_Task", hostConnections, gatherLimit)
		args := append([]string{"power"}, paths...)
		h.run(h.environ(paths[0]), "vix_jobs", args...).Expect(t, 0, "connect: ok",
			fmt.Sprintf("opened: %d", jobVMs), fmt.Sprintf("power on: %d ok", jobVMs),
			fmt.Sprintf("states: %d powered on", jobVMs))
		if got := h.s.MostInFlight("PowerOnVM_Task"); got != hostConnections {
			t.Errorf("PowerOnVM_Task calls in flight at once: %d, want %d", got, hostConnections)
		}
		h.expectPoweredOn(paths, "PowerOnVM_Task")
	})
}

// The session expires while the handle is idle; then twenty jobs start at once and
// k_host_connections of them find it expired together (the simulator holds their first call
// until then): one Login renews it for all, every job succeeds, and the disconnect logs out the
// renewed session.
func TestJobsRenewOnce(t *testing.T) {
	withPoweredOffVMs(t, jobVMs, func(h *harness, paths []string) {
		args := append([]string{"renew"}, paths...)
		p := h.start(h.environ(paths[0]), "vix_jobs", args...)
		p.expect("connect: ok")
		p.expect(fmt.Sprintf("opened: %d", jobVMs))
		h.must(h.s.DropSessions())
		h.s.ResetCalls()
		h.s.GatherCalls("RetrieveProperties", hostConnections, gatherLimit)
		p.send("")
		p.expect(fmt.Sprintf("power on: %d ok", jobVMs))
		p.expect(fmt.Sprintf("states: %d powered on", jobVMs))
		p.end()
		h.expectPoweredOn(paths, "RetrieveProperties")
	})
}

// VixHost_Disconnect while twenty jobs run on the handle, k_host_connections of them waiting for
// their task on the server and the others for a connection: those end at once, the others when
// their task ends; every job's callback runs once and reads VIX_E_CANCELLED
// (docs/libvix.md#disconnect), and the session is logged out after the last one.
func TestJobsDisconnect(t *testing.T) {
	withPoweredOffVMs(t, jobVMs, func(h *harness, paths []string) {
		held := h.s.HoldTasks("PowerOnVM_Task")
		args := append([]string{"disconnect"}, paths...)
		p := h.start(h.environ(paths[0]), "vix_jobs", args...)
		p.expect("connect: ok")
		p.expect(fmt.Sprintf("opened: %d", jobVMs))
		p.expect("started")
		limit := time.After(runLimit)
		for i := 0; i < hostConnections; i++ {
			select {
			case <-held:
			case <-limit:
				t.Fatalf("%d of %d power-on tasks started", i, hostConnections)
			}
		}
		p.send("disconnect")
		p.expect("disconnected")
		h.s.ReleaseTasks("PowerOnVM_Task")
		p.expect(fmt.Sprintf("callbacks: %d, cancelled: %d", jobVMs, jobVMs))
		p.end()
		on := 0
		for _, vmx := range paths {
			if h.s.PowerState(vmx) == "poweredOn" {
				on++
			}
		}
		if on != hostConnections {
			t.Errorf("%d VMs powered on, want the %d whose task had started", on, hostConnections)
		}
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}
