// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// Many vmrun processes at once against one host, as CI jobs run them: every command succeeds
// with its exact output, and the writes of each process are all there afterwards. Each process
// logs in and out, or all share one cached session (one Login among them all: the first one
// logs in under the cache's lock, the others wait for it and reuse its session).
func TestConcurrentProcesses(t *testing.T) {
	for _, cached := range []bool{false, true} {
		name := map[bool]string{false: "own sessions", true: "shared session"}[cached]
		t.Run(name, func(t *testing.T) { concurrentProcesses(t, cached) })
	}
}

func concurrentProcesses(t *testing.T, cached bool) {
	// Ten rounds: each verb twice per worker. Under AddressSanitizer, whose start-up makes each
	// process several times dearer, five: each verb once, still fifty processes at a time.
	const workers = 50
	rounds := 10
	if os.Getenv("VMRUN_SANITIZED") != "" {
		rounds = 5
	}
	h := newHarness(t, "esx", nil)
	h.sessionCache = cached
	vmx := h.vmPath()
	h.s.ResetCalls()
	list := listOutput(h)
	var wg sync.WaitGroup
	// The slowest command is logged: how long the tail is on a loaded machine, should it fail.
	var mu sync.Mutex
	var slowest result
	defer func() { t.Logf("slowest command: %v: vmrun %s", slowest.Elapsed, quoteArgs(slowest.Args)) }()
	failures := make(chan string, workers*rounds)
	for w := 0; w < workers; w++ {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("worker%d", w)
			for i := 0; i < rounds; i++ {
				var r result
				var want []string
				switch i % 5 {
				case 0:
					r, want = h.run("list"), list
				case 1:
					r, want = h.run("listRegisteredVM"), nil
				case 2:
					r, want = h.run("writeVariable", vmx, "guestVar", key, fmt.Sprint(i)), []string{}
				case 3:
					r, want = h.run("readVariable", vmx, "guestVar", key), []string{fmt.Sprint(i - 1)}
				case 4:
					r, want = h.run("checkToolsState", vmx), []string{"running"}
				}
				mu.Lock()
				if r.Elapsed > slowest.Elapsed {
					slowest = r
				}
				mu.Unlock()
				got := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
				if r.Stdout == "" {
					got = []string{}
				}
				if r.Code != 0 || (want != nil && strings.Join(got, "\n") != strings.Join(want, "\n")) {
					failures <- fmt.Sprintf("worker %d round %d: %s", w, i, r.Describe())
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	n := 0
	for f := range failures {
		if n++; n <= 5 {
			t.Error(f)
		}
	}
	if n > 0 {
		t.Fatalf("%d of %d commands failed", n, workers*rounds)
	}
	extra, err := h.s.ExtraConfig(vmx)
	h.must(err)
	for w := 0; w < workers; w++ {
		key := fmt.Sprintf("guestinfo.worker%d", w)
		if got := extra[key]; len(got) != 1 || got[0] != fmt.Sprint(rounds-3) {
			t.Errorf("%s = %q after the run, want [%d]", key, got, rounds-3)
		}
	}
	if logins, want := h.s.CallCount("Login"), map[bool]int{false: workers * rounds, true: 1}[cached]; logins != want {
		t.Errorf("%d logins, want %d", logins, want)
	}
	if n, want := h.s.Sessions(), map[bool]int{false: 0, true: 1}[cached]; n != want {
		t.Errorf("%d sessions left on the server, want %d", n, want)
	}
}

// Thirty processes meeting a host for the first time at once record it once (the known_hosts
// update is locked).
func TestConcurrentFirstUse(t *testing.T) {
	const processes = 30
	h := newHarness(t, "esx", nil)
	list := listOutput(h)
	var wg sync.WaitGroup
	results := make(chan result, processes)
	for i := 0; i < processes; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- h.vmrun(append(h.conn(), "list")...)
		}()
	}
	wg.Wait()
	close(results)
	for r := range results {
		r.Expect(t, 0, list...)
	}
	want := h.s.Addr + " " + h.s.ThumbprintSHA256 + "\n"
	if got := readKnownHosts(t, knownHostsPath(h)); got != want {
		t.Errorf("known_hosts after %d concurrent first uses:\n%q\nwant\n%q", processes, got, want)
	}
}
