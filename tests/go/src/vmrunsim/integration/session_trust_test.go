// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmrunsim/sim"
)

// Cached sessions and trust (docs/behaviour.md#sessions): a given password is always verified,
// a session the cache cannot keep is logged out, waits for locks end at a signal, and lock files
// are never followed through links.

// connPassword is conn with another password.
func (h *harness) connPassword(password string, longOpts ...string) []string {
	args := []string{"-T", h.model, "-h", h.hostArg(), "-u", testUser, "-p", password, "--insecure"}
	return append(args, longOpts...)
}

// logins runs vmrun and returns its result with the Login and Logout calls it made.
func (h *harness) logins(args ...string) (result, int, int) {
	h.t.Helper()
	h.s.ResetCalls()
	r := h.vmrun(args...)
	return r, h.s.CallCount("Login"), h.s.CallCount("Logout")
}

func TestCachedSessionVerifiesPassword(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.sessionCache = true
		list := func(password string) []string { return append(h.connPassword(password), "list") }
		if r, in, _ := h.logins(list(testPass)...); r.Code != 0 || in != 1 {
			t.Fatalf("first command: %d Login\n%s", in, r.Describe())
		}
		kept, err := os.ReadFile(h.sessionFile())
		h.must(err)
		if bytes.Contains(kept, []byte(testPass)) {
			t.Errorf("the session file holds the password:\n%s", kept)
		}

		// A wrong password is refused by the server, not waved through by the cache; the cached
		// session stays for its rightful owner.
		r, in, out := h.logins(list("Wrong-Passw0rd")...)
		r.ExpectError(t, msgUnableToConnect, msgBadLogin)
		if in != 1 || out != 0 {
			t.Errorf("wrong password: Login %d, Logout %d; want 1, 0", in, out)
		}
		if now, _ := os.ReadFile(h.sessionFile()); !bytes.Equal(now, kept) {
			t.Errorf("a refused password changed the cached session")
		}

		// The right one matches the verifier: no Login. No password at all: the cache serves.
		if r, in, _ := h.logins(list(testPass)...); r.Code != 0 || in != 0 {
			t.Errorf("right password: %d Login, want 0\n%s", in, r.Describe())
		}
		noPassword := []string{"-T", h.model, "-h", h.hostArg(), "-u", testUser, "--insecure", "list"}
		if r, in, _ := h.logins(noPassword...); r.Code != 0 || in != 0 {
			t.Errorf("no password: %d Login, want 0\n%s", in, r.Describe())
		}

		// The password was changed on the server: the new one logs in and replaces the session;
		// the old one no longer passes.
		h.s.SetPassword("Changed-Passw0rd")
		if r, in, _ := h.logins(list("Changed-Passw0rd")...); r.Code != 0 || in != 1 {
			t.Errorf("changed password: %d Login, want 1\n%s", in, r.Describe())
		}
		if r, in, _ := h.logins(list("Changed-Passw0rd")...); r.Code != 0 || in != 0 {
			t.Errorf("changed password, again: %d Login, want 0\n%s", in, r.Describe())
		}
		r, in, _ = h.logins(list(testPass)...)
		r.ExpectError(t, msgUnableToConnect, msgBadLogin)
		if in != 1 {
			t.Errorf("old password: %d Login, want 1", in)
		}
	})
}

// Whatever keeps the cache from holding the session, each command logs its own out.
func TestUnusableCacheLogsOut(t *testing.T) {
	longUser := strings.Repeat("u", 250)
	for _, c := range []struct {
		name   string
		user   string
		setup  func(h *harness) []string // extra environment
		stderr string
	}{
		{"home is a file", testUser, func(h *harness) []string {
			home := filepath.Join(h.home, "not-a-dir")
			h.must(os.WriteFile(home, nil, 0o600))
			return []string{"HOME=" + home}
		}, ""},
		{"sessions directory writable by others", testUser, func(h *harness) []string {
			dir := filepath.Join(h.home, ".cache", "vmrun", "sessions")
			h.must(os.MkdirAll(dir, 0o700))
			h.must(os.Chmod(dir, 0o777))
			return nil
		}, "vmrun: not keeping the session (the directory HOME/.cache/vmrun/sessions is not private: writable by others); it is logged out at the end\n"},
		{"a name too long for a file", longUser, func(h *harness) []string { return nil },
			"vmrun: not keeping the session (the user and host make too long a file name); it is logged out at the end\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "esx", func(cfg *sim.Config) { cfg.User = c.user })
			env := append(cachedEnviron(h.home, h.xdg), c.setup(h)...)
			args := []string{"-T", "esx", "-h", h.hostArg(), "-u", c.user, "-p", testPass, "--insecure", "list"}
			h.s.ResetCalls()
			for i := 0; i < 3; i++ {
				r := runVmrunEnv(t, env, args...)
				if want := strings.ReplaceAll(c.stderr, "HOME", h.home); r.Code != 0 || r.Stderr != want {
					t.Errorf("run %d: want exit 0 and stderr %q\n%s", i, want, r.Describe())
				}
			}
			if in, out := h.s.CallCount("Login"), h.s.CallCount("Logout"); in != 3 || out != 3 {
				t.Errorf("Login %d, Logout %d: want 3 and 3", in, out)
			}
			if n := h.s.Sessions(); n != 0 {
				t.Errorf("%d sessions left on the server", n)
			}
		})
	}
}

// lockHeld takes the session lock as another vmrun would, and lets it go at the test's end.
func (h *harness) lockHeld() string {
	h.t.Helper()
	dir := filepath.Join(h.home, ".cache", "vmrun", "sessions")
	h.must(os.MkdirAll(dir, 0o700))
	path := filepath.Join(dir, testUser+"@"+h.s.Addr+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	h.must(err)
	h.must(syscall.Flock(int(f.Fd()), syscall.LOCK_EX))
	h.t.Cleanup(func() { f.Close() })
	return path
}

// openedBy is closed once process pid has `path` open (its wait for the lock has begun).
func openedBy(pid int, path string) <-chan struct{} {
	ready := make(chan struct{})
	go func() {
		fdDir := "/proc/" + strconv.Itoa(pid) + "/fd"
		for deadline := time.Now().Add(runLimit); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			entries, _ := os.ReadDir(fdDir)
			for _, e := range entries {
				if target, err := os.Readlink(filepath.Join(fdDir, e.Name())); err == nil && target == path {
					close(ready)
					return
				}
			}
		}
	}()
	return ready
}

// A signal while waiting for another process's session lock ends the command at once.
func TestSignalDuringSessionLockWait(t *testing.T) {
	h := newHarness(t, "esx", nil)
	h.sessionCache = true
	lock := h.lockHeld()
	h.s.ResetCalls()
	run := h.startVmrun(append(h.conn("--insecure", "--timeout=60"), "list")...)
	r := run.signalAndWait(t, openedBy(run.cmd.Process.Pid, lock), syscall.SIGTERM)
	r.ExpectError(t, msgCancelled)
	if n := h.s.CallCount("Login"); n != 0 {
		t.Errorf("logged in while waiting for the lock: %v", h.s.Calls())
	}
}

// A holder that never lets go costs a bounded wait (half the time left), then the command logs
// in on its own, succeeds, and logs its session out rather than replace the holder's.
func TestStuckSessionLockHolder(t *testing.T) {
	h := newHarness(t, "esx", nil)
	h.sessionCache = true
	lock := h.lockHeld()
	h.s.ResetCalls()
	r := h.run("--timeout=4", "list")
	if r.Code != 0 || h.s.CallCount("Login") != 1 || h.s.CallCount("Logout") != 1 {
		t.Errorf("want success with one Login and one Logout\n%s\ncalls %v", r.Describe(), h.s.Calls())
	}
	want := "vmrun: not keeping the session (Cannot lock " + lock + ": another vmrun holds it); it is logged out at the end\n"
	if r.Stderr != want {
		t.Errorf("stderr %q, want %q", r.Stderr, want)
	}
	if _, err := os.Stat(h.sessionFile()); !os.IsNotExist(err) {
		t.Errorf("a session was kept without the lock: %v", err)
	}
}

// Lock files planted as symbolic links are not followed: their targets are never created.
func TestPlantedLockLinks(t *testing.T) {
	h := newHarness(t, "esx", nil)
	h.sessionCache = true
	target := filepath.Join(h.home, "created-through-link")

	// The session lock: the command goes on without it.
	dir := filepath.Join(h.home, ".cache", "vmrun", "sessions")
	h.must(os.MkdirAll(dir, 0o700))
	h.must(os.Symlink(target, filepath.Join(dir, testUser+"@"+h.s.Addr+".lock")))
	if r := h.run("list"); r.Code != 0 {
		t.Errorf("with a planted session lock link:\n%s", r.Describe())
	}
	// known_hosts.lock, on first use: nothing is recorded, and the command says why.
	cfg := filepath.Join(h.xdg, "vmrun")
	h.must(os.MkdirAll(cfg, 0o700))
	lock := filepath.Join(cfg, "known_hosts.lock")
	h.must(os.Symlink(target, lock))
	r := h.vmrun(append(h.conn(), "list")...)
	r.ExpectError(t, msgUnableToConnect, "Error: Cannot create "+lock+": it is a symbolic link")
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("the link's target was created: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg, "known_hosts")); !os.IsNotExist(err) {
		t.Errorf("known_hosts was written through a planted lock: %v", err)
	}
}

// A cached reference the server no longer knows (here the root folder) is read again once and
// kept: the listing succeeds, and the next one is one call again.
func TestStaleCachedRootFolder(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		h.sessionCache = true
		want := h.run("list")
		text, err := os.ReadFile(h.sessionFile())
		h.must(err)
		var spoiled []string
		for _, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(line, "ref root_folder ") {
				line = "ref root_folder Folder gone-1"
			}
			spoiled = append(spoiled, line)
		}
		h.must(os.WriteFile(h.sessionFile(), []byte(strings.Join(spoiled, "\n")), 0o600))
		h.expectCalls([]string{"RetrievePropertiesEx", "RetrieveServiceContent", "RetrievePropertiesEx"}, "list").
			Expect(t, 0, strings.Split(strings.TrimSuffix(want.Stdout, "\n"), "\n")...)
		h.expectCalls([]string{"RetrievePropertiesEx"}, "list")
	})
}

// A --ca-file that cannot be read is named before anything is sent.
func TestUnreadableCaFile(t *testing.T) {
	h := newHarness(t, "esx", nil)
	missing := filepath.Join(h.home, "no-such-ca.pem")
	h.s.ResetCalls()
	r := h.vmrun(append(h.conn("--ca-file="+missing), "list")...)
	r.ExpectError(t, msgInvalidParams)
	if want := "vmrun: cannot read the --ca-file " + missing + ": No such file or directory\n"; r.Stderr != want {
		t.Errorf("stderr %q, want %q", r.Stderr, want)
	}
	if calls := h.s.Calls(); len(calls) != 0 {
		t.Errorf("calls made: %v", calls)
	}
}
