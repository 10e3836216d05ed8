// SPDX-License-Identifier: Apache-2.0

// Package testkit is the harness that the simulator's own tests, the vmrun integration tests and
// the libvix scenario tests share: the test binary's start, a subtest per model, programs run
// with a hang limit (and their peak memory measured), and the checks they all make.
//
// It does not import the simulator: the simulator's own tests use it too, and a package's tests
// cannot import what imports that package. What it reads from a simulator it takes through small
// interfaces that *sim.Sim has.
package testkit

import (
	"io/ioutil"
	"log"
	"os"
	"testing"
)

// Password is the simulator login's password in every test package (messages hide it).
const Password = "Sim-Passw0rd"

// Models are the simulator's two models: a standalone ESXi host and a vCenter.
var Models = []string{"esx", "vc"}

// Main is the test packages' TestMain: when this test binary was re-executed as the rusage
// helper it is that and nothing else; otherwise it silences the simulator's std-logger chatter
// (every SOAP call), runs prepare and then the tests.
func Main(m *testing.M, prepare ...func()) {
	runRusageHelperIfAsked()
	log.SetOutput(ioutil.Discard)
	for _, p := range prepare {
		p()
	}
	os.Exit(m.Run())
}

// ForEachModel runs f as subtests "esx" and "vc".
func ForEachModel(t *testing.T, f func(t *testing.T, model string)) {
	for _, model := range Models {
		model := model
		t.Run(model, func(t *testing.T) { f(t, model) })
	}
}

// StartSim starts a simulator from cfg as tweak (if any) adjusts it, for the rest of the test;
// it returns the simulator and the config it was started with. The kit takes the simulator's
// start as a function because it cannot import the simulator's package.
func StartSim[C any, S interface{ Close() }](t *testing.T, what string, cfg C, tweak func(*C),
	start func(C) (S, error)) (S, C) {
	t.Helper()
	if tweak != nil {
		tweak(&cfg)
	}
	s, err := start(cfg)
	Started(t, what, s, err)
	return s, cfg
}

// Started fails the test if a server did not start, and closes it when the test ends.
func Started(t *testing.T, what string, server interface{ Close() }, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("starting %s: %v", what, err)
	}
	t.Cleanup(server.Close)
}

// HostName is how a client names the simulator: the full URL for ESXi, host:port for vCenter,
// so that both forms get exercised.
func HostName(model, url, addr string) string {
	if model == "esx" {
		return url
	}
	return addr
}

// Must fails the test at once on an error that leaves nothing to check.
func Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// PowerStates reads a VM's power state through the simulator's API.
type PowerStates interface {
	PowerState(vmx string) string
}

// ExpectState asserts the VM's power state as read back through the API.
func ExpectState(t *testing.T, s PowerStates, vmx, want string) {
	t.Helper()
	if got := s.PowerState(vmx); got != want {
		t.Errorf("power state of %s: got %q, want %q", vmx, got, want)
	}
}
