// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"fmt"
	"io/ioutil"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A program's peak resident set size is its ru_maxrss from wait4. Go starts children with vfork
// (CLONE_VM), and Linux then seeds the child's ru_maxrss with the parent's own peak at execve: a
// program started directly by a test process would report that process's size (tens of MiB: the
// simulator runs in it). So a Measured program is started by a small helper, this test binary
// re-executed (Main makes it the helper and nothing else): the helper reads the program's rusage
// and hands it back in a file. The helper's own peak when it starts the program is an upper bound
// on what leaks into the figure; it is logged and must be well under any limit the tests check.

const (
	rusageReportEnv  = "VMRUN_TEST_RUSAGE_HELPER"   // the file the helper writes its report to
	rusageASLimitEnv = "VMRUN_TEST_RUSAGE_AS_LIMIT" // RLIMIT_AS for the program, in bytes
	// helperKiBLimit is the largest helper peak that still leaves a measurement meaning something.
	helperKiBLimit = 24 << 10
)

// rusageReport is where one Measured run's helper reports.
type rusageReport struct{ file string }

func newRusageReport(t *testing.T) *rusageReport {
	return &rusageReport{file: filepath.Join(t.TempDir(), "rss")}
}

// command is the helper's command line for p: this test binary, then p's path and arguments.
func (rr *rusageReport) command(ctx context.Context, t *testing.T, p Program) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	Must(t, err)
	cmd := exec.CommandContext(ctx, self, append([]string{p.Path}, p.Args...)...)
	cmd.Env = []string{rusageReportEnv + "=" + rr.file}
	if p.ASLimit > 0 {
		cmd.Env = append(cmd.Env, rusageASLimitEnv+"="+strconv.FormatUint(p.ASLimit, 10))
	}
	return cmd
}

// read returns the program's peak RSS in KiB; a missing report or a helper too big to bound the
// figure fails the test.
func (rr *rusageReport) read(t *testing.T, r Result) int64 {
	t.Helper()
	data, err := ioutil.ReadFile(rr.file)
	if err != nil {
		t.Fatalf("%s %s: the rusage helper reported nothing: %v\nstderr:\n%s", r.Name, QuoteArgs(r.Args), err, r.Stderr)
	}
	var maxrss, helperKiB int64
	if _, err := fmt.Sscanf(string(data), "%d %d", &maxrss, &helperKiB); err != nil {
		t.Fatalf("rusage helper: %q: %v", data, err)
	}
	t.Logf("rusage helper's own peak when starting %s: %d KiB", r.Name, helperKiB)
	if helperKiB >= helperKiBLimit {
		t.Fatalf("the rusage helper is too big (%d KiB) to bound the peak RSS of %s", helperKiB, r.Name)
	}
	return maxrss
}

// runRusageHelperIfAsked is the helper: run with VMRUN_TEST_RUSAGE_HELPER=<file>, it runs
// argv[1:] with its own stdio and environment (less its own variables), under RLIMIT_AS when
// VMRUN_TEST_RUSAGE_AS_LIMIT is set (set after this Go process's own start, so it constrains only
// what it and the program map from then on), writes "<child maxrss KiB> <own VmHWM KiB>" to
// <file>, and exits with the child's exit status (128 + the signal, as a shell says, for a
// child killed by one).
func runRusageHelperIfAsked() {
	out := os.Getenv(rusageReportEnv)
	if out == "" {
		return
	}
	limit := os.Getenv(rusageASLimitEnv)
	os.Unsetenv(rusageReportEnv)
	os.Unsetenv(rusageASLimitEnv)
	own := ownPeakKiB()
	if n, err := strconv.ParseUint(limit, 10, 64); err == nil && n > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Fprintln(os.Stderr, "rusage helper: RLIMIT_AS:", err)
			os.Exit(254)
		}
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Run(); err != nil {
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
	os.Exit(shellExitCode(cmd.ProcessState))
}

// ownPeakKiB is this process's VmHWM so far (0 if unknown).
func ownPeakKiB() int64 {
	own := int64(0)
	if status, err := ioutil.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &own)
			}
		}
	}
	return own
}

// shellExitCode is the exit status, or 128 + the signal for a process killed by one.
func shellExitCode(ps *os.ProcessState) int {
	code := ps.ExitCode()
	if code < 0 {
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	return code
}
