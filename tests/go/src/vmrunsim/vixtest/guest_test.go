// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
)

// Guest operations through libvix (docs/behaviour.md#libvix-guest): the simulator's guests are directories whose
// programs bubblewrap confines, with one guest account.

// forEachGuestModel is forEachModel for guest tests: without bubblewrap the simulator cannot run
// guest programs, and the test fails rather than skipping.
func forEachGuestModel(t *testing.T, tweak func(*sim.Config), f func(h *harness, user, pass string)) {
	forEachModel(t, tweak, func(h *harness) {
		if sb := h.s.GuestSandbox(); sb != "bwrap" {
			h.t.Fatalf("guest tests need bubblewrap (bwrap), sandbox is %q: run scripts/install-deps.sh", sb)
		}
		user, pass := h.s.GuestCredentials()
		f(h, user, pass)
	})
}

// guest runs vix_guest with these arguments against the model's first VM.
func (h *harness) guest(args ...string) result {
	h.t.Helper()
	return h.run(h.environ(h.vmPath()), "vix_guest", args...)
}

func TestGuestLogin(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness, user, pass string) {
		vmx := h.vmPath()
		// No login: every guest function refuses (3018) and asks nothing of the guest.
		h.guest("tools", "10", "exists", "/etc/hostname", "ls", "/tmp", "run", "/bin/true", "",
			"mkdir", "/tmp/anon", "logout").Expect(t, 0, "connect: ok", "open: ok", "tools: ok",
			"exists: error 3018", "ls: error 3018", "run: error 3018", "mkdir: error 3018", "logout: ok")
		if h.s.GuestDirExists(vmx, "/tmp/anon") {
			t.Errorf("mkdir without a login created the directory")
		}
		// Bad credentials (3015, checked at login), the retired special names (3032); a failed
		// login leaves none behind.
		h.guest("login", user, "wrong", "exists", "/etc/hostname",
			"login", "__VMware_Vix_Guest_User_Admin__", pass,
			"login", "__VMware_Vix_Guest_Console_User__", "",
			"login", user, pass, "login", "nobody", pass, "exists", "/etc/hostname").Expect(t, 0,
			"connect: ok", "open: ok", "login: error 3015", "exists: error 3018",
			"login: error 3032", "login: error 3032", "login: ok", "login: error 3015",
			"exists: error 3018")
		// The login belongs to the VM handle: a second open gets the same handle and so the
		// same login; logout ends it.
		h.guest("login", user, pass, "again", "exists", "/etc/hostname", "logout",
			"exists", "/etc/hostname").Expect(t, 0, "connect: ok", "open: ok", "login: ok",
			"again: ok", "same handle: 1", "exists: ok", "exists: 1", "logout: ok",
			"exists: error 3018")

		// The interactive flag goes with the login (the simulated guest's user is logged in).
		h.guest("login-interactive", user, pass, "run", "/bin/true", "").Expect(t, 0, "connect: ok",
			"open: ok", "login-interactive: ok", "run: ok", "exit code: 0, pid set: 1, elapsed sane: 1")

		// Tools not installed (3016), then a powered-off VM (3006).
		h.must(h.s.SetToolsInstalled(vmx, false))
		h.guest("tools", "5", "login", user, pass).Expect(t, 0, "connect: ok", "open: ok",
			"tools: error 3016", "login: error 3016")
		h.must(h.s.SetToolsInstalled(vmx, true))
		h.must(h.s.PowerOff(vmx))
		h.guest("tools", "5", "login", user, pass).Expect(t, 0, "connect: ok", "open: ok",
			"tools: error 3006", "login: error 3006")
		if n := h.s.Sessions(); n != 0 {
			t.Errorf("%d session(s) left logged in", n)
		}
	})
}

// VixVM_WaitForToolsInGuest waits for Tools that start after power-on, up to its timeout
// (then VIX_E_TIMEOUT_WAITING_FOR_TOOLS).
func TestGuestWaitForTools(t *testing.T) {
	forEachGuestModel(t, func(c *sim.Config) { c.ToolsDelay = 4 * time.Second }, func(h *harness, user, pass string) {
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.PowerOn(vmx))
		start := time.Now()
		h.guest("tools", "1", "tools", "0", "login", user, pass).Expect(t, 0, "connect: ok", "open: ok",
			"tools: error 3000", "tools: ok", "login: ok")
		if running := h.s.ToolsRunningStatus(vmx); running != "guestToolsRunning" {
			t.Errorf("tools: ok while Tools are %q", running)
		}
		if elapsed := time.Since(start); elapsed < 2*time.Second {
			t.Errorf("the scenario did not wait for Tools (%v)", elapsed)
		}
	})
}

func TestGuestFiles(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness, user, pass string) {
		vmx := h.vmPath()
		login := []string{"login", user, pass}
		h.must(h.s.WriteGuestFile(vmx, "/home/user/docs/a.txt", []byte("abc"), 0o644))
		h.must(h.s.WriteGuestFile(vmx, "/home/user/docs/sub/z", []byte("z"), 0o644))
		mtime := func(p string) int64 {
			fi, err := h.s.GuestStat(vmx, p)
			h.must(err)
			return fi.ModTime().Unix()
		}

		// Exists: a missing path is FALSE, not an error; a directory is not a file.
		h.guest(append(login, "exists", "/home/user/docs/a.txt", "exists", "/home/user/docs/b",
			"exists", "/home/user/docs", "direxists", "/home/user/docs", "direxists",
			"/home/user/nodir", "direxists", "/home/user/docs/a.txt")...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok", "exists: ok", "exists: 1", "exists: ok",
			"exists: 0", "exists: ok", "exists: 0", "direxists: ok", "exists: 1",
			"direxists: ok", "exists: 0", "direxists: ok", "exists: 0")

		// File information and listings, read against the guest's own file system.
		// The listing comes in the server's order: compared sorted.
		listing := h.guest(append(login, "info", "/home/user/docs/a.txt", "info", "/home/user/docs/sub",
			"info", "/home/user/docs/none", "ls", "/home/user/docs", "ls", "/home/user/none")...)
		listing.Stdout = sortEntries(listing.Stdout)
		listing.Expect(t, 0,
			"connect: ok", "open: ok", "login: ok",
			"info: ok", fmt.Sprintf("size 3, flags 0, mtime %d", mtime("/home/user/docs/a.txt")),
			"info: ok", fmt.Sprintf("size 0, flags 1, mtime %d", mtime("/home/user/docs/sub")),
			"info: error 4",
			"ls: ok",
			fmt.Sprintf("entry a.txt, size 3, flags 0, mtime %d", mtime("/home/user/docs/a.txt")),
			fmt.Sprintf("entry sub, size 0, flags 1, mtime %d", mtime("/home/user/docs/sub")),
			"ls: error 4")

		// Directories: parents are created; an existing one is VIX_E_FILE_ALREADY_EXISTS;
		// deletion is recursive.
		h.guest(append(login, "mkdir", "/home/user/x/y/z", "mkdir", "/home/user/x")...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok", "mkdir: ok", "mkdir: error 12")
		if !h.s.GuestDirExists(vmx, "/home/user/x/y/z") {
			t.Errorf("mkdir did not create /home/user/x/y/z")
		}
		h.must(h.s.WriteGuestFile(vmx, "/home/user/x/y/f", []byte("f"), 0o644))
		h.guest(append(login, "rmdir", "/home/user/x", "rmdir", "/home/user/x")...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok", "rmdir: ok", "rmdir: error 4")
		if h.s.GuestDirExists(vmx, "/home/user/x") {
			t.Errorf("rmdir left /home/user/x")
		}

		// Copies both ways, a file and a directory (merged, overwriting).
		hostDir := t.TempDir()
		src := filepath.Join(hostDir, "up.txt")
		h.must(ioutil.WriteFile(src, []byte("from the client\n"), 0o644))
		tree := filepath.Join(hostDir, "tree")
		h.must(os.MkdirAll(filepath.Join(tree, "inner"), 0o755))
		h.must(ioutil.WriteFile(filepath.Join(tree, "inner", "deep.txt"), []byte("deep"), 0o644))
		h.must(h.s.WriteGuestFile(vmx, "/home/user/tree/old.txt", []byte("old"), 0o644))
		back := filepath.Join(hostDir, "back.txt")
		backTree := filepath.Join(hostDir, "back-tree")
		h.guest(append(login, "copy-to", src, "/home/user/up.txt", "copy-to", tree, "/home/user/tree",
			"copy-from", "/home/user/docs/a.txt", back, "copy-from", "/home/user/tree", backTree,
			"copy-to", filepath.Join(hostDir, "missing"), "/home/user/m.txt",
			"copy-from", "/home/user/missing", filepath.Join(hostDir, "m"))...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok", "copy-to: ok", "copy-to: ok", "copy-from: ok",
			"copy-from: ok", "copy-to: error 4", "copy-from: error 4")
		expectGuest(h, vmx, "/home/user/up.txt", "from the client\n")
		expectGuest(h, vmx, "/home/user/tree/inner/deep.txt", "deep")
		expectGuest(h, vmx, "/home/user/tree/old.txt", "old")
		expectHost(t, back, "abc")
		expectHost(t, filepath.Join(backTree, "old.txt"), "old")
		expectHost(t, filepath.Join(backTree, "inner", "deep.txt"), "deep")

		// Rename (files and directories), delete, temporary files.
		r := h.guest(append(login, "mv", "/home/user/up.txt", "/tmp/moved.txt", "mv",
			"/home/user/tree", "/home/user/tree2", "rm", "/tmp/moved.txt", "rm", "/tmp/moved.txt",
			"mktemp")...)
		lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
		temp := ""
		if n := len(lines); n > 0 && strings.HasPrefix(lines[n-1], "temp: ") {
			temp = strings.TrimPrefix(lines[n-1], "temp: ")
			lines = lines[:n-1]
		}
		r.Stdout = strings.Join(lines, "\n") + "\n"
		r.Expect(t, 0, "connect: ok", "open: ok", "login: ok", "mv: ok", "mv: ok", "rm: ok",
			"rm: error 4", "mktemp: ok")
		if h.s.GuestFileExists(vmx, "/home/user/up.txt") || h.s.GuestFileExists(vmx, "/tmp/moved.txt") {
			t.Errorf("mv + rm left a file behind")
		}
		expectGuest(h, vmx, "/home/user/tree2/inner/deep.txt", "deep")
		if temp == "" || !h.s.GuestFileExists(vmx, temp) {
			t.Errorf("mktemp: no temporary file %q in the guest\n%s", temp, r.Describe())
		}
	})
}

func TestGuestPrograms(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness, user, pass string) {
		vmx := h.vmPath()
		login := []string{"login", user, pass}
		// A non-zero exit code is a result, not an error; the arguments are one command line.
		h.guest(append(login, "run", "/bin/sh", "-c 'echo ran > /tmp/ran; exit 3'",
			"run", "/no/such/program", "",
			"script", "/bin/sh", "echo script > /tmp/script; exit 5")...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok",
			"run: ok", "exit code: 3, pid set: 1, elapsed sane: 1",
			"run: error 4",
			"run: ok", "exit code: 5, pid set: 1, elapsed sane: 1")
		expectGuest(h, vmx, "/tmp/ran", "ran\n")
		expectGuest(h, vmx, "/tmp/script", "script\n")

		// Guest environment variables are the logged-in user's; an unset one reads "".
		h.guest(append(login, "env", "USER", "env", "NO_SUCH_VARIABLE")...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok",
			fmt.Sprintf("env USER: ok %q", user), `env NO_SUCH_VARIABLE: ok ""`)

		// RETURN_IMMEDIATELY: the pid, time and exit code 0; the program is still running.
		r := h.guest(append(login, "run-nowait", "/bin/sleep", "300")...)
		var pid int64
		for _, line := range strings.Split(r.Stdout, "\n") {
			if strings.HasPrefix(line, "pid: ") {
				fmt.Sscanf(line, "pid: %d", &pid)
			}
		}
		r.Expect(t, 0, "connect: ok", "open: ok", "login: ok", "run-nowait: ok",
			fmt.Sprintf("pid: %d, exit code: 0, elapsed: 0", pid))
		p, ok := h.s.GuestProcess(vmx, pid)
		if !ok || !p.Running {
			t.Fatalf("run-nowait: process %d is not running in the guest (%+v)", pid, p)
		}
		id := strconv.FormatInt(pid, 10)
		h.guest(append(login, "ps", id, "kill", id, "ps", id, "kill", id)...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok",
			"ps: ok", fmt.Sprintf("process %d: %s, %s, %s, debugged 0, started 1", pid, p.Name, p.Owner, p.CmdLine),
			"counts agree: 1",
			"kill: ok",
			"ps: ok", fmt.Sprintf("process %d: not listed", pid), "counts agree: 1",
			"kill: error 20003")
		if p, _ := h.s.GuestProcess(vmx, pid); p.Running {
			t.Errorf("kill: process %d still running", pid)
		}

		// A script with RETURN_IMMEDIATELY: the pid is the running script's (its shell's).
		r = h.guest(append(login, "script-nowait", "/bin/sh", "sleep 300")...)
		pid = 0
		for _, line := range strings.Split(r.Stdout, "\n") {
			if strings.HasPrefix(line, "pid: ") {
				fmt.Sscanf(line, "pid: %d", &pid)
			}
		}
		r.Expect(t, 0, "connect: ok", "open: ok", "login: ok", "run-nowait: ok",
			fmt.Sprintf("pid: %d, exit code: 0, elapsed: 0", pid))
		if p, ok := h.s.GuestProcess(vmx, pid); !ok || !p.Running {
			t.Errorf("script-nowait: process %d is not running in the guest (%+v)", pid, p)
		}
		h.guest(append(login, "kill", strconv.FormatInt(pid, 10))...).Expect(t, 0,
			"connect: ok", "open: ok", "login: ok", "kill: ok")
	})
}

// sortEntries sorts each run of consecutive "entry " lines.
func sortEntries(stdout string) string {
	lines := strings.Split(stdout, "\n")
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && strings.HasPrefix(lines[j], "entry ") {
			j++
		}
		if j > i {
			sort.Strings(lines[i:j])
			i = j
		} else {
			i++
		}
	}
	return strings.Join(lines, "\n")
}

func expectGuest(h *harness, vmx, p, want string) {
	h.t.Helper()
	data, err := h.s.ReadGuestFile(vmx, p)
	if err != nil {
		h.t.Errorf("guest file %s: %v", p, err)
	} else if string(data) != want {
		h.t.Errorf("guest file %s: got %q, want %q", p, data, want)
	}
}

func expectHost(t *testing.T, p, want string) {
	t.Helper()
	data, err := ioutil.ReadFile(p)
	if err != nil {
		t.Errorf("host file %s: %v", p, err)
	} else if string(data) != want {
		t.Errorf("host file %s: got %q, want %q", p, data, want)
	}
}
