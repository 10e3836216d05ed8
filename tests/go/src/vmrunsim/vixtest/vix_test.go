// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
)

func TestConnect(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		env := h.environ(h.vmPath())
		h.run(env, "vix_connect").Expect(t, 0, "connect: ok", "handle type: 2", "after disconnect: 0")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in after VixHost_Disconnect", n)
		}
		// The certificate was trusted on first use and recorded: the second connect uses it.
		h.run(env, "vix_connect").Expect(t, 0, "connect: ok", "handle type: 2", "after disconnect: 0")

		// A wrong password: VIX_E_AUTHENTICATION_FAIL.
		bad := h.environ(h.vmPath(), "VIX_TEST_PASSWORD=wrong")
		h.run(bad, "vix_connect").Expect(t, 0, "connect: error 35")

		// VIX_HOSTOPTION_VERIFY_SSL_CERT: the simulator's self-signed certificate is not
		// trusted, whatever known_hosts says (VIX_E_NET_HTTP_SSL_SECURITY)...
		strict := h.environ(h.vmPath(), "VIX_TEST_VERIFY=1")
		h.run(strict, "vix_connect").Expect(t, 0, "connect: error 30201")
		// ...unless it is pinned.
		pinned := h.environ(h.vmPath(), "VIX_TEST_VERIFY=1", "VMRUN_THUMBPRINT="+h.s.ThumbprintSHA256)
		h.run(pinned, "vix_connect").Expect(t, 0, "connect: ok", "handle type: 2", "after disconnect: 0")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}

// The properties of a VM as the server has them, read at call time (docs/libvix.md#fresh-state).
func TestVMProperties(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		vm, err := h.s.Lookup(vmx)
		h.must(err)
		var m mo.VirtualMachine
		h.must(property.DefaultCollector(h.s.Client()).RetrieveOne(context.Background(), vm.Ref,
			[]string{"config.name", "config.guestId", "config.hardware"}, &m))
		env := h.environ(vmx)
		h.run(env, "vix_state").Expect(t, 0,
			"connect: ok", "open: ok", "properties: ok",
			"vmx: "+vmx,
			"name: "+m.Config.Name,
			"guest os: "+m.Config.GuestId,
			`team: ""`,
			"power state: powered on",
			"running: 1",
			"read only: 0",
			fmt.Sprintf("vcpus: %d", m.Config.Hardware.NumCPU),
			fmt.Sprintf("memory: %d", m.Config.Hardware.MemoryMB),
			"features: 0xe",
			"tools state valid: 1",
			"host properties: ok",
			"host type: 10",
			"after disconnect: host 0, vm 0")

		// Suspended by another client: the library reads it as suspended (1.7 said off).
		h.must(h.s.Suspend(vmx))
		h.run(env, "vix_power", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power state: suspended, running 0")
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_power", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power state: powered off, running 0")
	})
}

func TestPower(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)

		h.run(env, "vix_power", "on").Expect(t, 0, "connect: ok", "open: ok", "power on: error 3007")
		h.expectState(vmx, "poweredOn")

		h.run(env, "vix_power", "off", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power off: ok", "power state: powered off, running 0")
		h.expectState(vmx, "poweredOff")

		h.run(env, "vix_power", "off", "suspend", "reset").Expect(t, 0, "connect: ok", "open: ok",
			"power off: error 3006", "power suspend: error 3006", "power reset: error 3006")
		h.expectState(vmx, "poweredOff")

		h.run(env, "vix_power", "on", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power on: ok", "power state: powered on, running 1")
		h.expectState(vmx, "poweredOn")

		h.run(env, "vix_power", "suspend", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power suspend: ok", "power state: suspended, running 0")
		h.expectState(vmx, "suspended")

		// A suspended VM stays suspended when asked to power off or reset (doc).
		h.run(env, "vix_power", "off", "reset").Expect(t, 0, "connect: ok", "open: ok",
			"power off: error 3006", "power reset: error 3006")
		h.expectState(vmx, "suspended")

		// Power on resumes it; reset keeps it on.
		h.run(env, "vix_power", "on", "reset", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power on: ok", "power reset: ok", "power state: powered on, running 1")
		h.expectState(vmx, "poweredOn")

		// No pause on vSphere; delete needs VIX_VMDELETE_DISK_FILES.
		h.run(env, "vix_power", "pause", "unpause", "delete-no-flag").Expect(t, 0, "connect: ok",
			"open: ok", "power pause: error 6", "power unpause: error 6",
			"power delete-no-flag: error 3")
		h.expectState(vmx, "poweredOn")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}

func TestFindItems(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		env := h.environ(h.vmPath())
		h.must(h.s.PowerOff(h.vmPath()))
		for _, kind := range []string{"registered", "running"} {
			want := h.s.VMPaths()
			if kind == "running" {
				want = h.s.RunningVMPaths()
			}
			lines := append([]string{"connect: ok", "find: ok"}, want...)
			lines = append(lines, fmt.Sprintf("found: %d", len(want)), "completed: 1, items after it: 0")
			h.run(env, "vix_find", kind).Expect(t, 0, lines...)
		}
		if len(h.s.RunningVMPaths()) == len(h.s.VMPaths()) {
			t.Errorf("the running listing should differ from the registered one")
		}
		// The timeouts VIX programs pass (seconds, or -1 for none): each lists it all.
		want := h.s.VMPaths()
		lines := append([]string{"connect: ok", "find: ok"}, want...)
		lines = append(lines, fmt.Sprintf("found: %d", len(want)), "completed: 1, items after it: 0")
		for _, timeout := range []string{"-1", "0", "10", "15", "100", "300"} {
			h.run(env, "vix_find", "registered", timeout).Expect(t, 0, lines...)
		}
	})
}

func TestOpen(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.run(env, "vix_open", vmx).Expect(t, 0, "connect: ok", "open: ok", "open again: ok",
			"same handle: yes", "alive after one release: yes", "alive after two: no")
		// Exact, case-sensitive paths (1.7 matched case-insensitively).
		h.run(env, "vix_open", strings.ToUpper(vmx)).Expect(t, 0, "connect: ok", "open: error 4000")
		h.run(env, "vix_open", "[nosuch] vm/vm.vmx").Expect(t, 0, "connect: ok", "open: error 4000")
	})
}

// Twenty threads at once, each with its own connection and VM (docs/libvix.md#threads).
func TestThreads(t *testing.T) {
	const n = 20
	withPoweredOffVMs(t, n, func(h *harness, paths []string) {
		h.run(h.environ(paths[0]), "vix_threads", paths...).Expect(t, 0, fmt.Sprintf("threads: %d ok", n))
		for _, vmx := range paths {
			h.expectState(vmx, "poweredOff")
		}
		if s := h.s.Sessions(); s != 0 {
			t.Errorf("%d session(s) left logged in", s)
		}
	})
}

// Registering a registered VM and unregistering an unknown one are no errors (doc).
func TestRegister(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_register", "unregister", "unregister").Expect(t, 0, "connect: ok",
			"unregister: ok", "unregister: ok")
		if h.s.IsRegistered(vmx) {
			t.Errorf("%s is still registered", vmx)
		}
		h.run(env, "vix_register", "register", "register").Expect(t, 0, "connect: ok",
			"register: ok", "register: ok")
		if !h.s.IsRegistered(vmx) {
			t.Errorf("%s is not registered", vmx)
		}
	})
}

// VixVM_Delete removes the VM; its handle then fails everything (docs/libvix.md#deleted-handles).
func TestDelete(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.run(env, "vix_power", "delete").Expect(t, 0, "connect: ok", "open: ok",
			"power delete: error 3007")
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_power", "delete", "on", "state").Expect(t, 0, "connect: ok", "open: ok",
			"power delete: ok", "power on: error 4000", "state: error 4000")
		if h.s.IsRegistered(vmx) {
			t.Errorf("%s is still registered after VixVM_Delete", vmx)
		}
	})
}

// VixHost_Disconnect while a job runs on the host: the job's handle dies at once, its callback
// still runs once when the work ends and reads VIX_E_CANCELLED, and the session is logged out
// after it (docs/libvix.md#disconnect, docs/libvix.md#job-once, docs/libvix.md#job-results).
func TestDisconnectDuringJob(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		held := h.s.HoldTasks("PowerOffVM_Task")
		p := h.start(h.environ(vmx), "vix_disconnect")
		p.expect("connect: ok")
		p.expect("open: ok")
		p.expect("started")
		<-held // the job waits for its task
		p.send("disconnect")
		p.expect("after disconnect: job 0, vm 0, wait 1000")
		h.s.ReleaseTasks("PowerOffVM_Task")
		p.send("go on")
		// Inside its callback the erased job still reads: cancelled by the disconnect.
		p.expect("callbacks: 1, its job: error 10")
		p.end()
		h.expectState(vmx, "poweredOff")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}

// A host handle outlives its vSphere session (the server ends idle ones): the next call logs
// in again and goes on.
func TestExpiredSession(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		p := h.start(h.environ(vmx), "vix_power", "state", "wait", "state", "off", "wait", "on")
		p.expect("connect: ok")
		p.expect("open: ok")
		p.expect("power state: powered on, running 1")
		p.expect("waiting")
		h.must(h.s.DropSessions())
		p.send("")
		p.expect("power state: powered on, running 1")
		p.expect("power off: ok")
		p.expect("waiting")
		h.must(h.s.DropSessions())
		p.send("")
		p.expect("power on: ok")
		p.end()
		h.expectState(vmx, "poweredOn")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}
