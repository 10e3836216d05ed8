// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"net"
	"os"
	"sort"
	"strings"
	"testing"

	"vmrunsim/sim"
)

// Helpers of the guest-operation tests: the guest login, the guest verbs' texts, running vmrun
// with its peak memory measured, and guest files read and written through the simulator.

const (
	guestUser = "user"
	guestPass = "userpw"
)

// Exact texts of the guest verbs (docs/behaviour.md#verb-output, docs/behaviour.md#exit-status,
// docs/behaviour.md#guest-operations; docs/behaviour.md#vix-texts for the VIX codes).
const (
	msgBadGuestLogin   = "Error: Invalid user name or password for the guest OS"
	msgFileExists      = "The file exists."
	msgFileMissing     = "The file does not exist."
	msgDirExists       = "The directory exists."
	msgDirMissing      = "The directory does not exist."
	msgAlreadyExists   = "Error: The file already exists"
	msgNoSuchProcess   = "Error: No such process"
	msgNeedGuestUser   = "Error: A user name is required for this operation"
	msgNeedGuestPasswd = "Error: A password is required for this operation"
)

func msgNonZero(code string) string { return "Guest program exited with non-zero exit code: " + code }

// forEachGuestModel is forEachModel for guest tests: it insists on bubblewrap, which confines the
// simulated guests' programs to their guest roots.
func forEachGuestModel(t *testing.T, tweak func(*sim.Config), f func(h *harness)) {
	forEachModel(t, tweak, func(h *harness) {
		if sb := h.s.GuestSandbox(); sb != "bwrap" {
			h.t.Fatalf("the guest-operation tests need bubblewrap (bwrap) to confine guest programs to their "+
				"guest roots, and it is not installed (sandbox %q): run scripts/install-deps.sh", sb)
		}
		f(h)
	})
}

// gargs is the connection, --insecure, and the guest login as flags.
func (h *harness) gargs(verbArgs ...string) []string {
	args := append(h.conn("--insecure"), "-gu", guestUser, "-gp", guestPass)
	return append(args, verbArgs...)
}

// g runs a guest verb with the guest login given as -gu/-gp.
func (h *harness) g(verbArgs ...string) result {
	h.t.Helper()
	return h.vmrun(h.gargs(verbArgs...)...)
}

// vmrunEnv runs vmrun like runVmrun, with extra environment variables, and also returns the
// vmrun process's peak resident set size in KiB (measured by testkit's rusage helper).
func (h *harness) vmrunEnv(env []string, args ...string) (result, int64) {
	t := h.t
	t.Helper()
	if err := os.MkdirAll(h.xdg, 0700); err != nil {
		t.Fatal(err)
	}
	p := vmrunProgram(t, append(vmrunEnviron(h.home, h.xdg), env...), args...)
	p.Measured = true
	r := p.Run(t, runLimit)
	return r, r.RSSKiB
}

// guestFile reads a guest file through the sim (bypassing the API); "" with ok=false if missing.
func (h *harness) guestFile(vmx, p string) (string, bool) {
	data, err := h.s.ReadGuestFile(vmx, p)
	if err != nil {
		return "", false
	}
	return string(data), true
}

func (h *harness) writeGuest(vmx, p, text string) {
	h.t.Helper()
	h.must(h.s.WriteGuestFile(vmx, p, []byte(text), 0o644))
}

// expectGuestFile asserts a guest file's exact contents.
func (h *harness) expectGuestFile(vmx, p, want string) {
	h.t.Helper()
	got, ok := h.guestFile(vmx, p)
	if !ok {
		h.t.Errorf("guest file %s does not exist", p)
	} else if got != want {
		h.t.Errorf("guest file %s: got %q, want %q", p, got, want)
	}
}

// guestTmpListing is the guest's /tmp, for checking that verbs leave no temporary files behind.
func (h *harness) guestTmpListing(vmx string) string {
	names, err := h.s.GuestListDir(vmx, "/tmp")
	h.must(err)
	return strings.Join(sortedCopy(names), ",")
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

// transferAuthority is the host:port a guest transfer for vmx goes to, as messages name it: the
// ESXi host's inventory name and port through vCenter, the simulator itself on ESXi.
func (h *harness) transferAuthority(vmx string) string {
	if host, ok := h.s.HostOfVM(vmx); ok {
		_, port, _ := net.SplitHostPort(host.Addr)
		return host.Name + ":" + port
	}
	return h.s.Addr
}
