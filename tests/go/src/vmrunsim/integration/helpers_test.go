// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
	"vmrunsim/testkit"
)

// Shared helpers: start a Sim per (sub)test, run vmrun in an isolated environment, compare output.

const (
	testUser = "vmrun-tester"
	testPass = testkit.Password

	// Hard limit for one vmrun run: a hang fails the test instead of blocking the suite.
	runLimit = 60 * time.Second
	// How long to poll the API for asynchronous state (Tools start, guest shutdown).
	pollLimit = 15 * time.Second
)

// Exact texts (docs/behaviour.md).
const (
	msgUnableToConnect  = "Unable to connect to host."
	msgAlreadyRunning   = "Error: The virtual machine should not be powered on. It is already running."
	msgNotSupported     = "Error: The operation is not supported for the specified parameters"
	msgInvalidParams    = "Error: One of the parameters was invalid"
	msgProviderNotFound = "Error: The specified service provider was not found"
	msgBadLogin         = "Error: Cannot complete login due to an incorrect user name or password"
	msgAlreadyLoaded    = "Error: The virtual machine has already been loaded"
	msgFileNotFound     = "Error: A file was not found"
)

func msgNotPoweredOn(vmx string) string {
	return "Error: The virtual machine is not powered on: " + vmx
}
func msgToolsNotRunning(vmx string) string {
	return "Error: The VMware Tools are not running in the virtual machine: " + vmx
}
func msgCannotOpen(vmx string) string {
	return "Error: Cannot open VM: " + vmx + ", The virtual machine cannot be found"
}
func msgUnrecognized(token string) string { return "Error: Unrecognized command: " + token }

// models are the simulator's two models, for tests that start their own harness per model.
var models = testkit.Models

func TestMain(m *testing.M) {
	testkit.Main(m, func() {
		if dir := os.Getenv("VMRUN_REQUEST_DUMP"); dir != "" {
			// Fresh for each run: the schema check validates what this run's vmrun sent.
			if err := os.RemoveAll(dir); err == nil {
				_ = os.MkdirAll(dir, 0o755)
			}
		}
	})
}

func vmrunBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("VMRUN_BIN")
	if bin == "" {
		t.Fatal("VMRUN_BIN is not set: it must name the vmrun binary under test")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("VMRUN_BIN: %v", err)
	}
	return bin
}

// harness is one model's Sim plus an isolated HOME / XDG_CONFIG_HOME for vmrun.
type harness struct {
	t     *testing.T
	s     *sim.Sim
	model string
	cfg   sim.Config
	home  string
	xdg   string
	// sessionCache: commands keep and reuse their session (vmrun's default), in home/.cache.
	sessionCache bool
}

// forEachModel runs f as subtests "esx" and "vc", each with a fresh Sim (adjusted by tweak).
func forEachModel(t *testing.T, tweak func(*sim.Config), f func(h *harness)) {
	testkit.ForEachModel(t, func(t *testing.T, model string) { f(newHarness(t, model, tweak)) })
}

func newHarness(t *testing.T, model string, tweak func(*sim.Config)) *harness {
	t.Helper()
	vmrunBin(t)
	s, cfg := testkit.StartSim(t, model+" sim", sim.Config{Model: model, User: testUser, Password: testPass,
		RequestDump: os.Getenv("VMRUN_REQUEST_DUMP")}, tweak, sim.Start)
	home := t.TempDir()
	return &harness{t: t, s: s, model: model, cfg: cfg, home: home, xdg: filepath.Join(home, "xdg-config")}
}

// restart closes the Sim and starts a new one on the same port (new certificate, fresh inventory).
func (h *harness) restart() {
	h.t.Helper()
	addr := h.s.Addr
	h.s.Close()
	cfg := h.cfg
	cfg.Listen = addr
	s, err := sim.Start(cfg)
	testkit.Started(h.t, "the sim again on "+addr, s, err)
	h.s = s
}

// hostArg is how -h names the sim: a full URL for ESX, host:port for vCenter (both forms of
// docs/behaviour.md#host-names get exercised).
func (h *harness) hostArg() string {
	return testkit.HostName(h.model, h.s.URL, h.s.Addr)
}

// conn returns "-T <model> -h <host> -u <user> -p <password> <long options...>".
func (h *harness) conn(longOpts ...string) []string {
	args := []string{"-T", h.model, "-h", h.hostArg(), "-u", testUser, "-p", testPass}
	return append(args, longOpts...)
}

// run runs vmrun with --insecure and the given verb and arguments.
func (h *harness) run(verbArgs ...string) result {
	h.t.Helper()
	return h.vmrun(append(h.conn("--insecure"), verbArgs...)...)
}

// vmrun runs the binary with exactly these arguments in the harness's isolated environment.
func (h *harness) vmrun(args ...string) result {
	h.t.Helper()
	if h.sessionCache {
		return runVmrunEnv(h.t, cachedEnviron(h.home, h.xdg), args...)
	}
	return runVmrun(h.t, h.home, h.xdg, args...)
}

type result = testkit.Result

// runVmrun runs vmrun with a clean environment (no inherited VMRUN_* variables), HOME and
// XDG_CONFIG_HOME pointing into the test's temp dir, stdin from /dev/null, and a new session
// (setsid) so that there is no controlling terminal to prompt on.
func runVmrun(t *testing.T, home, xdg string, args ...string) result {
	t.Helper()
	if err := os.MkdirAll(xdg, 0700); err != nil {
		t.Fatal(err)
	}
	return runVmrunEnv(t, vmrunEnviron(home, xdg), args...)
}

// runVmrunEnv is runVmrun with exactly this environment.
func runVmrunEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return vmrunProgram(t, env, args...).Run(t, runLimit)
}

// vmrunProgram is one run of vmrun with exactly this environment, in a new session (setsid) so
// that there is no controlling terminal to prompt on.
func vmrunProgram(t *testing.T, env []string, args ...string) testkit.Program {
	t.Helper()
	return testkit.Program{Name: "vmrun", Path: vmrunBin(t), Args: args, Env: env, Setsid: true}
}

// vmrunEnviron is vmrun's whole environment: a plain PATH, the C locale, HOME and XDG_CONFIG_HOME,
// and no session cache: each command logs in and out, so what a verb does is seen on its own
// (the cache has its own tests, with cachedEnviron).
func vmrunEnviron(home, xdg string) []string {
	return []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "XDG_CONFIG_HOME=" + xdg, "LANG=C", "LC_ALL=C",
		"VMRUN_SESSION_CACHE=off"}
}

// cachedEnviron is vmrunEnviron with vmrun's default session cache, in home/.cache.
func cachedEnviron(home, xdg string) []string {
	env := vmrunEnviron(home, xdg)
	return env[:len(env)-1]
}

func quoteArgs(args []string) string { return testkit.QuoteArgs(args) }

// vmPath looks the model's first VM up through the API.
func (h *harness) vmPath() string {
	return h.s.VMPath(h.s.DefaultVMName())
}

// otherVMPath is the model's second VM on the same host ("ha-host_VM1" / "DC0_H0_VM1").
func (h *harness) otherVMPath() string {
	if h.model == "esx" {
		return h.s.VMPath("ha-host_VM1")
	}
	return h.s.VMPath("DC0_H0_VM1")
}

// expectState asserts the VM's power state as read back through the API.
func (h *harness) expectState(vmx, want string) {
	h.t.Helper()
	testkit.ExpectState(h.t, h.s, vmx, want)
}

func (h *harness) must(err error) {
	h.t.Helper()
	testkit.Must(h.t, err)
}

// waitTools waits (polling the API) until the VM's Tools run.
func (h *harness) waitTools(vmx string) {
	h.t.Helper()
	h.must(h.s.WaitToolsRunning(vmx, pollLimit))
}

// expectLoggedOut asserts that vmrun left no session behind and, if it logged in, that its last
// SOAP call was Logout.
func (h *harness) expectLoggedOut(r result) {
	h.t.Helper()
	if n := h.s.Sessions(); n != 0 {
		h.t.Errorf("%d session(s) left logged in after\n%s", n, r.Describe())
	}
	calls := h.s.Calls()
	for _, c := range calls {
		if c == "Login" {
			if calls[len(calls)-1] != "Logout" {
				h.t.Errorf("last SOAP call is %s, not Logout; calls: %v\n%s", calls[len(calls)-1], calls, r.Describe())
			}
			return
		}
	}
}

// hostDirNames lists a host directory's names, sorted (to see what a verb left behind).
func hostDirNames(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func contains(list []string, s string) bool { return testkit.Contains(list, s) }

// The vocabulary of the round-trip tests: what every command, every VM lookup and every task wait
// costs in SOAP calls.
//
// rtSession wraps a verb's own calls in the session prologue and epilogue.
func rtSession(calls ...string) []string {
	return append(append([]string{"RetrieveServiceContent", "Login"}, calls...), "Logout")
}

// rtFind is a VM lookup: the datacenters, FindByDatastorePath (one datacenter in both models) and
// the VM's facts read together with the exact-path check.
var rtFind = []string{"RetrieveProperties", "FindByDatastorePath", "RetrieveProperties"}

// rtTask is a *_Task method and its first read of Task.info, which finds it ended (tasks end
// before the simulator answers); only a task still running gets a collector, a filter and a
// watch (rtTaskWatched).
func rtTask(method string) []string {
	return []string{method, "RetrieveProperties"}
}

// rtKeptWatch makes a cached session's kept watch (docs/behaviour.md#kept-watches): a
// collector, a list view of the VM and a filter following the VM's recent tasks.
var rtKeptWatch = []string{"CreatePropertyCollector", "CreateListView", "CreateFilter"}

// rtKeptTask is a *_Task method of a VM whose kept watch is ready, and the one
// WaitForUpdatesEx whose answer (the watch's whole state) finds the task ended.
func rtKeptTask(method string) []string {
	return []string{method, "WaitForUpdatesEx"}
}

// rtTaskWatched is a task still running at its first read: the command's private collector, a
// filter on Task.info and one WaitForUpdatesEx that sees it end.
func rtTaskWatched(method string) []string {
	return []string{method, "RetrieveProperties", "CreatePropertyCollector", "CreateFilter", "WaitForUpdatesEx"}
}

// expectRoundTrip runs vmrun with --insecure and asserts the SOAP calls it made, in order.
func (h *harness) expectRoundTrip(name string, want []string, verbArgs ...string) {
	h.t.Helper()
	h.s.ResetCalls()
	r := h.run(verbArgs...)
	if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
		h.t.Errorf("%s: SOAP calls (%d):\n got  %s\n want %s (%d)\n%s", name, len(got),
			strings.Join(got, ", "), strings.Join(want, ", "), len(want), r.Describe())
	}
}

// rtJoin concatenates call sequences.
func rtJoin(parts ...[]string) []string {
	var all []string
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}
