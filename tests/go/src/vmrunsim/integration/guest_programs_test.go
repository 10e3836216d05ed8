// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmrunsim/sim"
)

// Guest programs, scripts, processes, environment, and the guest-login and power preconditions
// (docs/behaviour.md#guest-programs, docs/behaviour.md#guest-scripts, docs/behaviour.md#verb-output,
// docs/behaviour.md#exit-status, docs/behaviour.md#credentials, docs/behaviour.md#variables).

func TestGuestRunProgram(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		// Success is silent; the effect is in the guest.
		h.g("runProgramInGuest", vmx, "/usr/bin/touch", "/tmp/ready").ExpectOK(t)
		if !h.s.GuestFileExists(vmx, "/tmp/ready") {
			t.Errorf("/tmp/ready was not created in the guest")
		}
		// The remaining tokens reach the guest's shell as separate words, quoted where they
		// hold white space or quotes (docs/behaviour.md#guest-programs).
		h.g("runProgramInGuest", vmx, "/bin/sh", "-c", `printf '%s|' "$@" > /tmp/args`, "argv0", "a b", "c", `it's`).ExpectOK(t)
		h.expectGuestFile(vmx, "/tmp/args", "a b|c|it's|")
		// The program runs as the guest user, in its home directory.
		h.g("runProgramInGuest", vmx, "/bin/sh", "-c", `echo "$(id -un 2>/dev/null || id -u):$HOME:$(pwd)" > /tmp/who`).ExpectOK(t)
		h.expectGuestFile(vmx, "/tmp/who", "user:/home/user:/home/user\n")
		// -activeWindow and -interactive are accepted.
		h.g("runProgramInGuest", vmx, "-activeWindow", "-interactive", "/usr/bin/touch", "/tmp/aw").ExpectOK(t)
		if !h.s.GuestFileExists(vmx, "/tmp/aw") {
			t.Errorf("-activeWindow -interactive: /tmp/aw was not created")
		}
	})
}

func TestGuestRunProgramExitCode(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.g("runProgramInGuest", vmx, "/bin/sh", "-c", "exit 3").Expect(t, 3, msgNonZero("3"))
		h.g("runProgramInGuest", vmx, "/bin/false").Expect(t, 1, msgNonZero("1"))
		h.g("runProgramInGuest", vmx, "/bin/sh", "-c", "exit 255").Expect(t, 255, msgNonZero("255"))
		// A program that does not exist in the guest.
		h.g("runProgramInGuest", vmx, "/usr/bin/no-such-program").ExpectError(t, msgFileNotFound)
	})
}

func TestGuestRunProgramNoWait(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		r := h.g("runProgramInGuest", vmx, "-noWait", "/bin/sleep", "120")
		r.ExpectOK(t)
		if r.Elapsed > 15*time.Second {
			t.Errorf("-noWait took %v", r.Elapsed)
		}
		var found bool
		for _, p := range h.s.GuestProcesses(vmx) {
			if p.CmdLine == "/bin/sleep 120" {
				found = true
				if !p.Running {
					t.Errorf("-noWait: the program is no longer running: %+v", p)
				}
			}
		}
		if !found {
			t.Errorf("-noWait: /bin/sleep 120 is not in the guest's process table: %+v", h.s.GuestProcesses(vmx))
		}
		// A non-zero exit is not waited for either.
		h.g("runProgramInGuest", vmx, "-noWait", "/bin/sh", "-c", "sleep 1; exit 9").ExpectOK(t)
	})
}

func TestGuestRunProgramCaptureOutput(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		before := h.guestTmpListing(vmx)
		r := h.g("runProgramInGuest", vmx, "-captureOutput", "/bin/sh", "-c", "echo out; echo err >&2; exit 4")
		// The program's stdout exactly, its stderr on ours, its exit code; no other line on
		// stdout (it would corrupt the captured output).
		r.Expect(t, 4, "out")
		if !strings.Contains(r.Stderr, "err\n") {
			t.Errorf("-captureOutput: the program's stderr is missing from vmrun's stderr\n%s", r.Describe())
		}
		h.g("runProgramInGuest", vmx, "-captureOutput", "/bin/echo", "hello", "guest world").Expect(t, 0, "hello guest world")
		// Binary-safe and multi-line.
		h.g("runProgramInGuest", vmx, "-captureOutput", "/usr/bin/seq", "3").Expect(t, 0, "1", "2", "3")
		if after := h.guestTmpListing(vmx); after != before {
			t.Errorf("-captureOutput left files in the guest's /tmp: before [%s], after [%s]", before, after)
		}
		h.g("runScriptInGuest", vmx, "-captureOutput", "/bin/sh", "echo script-out; exit 0").Expect(t, 0, "script-out")
	})
}

func TestGuestRunScript(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		before := h.guestTmpListing(vmx)
		cases := []struct{ interp, script, out, ext string }{
			{"/bin/sh", `echo "$0" > /tmp/s-sh`, "/tmp/s-sh", ".sh"},
			{"/bin/bash", "echo \"$0\" > /tmp/s-bash\necho second line >> /tmp/s-bash", "/tmp/s-bash", ".sh"},
			{"/usr/bin/python3", "import sys\nopen('/tmp/s-py', 'w').write(sys.argv[0] + '\\n')", "/tmp/s-py", ".py"},
			{"/usr/bin/perl", `open(F, ">/tmp/s-pl"); print F "$0\n"; close(F);`, "/tmp/s-pl", ".pl"},
		}
		for _, c := range cases {
			h.g("runScriptInGuest", vmx, c.interp, c.script).ExpectOK(t)
			got, ok := h.guestFile(vmx, c.out)
			if !ok {
				t.Errorf("%s: the script did not run (no %s)", c.interp, c.out)
				continue
			}
			script := strings.SplitN(got, "\n", 2)[0]
			if path.Ext(script) != c.ext {
				t.Errorf("%s: script file %q: want extension %s (docs/behaviour.md#guest-scripts)", c.interp, script, c.ext)
			}
			if h.s.GuestFileExists(vmx, script) {
				t.Errorf("%s: the script file %s was left in the guest", c.interp, script)
			}
		}
		if got, _ := h.guestFile(vmx, "/tmp/s-bash"); !strings.HasSuffix(got, "\nsecond line\n") {
			t.Errorf("multi-line script: %q", got)
		}
		// Non-zero exit of the script.
		h.g("runScriptInGuest", vmx, "/bin/sh", "exit 5").Expect(t, 5, msgNonZero("5"))
		// -noWait returns at once.
		h.g("runScriptInGuest", vmx, "-noWait", "/bin/sh", "sleep 2; touch /tmp/late").ExpectOK(t)
		if h.s.GuestFileExists(vmx, "/tmp/late") {
			t.Errorf("runScriptInGuest -noWait waited for the script")
		}
		time.Sleep(3 * time.Second)
		if !h.s.GuestFileExists(vmx, "/tmp/late") {
			t.Errorf("runScriptInGuest -noWait: the script did not run")
		}
		// Nothing left in /tmp but what the scripts wrote, and at most the -noWait run's script
		// (a vmrun that has returned cannot delete it).
		known := map[string]bool{"s-sh": true, "s-bash": true, "s-py": true, "s-pl": true, "late": true}
		for _, name := range strings.Split(before, ",") {
			known[name] = true
		}
		var left []string
		for _, name := range strings.Split(h.guestTmpListing(vmx), ",") {
			if !known[name] {
				left = append(left, name)
			}
		}
		if len(left) > 1 || len(left) == 1 && !strings.HasSuffix(left[0], ".sh") {
			t.Errorf("runScriptInGuest left files in the guest's /tmp: %v", left)
		}
	})
}

func TestGuestListAndKillProcesses(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		var pids []int64
		for _, args := range []string{"300", "301"} {
			pid, err := h.s.StartGuestProgram(vmx, "/bin/sleep", args)
			h.must(err)
			pids = append(pids, pid)
		}
		want := []string{fmt.Sprintf("Process list: %d", len(pids))}
		for i, pid := range pids {
			want = append(want, fmt.Sprintf("pid=%d, owner=user, cmd=/bin/sleep %d", pid, 300+i))
		}
		h.g("listProcessesInGuest", vmx).Expect(t, 0, want...)

		// --json (docs/behaviour.md#json).
		r := h.g("--json", "listProcessesInGuest", vmx)
		var doc struct {
			Count     int `json:"count"`
			Processes []struct {
				Pid   int64  `json:"pid"`
				Owner string `json:"owner"`
				Name  string `json:"name"`
				Cmd   string `json:"cmd"`
			} `json:"processes"`
		}
		if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil || r.Code != 0 || doc.Count != 2 || len(doc.Processes) != 2 ||
			doc.Processes[0].Pid != pids[0] || doc.Processes[0].Name != "sleep" || doc.Processes[0].Cmd != "/bin/sleep 300" ||
			doc.Processes[0].Owner != "user" {
			t.Errorf("--json listProcessesInGuest: %v %+v\n%s", err, doc, r.Describe())
		}

		h.g("killProcessInGuest", vmx, strconv.FormatInt(pids[0], 10)).ExpectOK(t)
		if p, ok := h.s.GuestProcess(vmx, pids[0]); !ok || p.Running {
			t.Errorf("killProcessInGuest: process %d still running (%+v)", pids[0], p)
		}
		if p, _ := h.s.GuestProcess(vmx, pids[1]); !p.Running {
			t.Errorf("killProcessInGuest killed the other process too")
		}
		h.g("killProcessInGuest", vmx, strconv.FormatInt(pids[0], 10)).ExpectError(t, msgNoSuchProcess)
		h.g("killProcessInGuest", vmx, "999999").ExpectError(t, msgNoSuchProcess)
	})
}

func TestGuestReadVariableEnv(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.g("readVariable", vmx, "guestEnv", "HOME").Expect(t, 0, "/home/user")
		h.g("readVariable", vmx, "guestEnv", "USER").Expect(t, 0, "user")
		h.g("readVariable", vmx, "guestEnv", "NO_SUCH_VARIABLE").Expect(t, 0, "")
	})
}

func TestGuestBadLogin(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.writeGuest(vmx, "/home/user/a.txt", "a")
		bad := append(h.conn("--insecure"), "-gu", guestUser, "-gp", "wrong")
		for _, verb := range [][]string{
			{"fileExistsInGuest", vmx, "/home/user/a.txt"},
			{"runProgramInGuest", vmx, "/usr/bin/touch", "/tmp/x"},
			{"CopyFileFromGuestToHost", vmx, "/home/user/a.txt", h.home + "/a.txt"},
			{"listProcessesInGuest", vmx},
		} {
			h.vmrun(append(append([]string(nil), bad...), verb...)...).ExpectError(t, msgBadGuestLogin)
		}
		if h.s.GuestFileExists(vmx, "/tmp/x") {
			t.Errorf("a program ran with a wrong guest password")
		}
		// A user the guest does not know.
		h.vmrun(append(h.conn("--insecure"), "-gu", "nobody", "-gp", guestPass, "fileExistsInGuest", vmx, "/tmp")...).
			ExpectError(t, msgBadGuestLogin)
		// Credentials changed in the guest.
		h.s.SetGuestCredentials("admin", "n3w")
		h.g("fileExistsInGuest", vmx, "/home/user/a.txt").ExpectError(t, msgBadGuestLogin)
		h.vmrun(append(h.conn("--insecure"), "-gu", "admin", "-gp", "n3w", "fileExistsInGuest", vmx, "/home/user/a.txt")...).
			Expect(t, 0, msgFileExists)
	})
}

func TestGuestCredentialsFromEnvironment(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.writeGuest(vmx, "/home/user/a.txt", "a")
		args := append(h.conn("--insecure"), "fileExistsInGuest", vmx, "/home/user/a.txt")
		r, _ := h.vmrunEnv([]string{"VMRUN_GUEST_USER=" + guestUser, "VMRUN_GUEST_PASSWORD=" + guestPass}, args...)
		r.Expect(t, 0, msgFileExists)
		// Flags win over the environment (docs/behaviour.md#credentials).
		r, _ = h.vmrunEnv([]string{"VMRUN_GUEST_USER=" + guestUser, "VMRUN_GUEST_PASSWORD=wrong"},
			append(h.conn("--insecure"), "-gp", guestPass, "fileExistsInGuest", vmx, "/home/user/a.txt")...)
		r.Expect(t, 0, msgFileExists)
		// Nothing given and no terminal.
		h.vmrun(args...).ExpectError(t, msgNeedGuestUser)
		h.vmrun(append(h.conn("--insecure"), "-gu", guestUser, "fileExistsInGuest", vmx, "/home/user/a.txt")...).
			ExpectError(t, msgNeedGuestPasswd)
	})
}

func TestGuestPoweredOff(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		msg := msgNotPoweredOn(vmx)
		for _, verb := range [][]string{
			{"runProgramInGuest", vmx, "/usr/bin/touch", "/tmp/x"},
			{"fileExistsInGuest", vmx, "/tmp"},
			{"directoryExistsInGuest", vmx, "/tmp"},
			{"listDirectoryInGuest", vmx, "/tmp"},
			{"CopyFileFromGuestToHost", vmx, "/etc/hostname", h.home + "/hostname"},
			{"listProcessesInGuest", vmx},
			{"readVariable", vmx, "guestEnv", "HOME"},
		} {
			r := h.g(verb...)
			r.ExpectError(t, msg)
			if r.Elapsed > 20*time.Second {
				t.Errorf("%s on a powered-off VM waited %v", verb[0], r.Elapsed)
			}
		}
	})
}

func TestGuestWaitsForTools(t *testing.T) {
	forEachGuestModel(t, func(c *sim.Config) { c.ToolsDelay = 2 * time.Second }, func(h *harness) {
		vmx := h.vmPath()
		h.writeGuest(vmx, "/home/user/a.txt", "a")
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.PowerOn(vmx))
		r := h.g("fileExistsInGuest", vmx, "/home/user/a.txt")
		r.Expect(t, 0, msgFileExists)
		if r.Elapsed < time.Second {
			t.Errorf("the verb did not wait for Tools (%v)", r.Elapsed)
		}
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.PowerOn(vmx))
		h.g("runProgramInGuest", vmx, "/usr/bin/touch", "/tmp/after-boot").ExpectOK(t)
		if !h.s.GuestFileExists(vmx, "/tmp/after-boot") {
			t.Errorf("runProgramInGuest after waiting for Tools: no effect")
		}
	})
}

func TestGuestPowerOffKillsPrograms(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.g("runProgramInGuest", vmx, "-noWait", "/bin/sh", "-c", "while :; do echo x >> /tmp/tick; sleep 0.05; done").ExpectOK(t)
		time.Sleep(300 * time.Millisecond)
		h.run("stop", vmx, "hard").ExpectOK(t)
		time.Sleep(200 * time.Millisecond)
		a, _ := h.guestFile(vmx, "/tmp/tick")
		time.Sleep(500 * time.Millisecond)
		b, _ := h.guestFile(vmx, "/tmp/tick")
		if a == "" || len(a) != len(b) {
			t.Errorf("the guest program survived the power-off (%d -> %d bytes)", len(a), len(b))
		}
	})
}
