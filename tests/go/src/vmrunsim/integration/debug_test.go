// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"io/ioutil"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"vmrunsim/sim"
)

// --debug (docs/behaviour.md#command-line): request and response bodies with the HTTP status on stderr, every
// secret replaced by ***. The secrets come from the simulator's side of the exchange: the
// Login response's UserSession key, which govmomi's simulator also sends as the
// vmware_soap_session cookie value (simulator/session_manager.go, SetSession).

const guestSecret = "Guest-Secr3t!"

// lockedBuffer is the simulator's trace sink (written by the server goroutines).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var sessionKeyRE = regexp.MustCompile(`<LoginResponse[^>]*>\s*<returnval>\s*<key>([^<]+)</key>`)

func TestDebugTraceHidesSecrets(t *testing.T) {
	var trace *lockedBuffer
	tweak := func(c *sim.Config) {
		trace = &lockedBuffer{}
		c.Trace = trace
	}
	forEachModel(t, tweak, func(h *harness) {
		t := h.t
		debugRun := func(password string, verbArgs ...string) result {
			args := []string{"-T", h.model, "-h", h.hostArg(), "-u", testUser, "-p", password,
				"-gu", "guest-user", "-gp", guestSecret, "--insecure", "--debug"}
			return h.vmrun(append(args, verbArgs...)...)
		}
		// Everything logged in so far: one key per Login, read from the simulator's trace.
		sessionKeys := func() []string {
			var keys []string
			for _, m := range sessionKeyRE.FindAllStringSubmatch(trace.String(), -1) {
				keys = append(keys, m[1])
			}
			return keys
		}
		expectClean := func(r result, secrets ...string) {
			t.Helper()
			for _, secret := range append(secrets, testPass, guestSecret) {
				if strings.Contains(r.Stderr, secret) {
					t.Errorf("--debug trace shows the secret %q\n%s", secret, r.Describe())
				}
			}
			if !strings.Contains(r.Stderr, "***") {
				t.Errorf("--debug trace masks nothing\n%s", r.Describe())
			}
			// Bodies and statuses are there.
			for _, want := range []string{"<-- HTTP ", "<soapenv:Envelope", "<Login ", "<password>***</password>"} {
				if !strings.Contains(r.Stderr, want) {
					t.Errorf("--debug trace lacks %q\n%s", want, r.Describe())
				}
			}
		}

		// list: the trace goes to stderr, stdout is unchanged.
		running := h.s.RunningVMPaths()
		r := debugRun(testPass, "list")
		r.Expect(t, 0, append([]string{"Total running VMs: " + strconv.Itoa(len(running))}, running...)...)
		keys := sessionKeys()
		if len(keys) != 1 {
			t.Fatalf("want one session key in the simulator's trace, got %v", keys)
		}
		expectClean(r, keys...)
		for _, want := range []string{"<-- HTTP 200", "Set-Cookie: ***", "Cookie: ***", "<key>***</key>", "RetrievePropertiesEx"} {
			if !strings.Contains(r.Stderr, want) {
				t.Errorf("--debug trace of list lacks %q\n%s", want, r.Describe())
			}
		}

		// start: a task and its wait.
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		r = debugRun(testPass, "start", vmx)
		r.ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		keys = sessionKeys()
		if len(keys) != 2 {
			t.Fatalf("want two session keys in the simulator's trace, got %v", keys)
		}
		expectClean(r, keys...)
		if !strings.Contains(r.Stderr, "PowerOnVM_Task") {
			t.Errorf("--debug trace of start lacks PowerOnVM_Task\n%s", r.Describe())
		}

		// A failing login: the wrong password is masked too, and the fault's status shown.
		const wrong = "Wr0ng-Password?"
		r = debugRun(wrong, "list")
		r.ExpectError(t, msgUnableToConnect, msgBadLogin)
		expectClean(r, append(keys, wrong)...)
		if !strings.Contains(r.Stderr, "<-- HTTP 500") || !strings.Contains(r.Stderr, "InvalidLogin") {
			t.Errorf("--debug trace of a failed login lacks the fault\n%s", r.Describe())
		}
	})
}

// readRepoFile reads a file of the repository (this file is tests/go/src/vmrunsim/integration).
func readRepoFile(rel string) ([]byte, error) {
	_, self, _, _ := runtime.Caller(0)
	if real, err := filepath.EvalSymlinks(self); err == nil {
		self = real
	}
	root := filepath.Join(filepath.Dir(self), "..", "..", "..", "..", "..")
	return ioutil.ReadFile(filepath.Join(root, rel))
}
