// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"testing"

	"github.com/vmware/govmomi/vim25/types"
)

// A power-on the host refuses reports its reason as a VIX code, not VIX_E_FAIL (VIX 1.7 answered
// vCenter's UnsupportedGuest with "Unknown error"), and the VM stays off.
func TestRefusedPowerOn(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.must(h.s.PowerOff(vmx))
		for _, c := range []struct {
			fault types.BaseMethodFault
			code  string
		}{
			{&types.UnsupportedGuest{UnsupportedGuestOS: "otherGuest"}, "4011"},
			{&types.NotEnoughCpus{NumCpuDest: 1, NumCpuVm: 2}, "3013"},
			{&types.InsufficientMemoryResourcesFault{}, "3011"},
		} {
			h.s.FailNextTask("PowerOnVM_Task", "The host refused to power the VM on", c.fault)
			h.run(env, "vix_power", "on").Expect(t, 0, "connect: ok", "open: ok",
				"power on: error "+c.code)
			h.expectState(vmx, "poweredOff")
		}
	})
}

// A server's fault text reaches VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO as vmrun shows it: line
// breaks as spaces, tabs, C1 and bidi controls escaped, so it cannot forge lines or reorder text.
func TestExtraErrorInfoEscaped(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	h.must(h.s.PowerOff(vmx))
	h.s.FailNextTask("PowerOnVM_Task", "refused\nError: forged\ttab \u0085next \u202eevil",
		&types.SystemError{Reason: "refused"})
	h.run(h.environ(vmx, "VIX_TEST_SHOW_INFO=1"), "vix_power", "on").Expect(t, 0, "connect: ok",
		"open: ok", `info: refused Error: forged\x09tab \u0085next \u202eevil`, "power on: error 1")
}
