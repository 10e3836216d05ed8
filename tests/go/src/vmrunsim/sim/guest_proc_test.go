// SPDX-License-Identifier: Apache-2.0

package sim

// The GuestProcessManager over the wire: the guest session, arguments through the guest shell,
// environments, listing, termination, and processes dying with the power.

import (
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

func TestGuestProcesses(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		e := newGuestEnv(t, Config{Model: model})
		vmx := e.vm.Path
		if code := e.run(`echo "$HOME:$USER:$(id -u):$(pwd):$(cat /etc/hostname)" > /tmp/who; ls / > /tmp/ls; exit 3`); code != 3 {
			t.Fatalf("exit code %d", code)
		}
		who, _ := e.s.ReadGuestFile(vmx, "/tmp/who")
		if string(who) != "/home/user:user:1000:/home/user:vmrunsim-guest\n" {
			t.Fatalf("guest session: %q", who)
		}
		if code := e.run(`touch /usr/x 2>/dev/null || exit 7`); code != 7 {
			t.Fatalf("/usr is writable in the guest (exit %d)", code)
		}
		// Arguments go through the guest shell; programPath is quoted.
		e.must(e.s.WriteGuestFile(vmx, "/home/user/my prog", []byte("#!/bin/sh\necho \"$#:$1:$2\" > /tmp/args\n"), 0o755))
		pid, err := e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/home/user/my prog", Arguments: `"a b" c > /tmp/redir`})
		e.must(err)
		if code := e.wait(pid); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if args, _ := e.s.ReadGuestFile(vmx, "/tmp/args"); string(args) != "2:a b:c\n" {
			t.Fatalf("args %q", args)
		}
		_, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/nope"})
		e.wantFault(err, "FileNotFound")
		// envVariables replace the environment; workingDirectory.
		pid, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh",
			Arguments: `-c 'echo "$FOO:$HOME:$(pwd)" > /tmp/env'`, WorkingDirectory: "/tmp", EnvVariables: []string{"FOO=bar", "PATH=/bin"}})
		e.must(err)
		e.wait(pid)
		if env, _ := e.s.ReadGuestFile(vmx, "/tmp/env"); string(env) != "bar::/tmp\n" {
			t.Fatalf("env %q", env)
		}
		vars, err := e.pm.ReadEnvironmentVariable(e.ctx, e.auth, []string{"HOME", "USER", "NOPE"})
		e.must(err)
		if strings.Join(vars, ",") != "HOME=/home/user,USER=user" {
			t.Fatalf("env vars %v", vars)
		}

		// List, terminate.
		pid, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sleep", Arguments: "600"})
		e.must(err)
		ps, err := e.pm.ListProcesses(e.ctx, e.auth, nil)
		e.must(err)
		var found *types.GuestProcessInfo
		for i := range ps {
			if ps[i].Pid == pid {
				found = &ps[i]
			}
		}
		if found == nil || found.Name != "sleep" || found.Owner != "user" || found.CmdLine != "/bin/sleep 600" || found.EndTime != nil {
			t.Fatalf("process list %+v", ps)
		}
		e.must(e.pm.TerminateProcess(e.ctx, e.auth, pid))
		if p, ok := e.s.GuestProcess(vmx, pid); !ok || p.Running || p.ExitCode != 137 {
			t.Fatalf("after terminate: %+v", p)
		}
		e.wantFault(e.pm.TerminateProcess(e.ctx, e.auth, pid), "GuestProcessNotFound")
		e.wantFault(e.pm.TerminateProcess(e.ctx, e.auth, 99999), "GuestProcessNotFound")

		// Power-off kills the guest's processes.
		e.must(e.s.WriteGuestFile(vmx, "/tmp/tick", nil, 0o644))
		_, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh",
			Arguments: `-c 'while :; do echo x >> /tmp/tick; sleep 0.05; done'`})
		e.must(err)
		time.Sleep(300 * time.Millisecond)
		e.must(e.s.PowerOff(vmx))
		time.Sleep(200 * time.Millisecond)
		a, _ := e.s.ReadGuestFile(vmx, "/tmp/tick")
		time.Sleep(400 * time.Millisecond)
		b, _ := e.s.ReadGuestFile(vmx, "/tmp/tick")
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("guest program still running after power-off (%d -> %d bytes)", len(a), len(b))
		}
		if ps := e.s.GuestProcesses(vmx); len(ps) != 0 {
			t.Fatalf("process table after power-off: %+v", ps)
		}
		_, err = e.pm.ListProcesses(e.ctx, e.auth, nil)
		e.wantFault(err, "InvalidPowerState")
	})
}
