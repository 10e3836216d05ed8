// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"testing"
	"time"

	"vmrunsim/hostile"
)

// Hostile replies while a power verb runs its task: the task call itself and the wait for it
// (WaitForUpdatesEx: the simulator holds the task running, so vmrun watches it). One at a time:
// each needs the VM in the power state its verb starts from.
func TestHostileTasks(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	for _, c := range []struct {
		hostileCase
		verb string
	}{
		{hostileCase{name: "start: silence at WaitForUpdatesEx", rules: hostileOn("WaitForUpdatesEx", hostile.Silence()),
			want: hErr(hTimedOut)}, "start"},
		{hostileCase{name: "start: garbage at WaitForUpdatesEx", rules: hostileOn("WaitForUpdatesEx", hostile.Garbage(4096)),
			want: hErr(hInvalid)}, "start"},
		{hostileCase{name: "start: 503 at PowerOnVM_Task", rules: hostileOn("PowerOnVM_Task", hostile.HTMLPage(503)),
			want: hErr(hStatus(503))}, "start"},
		{hostileCase{name: "stop: reset mid-body at PowerOffVM_Task", rules: hostileOn("PowerOffVM_Task", hostile.ResetMidBody(false)),
			want: hErr(hInvalid)}, "stop"},
		{hostileCase{name: "stop: slow drip at WaitForUpdatesEx", rules: hostileOn("WaitForUpdatesEx", hostile.Drip(time.Second, true)),
			want: hErr(hTimedOut)}, "stop"},
	} {
		c := c
		t.Run(c.name, func(t *testing.T) {
			from, op := "poweredOff", h.s.PowerOff
			if c.verb == "stop" {
				from, op = "poweredOn", h.s.PowerOn
			}
			if h.s.PowerState(vmx) != from {
				if err := op(vmx); err != nil {
					t.Fatal(err)
				}
			}
			p := hostileProxy(t, h.s.URL, c.rules...)
			verb := []string{c.verb, vmx}
			method := "PowerOnVM_Task"
			if c.verb == "stop" {
				verb, method = append(verb, "hard"), "PowerOffVM_Task"
			}
			if c.rules[0].Method == "WaitForUpdatesEx" {
				h.s.HoldTasks(method)
				defer h.s.ReleaseTasks(method)
			}
			r := c.run(t, c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, verb...))
			checkHostile(t, c.hostileCase, r, p.Addr, p.Fired(), p.Describe(), nil, "")
		})
	}
}
