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
			h.run(env, "vix_power", "on").expect(t, "connect: ok", "open: ok",
				"power on: error "+c.code)
			h.expectState(vmx, "poweredOff")
		}
	})
}
