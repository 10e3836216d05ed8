// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Sessions kept between commands (docs/behaviour.md#sessions): the calls each command makes
// cold and warm, expiry, a changed certificate, the cache files' permissions, and logout.

// newCachedHarness is a harness whose commands keep and reuse their session.
func newCachedHarness(t *testing.T, model string) *harness {
	h := newHarness(t, model, nil)
	h.sessionCache = true
	return h
}

// sessionFile is the cache file of the harness's user on its sim.
func (h *harness) sessionFile() string {
	return filepath.Join(h.home, ".cache", "vmrun", "sessions", testUser+"@"+h.s.Addr)
}

// expectCalls runs vmrun and checks its exact SOAP calls (and exit 0).
func (h *harness) expectCalls(want []string, args ...string) result {
	h.t.Helper()
	h.s.ResetCalls()
	r := h.run(args...)
	if r.Code != 0 {
		h.t.Errorf("exit %d\n%s", r.Code, r.Describe())
	}
	if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
		h.t.Errorf("vmrun %s made calls\n %v\nwant\n %v", strings.Join(args, " "), got, want)
	}
	return r
}

func TestSessionCacheRoundTrips(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			h := newCachedHarness(t, model)
			vmx := h.vmPath()
			h.must(h.s.PowerOff(vmx))
			// Cold: the login is kept (no Logout), the listing is one call.
			h.expectCalls([]string{"RetrieveServiceContent", "Login", "RetrievePropertiesEx"}, "list")
			// Warm: nothing but the verb's own calls.
			h.expectCalls([]string{"RetrievePropertiesEx"}, "list")
			h.expectCalls([]string{"RetrievePropertiesEx"}, "listRegisteredVM")
			// The first lookup lists the datacenters once for the session and finds the VM by its
			// path; later ones read the VM they found directly (its facts and the exact-path check
			// in one RetrieveProperties). The first task makes the session's kept watch of the VM;
			// later ones wait through it: the floor, find + action + one WaitForUpdatesEx.
			h.expectCalls(rtJoin([]string{"RetrieveProperties"}, rtFind[1:], rtKeptWatch, rtKeptTask("PowerOnVM_Task")), "start", vmx)
			warmFind := []string{"RetrieveProperties"}
			h.expectCalls(rtJoin(warmFind, rtKeptTask("ResetVM_Task")), "reset", vmx, "hard")
			h.expectCalls(rtJoin(warmFind, rtKeptTask("SuspendVM_Task")), "suspend", vmx, "hard")
			h.expectCalls(rtJoin(warmFind, rtKeptTask("PowerOnVM_Task")), "start", vmx)
			h.expectCalls(rtJoin(warmFind, rtKeptTask("PowerOffVM_Task")), "stop", vmx, "hard")
			// Another VM: found by path once, then read directly too.
			other := h.otherVMPath()
			h.expectCalls(rtFind[1:], "checkToolsState", other)
			h.expectCalls(warmFind, "checkToolsState", other)
			h.expectState(vmx, "poweredOff")
			if n := h.s.Sessions(); n != 1 {
				t.Errorf("%d sessions on the server, want the one cached", n)
			}
			expectPrivate(t, h.sessionFile())
		})
	}
}

// Tasks still running when they are first read, watched through the session's kept watch
// (docs/behaviour.md#kept-watches), call by call: made once, pointed at another VM with one
// call, never destroyed while the session is kept; gone with logout.
func TestSessionCacheKeptWatch(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			h := newCachedHarness(t, model)
			vmx, other := h.vmPath(), h.otherVMPath()
			h.must(h.s.PowerOff(vmx))
			h.must(h.s.PowerOff(other))
			expectExit0(t, h.run("checkToolsState", other)) // the session knows both VMs
			expectExit0(t, h.run("checkToolsState", vmx))
			// Each held task reads queued in the watch's first answer, and ends while vmrun waits
			// again: two WaitForUpdatesEx.
			twoWaits := []string{"WaitForUpdatesEx", "WaitForUpdatesEx"}
			warmFind := []string{"RetrieveProperties"}
			h.expectHeldCalls("PowerOnVM_Task", rtJoin(warmFind, rtKeptWatch, []string{"PowerOnVM_Task"}, twoWaits), "start", vmx)
			h.expectState(vmx, "poweredOn")
			// Warm, the same VM: 4 calls.
			h.expectHeldCalls("PowerOffVM_Task", rtJoin(warmFind, []string{"PowerOffVM_Task"}, twoWaits), "stop", vmx, "hard")
			h.expectState(vmx, "poweredOff")
			// Warm, another VM: the watch's view is pointed at it first, 5 calls.
			h.expectHeldCalls("PowerOnVM_Task", rtJoin(warmFind, []string{"ResetListView", "PowerOnVM_Task"}, twoWaits), "start", other)
			h.expectState(other, "poweredOn")
			if n := h.s.Sessions(); n != 1 {
				t.Errorf("%d sessions on the server, want the one cached", n)
			}
			watchFile := h.sessionFile() + ".watch0"
			expectPrivate(t, watchFile)
			expectExit0(t, h.run("logout"))
			if _, err := os.Stat(watchFile); !os.IsNotExist(err) {
				t.Errorf("%s after logout: %v, want it gone", watchFile, err)
			}
		})
	}
}

// expectHeldCalls runs vmrun while method's tasks are held, releases them once vmrun waits a
// second time (so its first wait saw the task queued), and checks its exact SOAP calls.
func (h *harness) expectHeldCalls(method string, want []string, args ...string) {
	h.t.Helper()
	h.s.HoldTasks(method)
	h.s.ResetCalls()
	waiting := h.s.CallNumberSeen("WaitForUpdatesEx", 2)
	run := h.startVmrun(append(h.conn("--insecure"), args...)...)
	select {
	case <-waiting:
	case <-run.exited:
		h.t.Fatalf("vmrun %s ended before it waited twice: %s", strings.Join(args, " "), run.stdout.String())
	}
	h.s.ReleaseTasks(method)
	<-run.exited
	if code := run.cmd.ProcessState.ExitCode(); code != 0 {
		h.t.Fatalf("exit %d: %s", code, run.stdout.String())
	}
	if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
		h.t.Errorf("vmrun %s made calls\n %v\nwant\n %v", strings.Join(args, " "), got, want)
	}
}

// The server ends the session (it expired): one new Login, the call again, the command succeeds,
// and the cache holds the new session.
func TestSessionCacheExpiry(t *testing.T) {
	h := newCachedHarness(t, "esx")
	list := listOutput(h)
	expectExit0(t, h.run("list"))
	before, err := os.ReadFile(h.sessionFile())
	h.must(err)
	h.must(h.s.DropSessions())
	h.s.ResetCalls()
	h.run("list").Expect(t, 0, list...)
	if got, want := h.s.Calls(), []string{"RetrievePropertiesEx", "Login", "RetrievePropertiesEx"}; !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	after, err := os.ReadFile(h.sessionFile())
	h.must(err)
	if string(after) == string(before) {
		t.Error("the cache file still holds the expired session")
	}
	h.expectCalls([]string{"RetrievePropertiesEx"}, "list")
}

// A server that presents another certificate never gets the cached cookie: the session is
// dropped and the command logs in afresh.
func TestSessionCacheCertificateChange(t *testing.T) {
	h := newCachedHarness(t, "esx")
	expectExit0(t, h.run("list"))
	h.restart() // same port, new certificate, no sessions
	h.s.ResetCalls()
	list := listOutput(h)
	h.s.ResetCalls()
	h.run("list").Expect(t, 0, list...)
	if got, want := h.s.Calls(), []string{"RetrieveServiceContent", "Login", "RetrievePropertiesEx"}; !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v (no call with the old cookie)", got, want)
	}
	h.expectCalls([]string{"RetrievePropertiesEx"}, "list")
}

// A cache file others can read is not used (as ssh treats keys), and vmrun says so.
func TestSessionCachePermissions(t *testing.T) {
	h := newCachedHarness(t, "esx")
	expectExit0(t, h.run("list"))
	file := h.sessionFile()
	h.must(os.Chmod(file, 0o644))
	h.s.ResetCalls()
	r := h.run("list")
	expectExit0(t, r)
	if want := "vmrun: ignoring the cached session " + file + ": readable or writable by others\n"; r.Stderr != want {
		t.Errorf("stderr %q, want %q", r.Stderr, want)
	}
	if calls := h.s.Calls(); !contains(calls, "Login") {
		t.Errorf("calls %v: the open file was used", calls)
	}
	expectPrivate(t, file) // replaced by a private one
}

// logout ends the cached session on the server and deletes its file.
func TestSessionCacheLogout(t *testing.T) {
	h := newCachedHarness(t, "vc")
	expectExit0(t, h.run("list"))
	h.expectCalls([]string{"Logout"}, "logout")
	if _, err := os.Stat(h.sessionFile()); !os.IsNotExist(err) {
		t.Errorf("the cache file is still there: %v", err)
	}
	if n := h.s.Sessions(); n != 0 {
		t.Errorf("%d sessions left on the server", n)
	}
	// --no-session-cache: today's behaviour, nothing kept.
	h.s.ResetCalls()
	expectExit0(t, h.run("--no-session-cache", "list"))
	h.expectLoggedOut(result{})
	if _, err := os.Stat(h.sessionFile()); !os.IsNotExist(err) {
		t.Errorf("--no-session-cache wrote a cache file: %v", err)
	}
}

func expectPrivate(t *testing.T, file string) {
	t.Helper()
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", file, st.Mode().Perm())
	}
	dir, err := os.Stat(filepath.Dir(file))
	if err != nil {
		t.Fatal(err)
	}
	if dir.Mode().Perm() != 0o700 {
		t.Errorf("%s has mode %v, want 0700", filepath.Dir(file), dir.Mode().Perm())
	}
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

func expectExit0(t *testing.T, r result) {
	t.Helper()
	if r.Code != 0 {
		t.Errorf("exit %d\n%s", r.Code, r.Describe())
	}
}

// The cached cookie never shows, --debug included.
func TestSessionCacheCookieNeverShown(t *testing.T) {
	h := newCachedHarness(t, "esx")
	expectExit0(t, h.run("list"))
	data, err := os.ReadFile(h.sessionFile())
	h.must(err)
	var cookie string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "cookie ") {
			cookie = strings.Trim(strings.TrimPrefix(line, "cookie "), `"`)
		}
	}
	if len(cookie) < 8 {
		t.Fatalf("no cookie in the cache file:\n%s", data)
	}
	r := h.run("--debug", "list")
	expectExit0(t, r)
	if !strings.Contains(r.Stderr, "Cookie: ***") {
		t.Errorf("--debug shows no masked Cookie header:\n%s", r.Stderr)
	}
	if strings.Contains(r.Stdout+r.Stderr, cookie) {
		t.Errorf("the session cookie shows in the output")
	}
}

// A VM the session knew that was unregistered and registered again (a new reference) is found
// by its path again, not missed.
func TestSessionCacheKnownVMMoved(t *testing.T) {
	h := newCachedHarness(t, "esx")
	vmx := h.vmPath()
	h.must(h.s.PowerOff(vmx))
	expectExit0(t, h.run("checkToolsState", vmx))
	h.must(h.s.Unregister(vmx))
	expectExit0(t, h.run("register", vmx))
	h.s.ResetCalls()
	r := h.run("start", vmx)
	expectExit0(t, r)
	calls := h.s.Calls()
	if len(calls) < 2 || calls[0] != "RetrieveProperties" || calls[1] != "FindByDatastorePath" {
		t.Errorf("calls %v: want the old reference read, then the path looked up", calls)
	}
	h.expectState(vmx, "poweredOn")
	h.expectCalls(rtJoin([]string{"RetrieveProperties"}, rtKeptTask("PowerOffVM_Task")), "stop", vmx, "hard")
}

// Commands sharing one cached session wait at the same time, each through a kept watch of its
// own: all their tasks are held until every command waits a second time, then released; each
// command ends with its own VM's outcome. The second round reuses the watches, making none, and
// a later command takes the kept watch already on its VM.
func TestSessionCacheKeptWatchesConcurrent(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			h := newCachedHarness(t, model)
			vms := h.s.VMPaths()
			for _, vmx := range vms {
				h.must(h.s.PowerOff(vmx))
				expectExit0(t, h.run("checkToolsState", vmx)) // the session knows every VM
			}
			round := func(method, want string, verb ...string) []string {
				h.s.HoldTasks(method)
				h.s.ResetCalls()
				waiting := h.s.CallNumberSeen("WaitForUpdatesEx", 2*len(vms))
				var runs []*started
				for _, vmx := range vms {
					runs = append(runs, h.startVmrun(append(h.conn("--insecure"), append([]string{verb[0], vmx}, verb[1:]...)...)...))
				}
				select {
				case <-waiting:
				case <-time.After(runLimit):
					t.Fatalf("the %d commands did not all wait twice: calls %v", len(vms), h.s.Calls())
				}
				h.s.ReleaseTasks(method)
				for i, run := range runs {
					<-run.exited
					if code := run.cmd.ProcessState.ExitCode(); code != 0 {
						t.Errorf("%s %s: exit %d: %s", verb[0], vms[i], code, run.stdout.String())
					}
					h.expectState(vms[i], want)
				}
				return h.s.Calls()
			}
			calls := round("PowerOnVM_Task", "poweredOn", "start")
			if got := count(calls, "CreatePropertyCollector"); got != len(vms) {
				t.Errorf("%d kept watches made for %d commands at once: %v", got, len(vms), calls)
			}
			calls = round("PowerOffVM_Task", "poweredOff", "stop", "hard")
			if got := count(calls, "CreatePropertyCollector") + count(calls, "CreateFilter"); got != 0 {
				t.Errorf("the second round made collectors or filters: %v", calls)
			}
			if got := count(calls, "WaitForUpdatesEx"); got != 2*len(vms) {
				t.Errorf("%d WaitForUpdatesEx for %d commands, want two each: %v", got, len(vms), calls)
			}
			for slot := 0; slot < len(vms); slot++ {
				expectPrivate(t, h.sessionFile()+".watch"+strconv.Itoa(slot))
			}
			// Every VM has a kept watch of its own now: a command on any of them, alone, takes
			// that one, not the first free one, so no ResetListView (in reverse order: the first
			// slot watches one VM at most).
			for i := len(vms) - 1; i >= 0; i-- {
				h.expectCalls(rtJoin([]string{"RetrieveProperties"}, rtKeptTask("PowerOnVM_Task")), "start", vms[i])
			}
		})
	}
}

// Commands sharing one cached session at once, each on a VM the session has not met, all read
// the cache file before any of them ends (their lookups are held until all are in flight). Each
// adds its VM to the file as the file is when it ends, so none is looked up again afterwards;
// were each to write back only its own view, the last to end would drop the others' VMs.
func TestSessionCacheConcurrentCommandsLearnTogether(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			h := newCachedHarness(t, model)
			vms := h.s.VMPaths()
			expectExit0(t, h.run("list")) // the session, knowing no VM yet
			h.s.GatherCalls("FindByDatastorePath", len(vms), runLimit)
			var runs []*started
			for _, vmx := range vms {
				runs = append(runs, h.startVmrun(h.conn("--insecure", "checkToolsState", vmx)...))
			}
			for i, run := range runs {
				<-run.exited
				if code := run.cmd.ProcessState.ExitCode(); code != 0 {
					t.Errorf("checkToolsState %s: exit %d: %s", vms[i], code, run.stderr.String())
				}
			}
			if !h.s.Gathered("FindByDatastorePath") {
				t.Fatalf("the %d lookups were never in flight together", len(vms))
			}
			h.s.ResetCalls()
			for _, vmx := range vms {
				expectExit0(t, h.run("checkToolsState", vmx))
			}
			if got := count(h.s.Calls(), "FindByDatastorePath"); got != 0 {
				t.Errorf("%d VMs looked up again: %v", got, h.s.Calls())
			}
		})
	}
}
