// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// Round trips: a power verb costs one TCP connection and a fixed, short SOAP sequence.
func TestStartRoundTrips(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		h.s.ResetCalls()

		r := h.run("start", vmx)
		r.ExpectOK(t)
		h.expectState(vmx, "poweredOn")

		want := []string{
			"RetrieveServiceContent", // session: the manager MoRefs and about.apiType
			"Login",                  // session: user and password
			"RetrieveProperties",     // the datacenter list (FindByDatastorePath needs one)
			"FindByDatastorePath",    // vmx path -> VM MoRef
			"RetrieveProperties",     // the VM facts (vmPathName for the exact-case check, powerState, ...)
			"PowerOnVM_Task",         // the action
			"RetrieveProperties",     // the task's info: already done in the simulator
			"Logout",                 // end of session
		}
		if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
			t.Errorf("SOAP calls:\n got  %s\n want %s", strings.Join(got, ", "), strings.Join(want, ", "))
		}
		if got := h.s.HTTPRequests(); !reflect.DeepEqual(got, []string{"GET /sdk/vimServiceVersions.xml"}) {
			t.Errorf("plain HTTP requests: %v, want exactly one GET /sdk/vimServiceVersions.xml", got)
		}
		if n := h.s.Connections(); n != 1 {
			t.Errorf("%d TCP connections, want 1 (one keep-alive connection per run)", n)
		}
		h.expectLoggedOut(r)
	})
}

// Every command that logged in logs out, including when it fails after login.
func TestEveryCommandLogsOut(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		off := h.otherVMPath()
		h.must(h.s.PowerOff(off))
		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		for _, tc := range []struct {
			args []string
			code int
		}{
			{[]string{"list"}, 0},
			{[]string{"listRegisteredVM"}, 0},
			{[]string{"start", vmx}, 255},         // already running
			{[]string{"start", unknown}, 255},     // cannot be found
			{[]string{"stop", off}, 255},          // not powered on
			{[]string{"reset", off, "soft"}, 255}, // not powered on
			{[]string{"suspend", off}, 255},       // not powered on
			{[]string{"unregister", vmx}, 255},    // powered on
			{[]string{"register", vmx}, 255},      // already registered
			{[]string{"suspend", vmx}, 0},
			{[]string{"start", vmx}, 0},
			{[]string{"stop", vmx, "hard"}, 0},
		} {
			h.s.ResetCalls()
			r := h.run(tc.args...)
			if r.Code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", r.Code, tc.code, r.Describe())
			}
			if !contains(h.s.Calls(), "Login") {
				t.Errorf("no Login for %v: calls %v", tc.args, h.s.Calls())
				continue
			}
			h.expectLoggedOut(r)
		}
	})
}

// The SOAP calls of every verb, written down so that any growth is a visible decision.
// Session prologue and epilogue, common to all: RetrieveServiceContent + Login ... Logout.
// Finding a VM: RetrieveProperties (datacenters) + FindByDatastorePath per datacenter (one in
// both models) + RetrieveProperties (vmPathName for the exact-case check, and the facts the
// verb needs, in the same call). Waiting for a task: one RetrieveProperties of Task.info, which
// finds it ended (tasks end before the simulator answers); a running one would be watched.
func TestVerbRoundTrips(t *testing.T) {
	session := rtSession
	find := rtFind
	task := rtTask
	join := rtJoin
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		for _, tc := range []struct {
			name    string
			prepare func() error
			args    []string
			want    []string
		}{
			// One RetrievePropertiesEx walks the whole inventory (one page in the simulator).
			{"list", nil, []string{"list"}, session("RetrievePropertiesEx")},
			{"listRegisteredVM", nil, []string{"listRegisteredVM"}, session("RetrievePropertiesEx")},
			{"stop hard", nil, []string{"stop", vmx, "hard"}, session(join(find, task("PowerOffVM_Task"))...)},
			{"start", nil, []string{"start", vmx}, session(join(find, task("PowerOnVM_Task"))...)},
			{"reset hard", nil, []string{"reset", vmx, "hard"}, session(join(find, task("ResetVM_Task"))...)},
			// RebootGuest returns at once and has no completion to wait for.
			{"reset soft", func() error { return h.s.WaitToolsRunning(vmx, 10*time.Second) },
				[]string{"reset", vmx, "soft"}, session(join(find, []string{"RebootGuest"})...)},
			{"suspend", nil, []string{"suspend", vmx}, session(join(find, task("SuspendVM_Task"))...)},
			{"start (resume)", nil, []string{"start", vmx}, session(join(find, task("PowerOnVM_Task"))...)},
			{"stop (already off)", func() error { return h.s.PowerOff(vmx) },
				[]string{"stop", vmx}, session(find...)},
			{"unregister", nil, []string{"unregister", vmx}, session(join(find, []string{"UnregisterVM"})...)},
			// Registering: one call finds the datacenter and a host holding the datastore, one
			// reads that host's resource pool.
			{"register", nil, []string{"register", vmx},
				session(join([]string{"RetrieveProperties", "RetrieveProperties"}, task("RegisterVM_Task"))...)},
		} {
			if tc.prepare != nil {
				h.must(tc.prepare())
			}
			h.expectRoundTrip(tc.name, tc.want, tc.args...)
			if n := h.s.Connections(); n != 1 {
				t.Errorf("%s: %d TCP connections, want 1", tc.name, n)
			}
		}
		// pause is refused before connecting: no round trip at all.
		h.s.ResetCalls()
		h.run("pause", vmx)
		if got := h.s.Requests(); len(got) != 0 {
			t.Errorf("pause made requests: %v", got)
		}
	})
}
