// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
	"vmrunsim/testkit"
)

const (
	testUser = "vix-tester"
	testPass = testkit.Password
	// A scenario that has not ended by then hangs: the test fails instead of blocking.
	runLimit = 120 * time.Second
)

func TestMain(m *testing.M) { testkit.Main(m) }

// harness is one model's simulator and an empty HOME for the library (its known_hosts).
type harness struct {
	t     *testing.T
	s     *sim.Sim
	model string
	home  string
}

// forEachModel runs f as subtests "esx" and "vc", each with a fresh simulator (adjusted by tweak).
func forEachModel(t *testing.T, tweak func(*sim.Config), f func(h *harness)) {
	testkit.ForEachModel(t, func(t *testing.T, model string) { f(newHarness(t, model, tweak)) })
}

// withPoweredOffVMs runs f in each model with a simulator of n VMs, all powered off, and their
// paths.
func withPoweredOffVMs(t *testing.T, n int, f func(h *harness, paths []string)) {
	forEachModel(t, func(c *sim.Config) { c.VMs = n }, func(h *harness) {
		paths := h.s.VMPaths()
		if len(paths) < n {
			t.Fatalf("the simulator has %d VMs, want %d", len(paths), n)
		}
		paths = paths[:n]
		for _, vmx := range paths {
			if h.s.PowerState(vmx) != "poweredOff" {
				h.must(h.s.PowerOff(vmx))
			}
		}
		f(h, paths)
	})
}

// newHarness starts a simulator of one model (adjusted by tweak) for the test.
func newHarness(t *testing.T, model string, tweak func(*sim.Config)) *harness {
	t.Helper()
	s, _ := testkit.StartSim(t, model+" sim", sim.Config{Model: model, User: testUser, Password: testPass}, tweak, sim.Start)
	return &harness{t: t, s: s, model: model, home: t.TempDir()}
}

func programDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VMRUN_VIX_TESTS")
	if dir == "" {
		t.Fatal("VMRUN_VIX_TESTS is not set: it must name the directory of the C scenario programs")
	}
	return dir
}

// hostName is how the programs name the simulator: the full URL for ESX, host:port for vCenter
// (both forms of docs/behaviour.md#libvix-connect get exercised).
func (h *harness) hostName() string {
	return testkit.HostName(h.model, h.s.URL, h.s.Addr)
}

// environ is a scenario's whole environment: the server, the VM, an empty HOME (trust on first
// use records the simulator's certificate there), and the sanitizer options when set.
func (h *harness) environ(vm string, extra ...string) []string {
	env := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + h.home,
		"XDG_CONFIG_HOME=" + filepath.Join(h.home, "xdg-config"), "LANG=C", "LC_ALL=C",
		"VIX_TEST_HOST=" + h.hostName(), "VIX_TEST_USER=" + testUser,
		"VIX_TEST_PASSWORD=" + testPass, "VIX_TEST_VM=" + vm}
	for _, name := range []string{"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"} {
		if value, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+value)
		}
	}
	if os.Getenv("VMRUN_SANITIZED") != "" && os.Getenv("ASAN_OPTIONS") == "" {
		env = append(env, "ASAN_OPTIONS=detect_leaks=1")
	}
	return append(env, extra...)
}

type result = testkit.Result

// run runs a scenario program with this environment and arguments.
func (h *harness) run(env []string, program string, args ...string) result {
	h.t.Helper()
	p := testkit.Program{Name: program, Path: filepath.Join(programDir(h.t), program), Args: args, Env: env}
	return p.Run(h.t, runLimit)
}

// vmPath is the model's first VM.
func (h *harness) vmPath() string {
	return h.s.VMPath(h.s.DefaultVMName())
}

func (h *harness) expectState(vmx, want string) {
	h.t.Helper()
	testkit.ExpectState(h.t, h.s, vmx, want)
}

func (h *harness) must(err error) {
	h.t.Helper()
	testkit.Must(h.t, err)
}

// session is a scenario program that the test talks to while it runs: it reads the program's
// stdout line by line and writes lines to its stdin.
type session struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  *bufio.Scanner
	stderr *strings.Builder
	cancel context.CancelFunc
}

func (h *harness) start(env []string, program string, args ...string) *session {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	cmd := exec.CommandContext(ctx, filepath.Join(programDir(h.t), program), args...)
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	h.must(err)
	stdout, err := cmd.StdoutPipe()
	h.must(err)
	s := &session{t: h.t, cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout),
		stderr: &strings.Builder{}, cancel: cancel}
	cmd.Stderr = s.stderr
	h.must(cmd.Start())
	return s
}

// expect reads the next line and checks it.
func (s *session) expect(want string) {
	s.t.Helper()
	if !s.lines.Scan() {
		s.t.Fatalf("the program ended before %q; stderr:\n%s", want, s.stderr.String())
	}
	if got := s.lines.Text(); got != want {
		s.t.Errorf("got %q, want %q", got, want)
	}
}

// send writes one line to the program.
func (s *session) send(line string) {
	s.t.Helper()
	if _, err := io.WriteString(s.stdin, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
}

// end closes stdin, checks that nothing more was printed and that the program exited 0.
func (s *session) end() {
	s.t.Helper()
	defer s.cancel()
	_ = s.stdin.Close()
	for s.lines.Scan() {
		s.t.Errorf("unexpected line %q", s.lines.Text())
	}
	if err := s.cmd.Wait(); err != nil {
		s.t.Errorf("%v; stderr:\n%s", err, s.stderr.String())
	}
}
