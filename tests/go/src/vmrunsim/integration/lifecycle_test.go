// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
)

// deleteVM, upgradevm, installTools, checkToolsState, getGuestIPAddress (docs/behaviour.md#lifecycle,
// docs/behaviour.md#guest-ip),
// state read back through the API.

const (
	msgUpToDate = "Error: The virtual machine is already up-to-date"
	msgNoIP     = "Error: Unable to get the IP address"
)

func TestLifecycleDeleteVM(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		if !h.s.FileExists(vmx) {
			t.Fatalf("precondition: %s has no vmx file", vmx)
		}

		// Powered on: refused, nothing changes.
		h.run("deleteVM", vmx).ExpectError(t, msgAlreadyRunning)
		if !h.s.IsRegistered(vmx) || !h.s.FileExists(vmx) {
			t.Errorf("refused deleteVM still removed %s", vmx)
		}

		h.must(h.s.PowerOff(vmx))
		h.run("deleteVM", vmx).ExpectOK(t)
		if h.s.IsRegistered(vmx) {
			t.Errorf("%s is still registered after deleteVM", vmx)
		}
		if h.s.FileExists(vmx) {
			t.Errorf("%s still exists on the datastore after deleteVM", vmx)
		}
		h.run("deleteVM", vmx).ExpectError(t, msgCannotOpen(vmx))

		// A suspended VM can be deleted (its suspend state goes with it).
		other := h.otherVMPath()
		h.must(h.s.Suspend(other))
		h.run("deleteVM", other).ExpectOK(t)
		if h.s.IsRegistered(other) || h.s.FileExists(other) {
			t.Errorf("suspended %s not deleted", other)
		}
	})
}

func TestLifecycleUpgradeVM(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.must(h.s.SetHardwareVersion(vmx, "vmx-11"))

		h.run("upgradevm", vmx).ExpectError(t, msgAlreadyRunning)
		h.must(h.s.Suspend(vmx))
		r := h.run("upgradevm", vmx)
		r.ExpectError(t, msgAlreadyRunning)
		if !strings.Contains(r.Stderr, "suspended") {
			t.Errorf("suspended VM: no hint on stderr\n%s", r.Describe())
		}
		if v, _ := h.s.HardwareVersion(vmx); v != "vmx-11" {
			t.Errorf("refused upgradevm changed the version to %s", v)
		}

		h.must(h.s.PowerOff(vmx))
		h.run("upgradevm", vmx).ExpectOK(t)
		if v, _ := h.s.HardwareVersion(vmx); v != "vmx-13" {
			t.Errorf("hardware version after upgradevm: %q, want vmx-13", v)
		}
		h.run("upgradevm", vmx).ExpectError(t, msgUpToDate)
		h.expectState(vmx, "poweredOff")
	})
}

func TestLifecycleInstallTools(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		h.run("installTools", vmx).ExpectError(t, msgNotPoweredOn(vmx))
		if m, _ := h.s.ToolsInstallerMounted(vmx); m {
			t.Errorf("installer mounted on a powered-off VM")
		}
		h.must(h.s.PowerOn(vmx))
		h.run("installTools", vmx).ExpectOK(t)
		if m, _ := h.s.ToolsInstallerMounted(vmx); !m {
			t.Errorf("runtime.toolsInstallerMounted is false after installTools")
		}
		// Again: already mounted is success, without asking the host to mount twice.
		h.s.ResetCalls()
		h.run("installTools", vmx).ExpectOK(t)
		if contains(h.s.Calls(), "MountToolsInstaller") {
			t.Errorf("installTools mounted an already mounted installer: %v", h.s.Calls())
		}
	})
}

func TestLifecycleCheckToolsState(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.waitTools(vmx)
		h.run("checkToolsState", vmx).Expect(t, 0, "running")
		h.vmrun(append(h.conn("--insecure", "--json"), "checkToolsState", vmx)...).Expect(t, 0, `{"state": "running"}`)

		h.must(h.s.PowerOff(vmx))
		h.run("checkToolsState", vmx).Expect(t, 0, "installed")

		h.must(h.s.SetToolsInstalled(vmx, false))
		h.run("checkToolsState", vmx).Expect(t, 1, "unknown")
		h.must(h.s.PowerOn(vmx))
		h.run("checkToolsState", vmx).Expect(t, 1, "unknown")
		h.vmrun(append(h.conn("--insecure", "--json"), "checkToolsState", vmx)...).Expect(t, 1, `{"state": "unknown"}`)

		h.must(h.s.SetToolsInstalled(vmx, true))
		h.waitTools(vmx)
		h.run("checkToolsState", vmx).Expect(t, 0, "running")

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		h.run("checkToolsState", unknown).ExpectError(t, msgCannotOpen(unknown))
	})
}

func TestLifecycleGuestIP(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.waitTools(vmx)
		ip, err := h.s.GuestIP(vmx)
		h.must(err)
		if ip == "" {
			t.Fatalf("the sim reports no IP for a running VM with Tools")
		}
		if nets, _ := h.s.GuestNetIPs(vmx); len(nets) == 0 || !reflect.DeepEqual(nets[0], []string{ip}) {
			t.Errorf("guest.net does not carry %s: %v", ip, nets)
		}
		h.run("getGuestIPAddress", vmx).Expect(t, 0, ip)
		h.run("getGuestIPAddress", vmx, "-wait").Expect(t, 0, ip)
		h.run("getGuestIPAddress", vmx, "-WAIT").Expect(t, 0, ip)
		h.vmrun(append(h.conn("--insecure", "--json"), "getGuestIPAddress", vmx)...).Expect(t, 0, `{"ip": "`+ip+`"}`)
		h.run("getGuestIPAddress", vmx, "wait").ExpectError(t, msgInvalidParams)

		// A guest without an address: at once without -wait; -wait gives up at --timeout.
		h.must(h.s.SetGuestIP(vmx, ""))
		h.run("getGuestIPAddress", vmx).ExpectError(t, msgNoIP)
		r := h.vmrun(append(h.conn("--insecure", "--timeout=2"), "getGuestIPAddress", vmx, "-wait")...)
		r.ExpectError(t, "Error: The operation timed out after 2 seconds")
		if r.Elapsed < 1500*time.Millisecond {
			t.Errorf("-wait gave up after %v, before --timeout=2", r.Elapsed)
		}
		h.must(h.s.SetGuestIP(vmx, "10.1.2.3"))
		h.run("getGuestIPAddress", vmx).Expect(t, 0, "10.1.2.3")

		// Powered off: no IP, the not-powered-on error (also with -wait: nothing to wait for).
		h.must(h.s.PowerOff(vmx))
		if ip, _ := h.s.GuestIP(vmx); ip != "" {
			t.Errorf("powered-off VM still reports IP %q", ip)
		}
		h.run("getGuestIPAddress", vmx).ExpectError(t, msgNotPoweredOn(vmx))
		h.run("getGuestIPAddress", vmx, "-wait").ExpectError(t, msgNotPoweredOn(vmx))
		h.must(h.s.Suspend(vmx))
		h.run("getGuestIPAddress", vmx).ExpectError(t, msgNotPoweredOn(vmx))

		// Tools not installed: the VMware Tools error.
		h.must(h.s.SetToolsInstalled(vmx, false))
		h.must(h.s.PowerOn(vmx))
		h.run("getGuestIPAddress", vmx).ExpectError(t, msgToolsNotRunning(vmx))
	})
}

// -wait watches guest.ipAddress: it returns once the guest reports its address (after boot and
// DHCP), with a handful of WaitForUpdatesEx calls rather than polling.
func TestLifecycleGuestIPWait(t *testing.T) {
	const toolsDelay, ipDelay = 700 * time.Millisecond, 800 * time.Millisecond
	forEachModel(t, func(c *sim.Config) { c.ToolsDelay, c.GuestIPDelay = toolsDelay, ipDelay }, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.PowerOn(vmx))
		started := time.Now()
		h.run("getGuestIPAddress", vmx).ExpectError(t, msgToolsNotRunning(vmx))

		h.s.ResetCalls()
		r := h.run("getGuestIPAddress", vmx, "-wait")
		ip, _ := h.s.GuestIP(vmx)
		if ip == "" {
			t.Fatalf("no IP in the sim after -wait returned\n%s", r.Describe())
		}
		r.Expect(t, 0, ip)
		if since := time.Since(started); since < toolsDelay+ipDelay {
			t.Errorf("-wait returned %v after power-on, before the address could exist (%v)", since, toolsDelay+ipDelay)
		}
		if n := h.s.CallCount("WaitForUpdatesEx"); n < 1 || n > 4 {
			t.Errorf("%d WaitForUpdatesEx calls, want a few (a watch, not polling): %v", n, h.s.Calls())
		}
		if n := h.s.CallCount("RetrieveProperties"); n != 2 {
			t.Errorf("%d RetrieveProperties calls, want 2 (datacenters, the VM): %v", n, h.s.Calls())
		}

		// Powered off while waiting: the wait ends with the not-powered-on error.
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.PowerOn(vmx))
		go func() {
			time.Sleep(300 * time.Millisecond)
			_ = h.s.PowerOff(vmx)
		}()
		h.run("getGuestIPAddress", vmx, "-wait").ExpectError(t, msgNotPoweredOn(vmx))
	})
}

// The SOAP calls of the lifecycle verbs, written down (see TestVerbRoundTrips).
func TestLifecycleRoundTrips(t *testing.T) {
	session := rtSession
	find := rtFind
	task := rtTask
	join := rtJoin
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.waitTools(vmx)
		for _, tc := range []struct {
			name    string
			prepare func() error
			args    []string
			want    []string
		}{
			{"checkToolsState", nil, []string{"checkToolsState", vmx}, session(find...)},
			{"getGuestIPAddress", nil, []string{"getGuestIPAddress", vmx}, session(find...)},
			{"getGuestIPAddress -wait (address known)", nil, []string{"getGuestIPAddress", vmx, "-wait"}, session(find...)},
			{"installTools", nil, []string{"installTools", vmx}, session(join(find, []string{"MountToolsInstaller"})...)},
			{"writeVariable", nil, []string{"writeVariable", vmx, "guestVar", "build", "42"}, session(join(find, task("ReconfigVM_Task"))...)},
			{"readVariable", nil, []string{"readVariable", vmx, "guestVar", "build"}, session(find...)},
			{"deleteVM (running)", nil, []string{"deleteVM", vmx}, session(find...)},
			{"upgradevm", func() error { h.must(h.s.SetHardwareVersion(vmx, "vmx-11")); return h.s.PowerOff(vmx) },
				[]string{"upgradevm", vmx}, session(join(find, task("UpgradeVM_Task"))...)},
			{"deleteVM", nil, []string{"deleteVM", vmx}, session(join(find, task("Destroy_Task"))...)},
		} {
			if tc.prepare != nil {
				h.must(tc.prepare())
			}
			h.expectRoundTrip(tc.name, tc.want, tc.args...)
		}
	})
}
