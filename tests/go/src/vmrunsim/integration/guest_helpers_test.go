// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"context"
	"fmt"
	"io/ioutil"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
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
// vmrun process's peak resident set size in KiB (ru_maxrss from wait4, i.e.
// ProcessState.SysUsage().(*syscall.Rusage).Maxrss).
//
// Go starts children with vfork (CLONE_VM), and Linux then seeds the child's ru_maxrss with the
// parent's own peak at execve: a vmrun started directly by this test process would report this
// process's size (tens of MiB: the simulator runs in it). So vmrun is started by a small helper
// (this test binary re-executed, see init below): the helper reads vmrun's rusage and hands it
// back. The helper's own peak at the time it starts vmrun is an upper bound on what leaks into
// the figure; it is logged and must be well under the limit for the measurement to mean anything.
func (h *harness) vmrunEnv(env []string, args ...string) (result, int64) {
	t := h.t
	t.Helper()
	bin := vmrunBin(t)
	if err := os.MkdirAll(h.xdg, 0700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	rssFile := filepath.Join(t.TempDir(), "rss")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, self, append([]string{bin}, args...)...)
	cmd.Env = append(append(vmrunEnviron(h.home, h.xdg), rssHelperEnv+"="+rssFile), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	r := collect(ctx, t, cmd, args)
	data, err := ioutil.ReadFile(rssFile)
	if err != nil {
		t.Fatalf("vmrun %s: the rusage helper reported nothing: %v\nstderr:\n%s", quoteArgs(args), err, r.stderr)
	}
	var maxrss, helperKiB int64
	if _, err := fmt.Sscanf(string(data), "%d %d", &maxrss, &helperKiB); err != nil {
		t.Fatalf("rusage helper: %q: %v", data, err)
	}
	t.Logf("rusage helper's own peak when starting vmrun: %d KiB", helperKiB)
	if helperKiB >= 24<<10 {
		t.Fatalf("the rusage helper is too big (%d KiB) to bound vmrun's peak RSS", helperKiB)
	}
	return r, maxrss
}

const rssHelperEnv = "VMRUN_TEST_RUSAGE_HELPER"

// The rusage helper: when the test binary is executed with VMRUN_TEST_RUSAGE_HELPER=<file>, it
// runs argv[1:] (vmrun and its arguments) with its own stdio and environment, writes
// "<child maxrss KiB> <own VmHWM KiB>" to <file>, and exits with the child's exit status.
func init() {
	out := os.Getenv(rssHelperEnv)
	if out == "" {
		return
	}
	os.Unsetenv(rssHelperEnv)
	own := int64(0)
	if status, err := ioutil.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &own)
			}
		}
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			fmt.Fprintln(os.Stderr, "rusage helper:", err)
			os.Exit(254)
		}
	}
	var maxrss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxrss = ru.Maxrss // KiB on Linux
	}
	_ = ioutil.WriteFile(out, []byte(fmt.Sprintf("%d %d\n", maxrss, own)), 0o600)
	os.Exit(cmd.ProcessState.ExitCode())
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
