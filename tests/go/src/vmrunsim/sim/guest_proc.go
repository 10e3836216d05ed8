// SPDX-License-Identifier: Apache-2.0

package sim

// Guest processes: GuestProcessManager.
//
// StartProgramInGuest does what open-vm-tools does on Linux: it checks that programPath exists
// (FileNotFound otherwise), then runs the command line `"<programPath>" <arguments>` with
// `/bin/sh -c`, so the arguments are split, expanded and redirected by the guest shell. The
// working directory defaults to the user's home; envVariables, when given, are the program's whole
// environment, otherwise it gets the login session's (HOME, USER, LOGNAME, SHELL, PATH, LANG).
// stdin, stdout and stderr are /dev/null (real Tools relay nothing).
//
// Pids are the guest's own (a counter from 1000 per Sim, not host pids). ListProcessesInGuest
// lists the processes started through the API (a simulated guest has no others): name = the
// program's base name, owner = the guest user, cmdLine = programPath and arguments joined by a
// space (what /proc shows for a simple command), startTime, and endTime plus exitCode once it
// has exited, kept for five minutes. A program killed by signal N exits with 128+N, as the shell
// reports it. TerminateProcessInGuest sends SIGKILL (as open-vm-tools does) and returns once the
// process is gone; an unknown or already exited pid is GuestProcessNotFound.

import (
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type guestProc struct {
	mu   sync.Mutex
	info types.GuestProcessInfo
	cmd  *exec.Cmd
	done chan struct{}
}

func (p *guestProc) snapshot() types.GuestProcessInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.info
}

func (p *guestProc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill ends the process and everything it started (its process group; with bwrap the sandbox,
// whose pid namespace dies with it).
func (p *guestProc) kill() {
	if p.running() && p.cmd.Process != nil {
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		_ = p.cmd.Process.Kill()
	}
}

func (p *guestProc) waitDone(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// shellQuote puts s in double quotes for /bin/sh.
func shellQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	return `"` + r.Replace(s) + `"`
}

// start runs a program in the guest; the caller has checked the preconditions.
func (vm *guestVM) start(program *types.GuestProgramSpec) (int64, *guestFault) {
	prog, wd, f := vm.programAndDir(program)
	if f != nil {
		return 0, f
	}
	env := program.EnvVariables
	if len(env) == 0 {
		env = vm.sessionEnv()
	}
	var cmd *exec.Cmd
	if vm.g.sandbox == "bwrap" {
		cmd = vm.sandboxed(program, wd, env)
	} else {
		cmd = exec.Command("/bin/sh", "-c", commandLine(shellQuote(prog.host), program.Arguments))
		cmd.Dir = wd.host
		cmd.Env = env
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return 0, faultSystem(err)
	}
	p := &guestProc{cmd: cmd, done: make(chan struct{})}
	pid, f := vm.register(p, program)
	if f != nil {
		return 0, f
	}
	go p.reap()
	return pid, nil
}

// commandLine is a program and its arguments as one shell line.
func commandLine(program, arguments string) string {
	if arguments != "" {
		return program + " " + arguments
	}
	return program
}

// programAndDir resolves the program and its working directory (the user's home when none is
// given), with the faults the guest would answer for either.
func (vm *guestVM) programAndDir(program *types.GuestProgramSpec) (prog, wd resolved, f *guestFault) {
	prog, f = vm.resolve(program.ProgramPath, true)
	if f != nil {
		return prog, wd, f
	}
	if !vm.canRead(prog.guest) {
		return prog, wd, faultDenied()
	}
	if _, err := os.Stat(prog.host); err != nil {
		return prog, wd, faultNotFound(program.ProgramPath)
	}
	wdGiven := program.WorkingDirectory
	if wdGiven == "" {
		wdGiven = homeOf(vm.user)
	}
	wd, f = vm.resolve(wdGiven, true)
	if f != nil {
		return prog, wd, f
	}
	if fi, err := os.Stat(wd.host); err != nil {
		return prog, wd, faultNotFound(wdGiven)
	} else if !fi.IsDir() {
		return prog, wd, faultNotADirectory(wdGiven)
	}
	if !vm.canRead(wd.guest) {
		return prog, wd, faultDenied()
	}
	return prog, wd, nil
}

// sandboxed is the program's command confined by bubblewrap to the guest root (the host's
// system directories read-only), with its own pid, IPC and host name, as the guest user, in the
// working directory, with exactly env.
func (vm *guestVM) sandboxed(program *types.GuestProgramSpec, wd resolved, env []string) *exec.Cmd {
	args := []string{"--bind", vm.root, "/"}
	for _, m := range vm.g.mounts {
		args = append(args, "--ro-bind", m.host, m.guest)
	}
	args = append(args, "--proc", "/proc", "--dev", "/dev",
		"--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "vmrunsim-guest",
		"--die-with-parent", "--new-session")
	if vm.uid != 0 {
		args = append(args, "--unshare-user", "--uid", "1000", "--gid", "1000")
	}
	args = append(args, "--chdir", wd.guest, "--clearenv")
	for _, kv := range env {
		if i := strings.IndexByte(kv, '='); i > 0 {
			args = append(args, "--setenv", kv[:i], kv[i+1:])
		}
	}
	args = append(args, "/bin/sh", "-c", commandLine(shellQuote(program.ProgramPath), program.Arguments))
	cmd := exec.Command(vm.g.bwrap, args...)
	cmd.Env = []string{}
	return cmd
}

// register gives a started process the VM's next pid in its process table; once the guest
// operations have shut down it kills the process instead.
func (vm *guestVM) register(p *guestProc, program *types.GuestProgramSpec) (int64, *guestFault) {
	g := vm.g
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		p.kill()
		_ = p.cmd.Wait()
		return 0, faultUnavailable()
	}
	defer g.mu.Unlock()
	pid := g.nextPid
	g.nextPid++
	p.info = types.GuestProcessInfo{
		Name:      path.Base(program.ProgramPath),
		Pid:       pid,
		Owner:     vm.user,
		CmdLine:   commandLine(program.ProgramPath, program.Arguments),
		StartTime: time.Now().UTC(),
	}
	if g.procs[vm.ref] == nil {
		g.procs[vm.ref] = map[int64]*guestProc{}
	}
	g.procs[vm.ref][pid] = p
	return pid, nil
}

// reap waits for the process and records its end time and exit code (128 + the signal, as a
// shell says, for a process killed by one).
func (p *guestProc) reap() {
	_ = p.cmd.Wait()
	code := int32(0)
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok {
		if ws.Signaled() {
			code = 128 + int32(ws.Signal())
		} else {
			code = int32(ws.ExitStatus())
		}
	}
	end := time.Now().UTC()
	p.mu.Lock()
	p.info.EndTime = &end
	p.info.ExitCode = code
	p.mu.Unlock()
	close(p.done)
}

// processes returns the VM's process table, oldest pid first, without exited processes older
// than guestProcessKeep.
func (g *guestOps) processes(ref types.ManagedObjectReference) []*guestProc {
	g.mu.Lock()
	defer g.mu.Unlock()
	m := g.procs[ref]
	var out []*guestProc
	for _, pid := range sortedPids(m) {
		p := m[pid]
		info := p.snapshot()
		if info.EndTime != nil && time.Since(*info.EndTime) > guestProcessKeep {
			delete(m, pid)
			continue
		}
		out = append(out, p)
	}
	return out
}

// ---- GuestProcessManager ----

type guestProcessManager struct {
	mo.GuestProcessManager
	g *guestOps
}

func (m *guestProcessManager) StartProgramInGuest(req *types.StartProgramInGuest) soap.HasFault {
	pid, f := m.startProgram(req)
	return guestReply(types.StartProgramInGuestResponse{Returnval: pid}, f)
}

func (m *guestProcessManager) startProgram(req *types.StartProgramInGuest) (int64, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return 0, f
	}
	return vm.start(req.Spec.GetGuestProgramSpec())
}

func (m *guestProcessManager) ListProcessesInGuest(req *types.ListProcessesInGuest) soap.HasFault {
	list, f := m.listProcesses(req)
	return guestReply(types.ListProcessesInGuestResponse{Returnval: list}, f)
}

// listProcesses lists the process table, or only the pids asked for.
func (m *guestProcessManager) listProcesses(req *types.ListProcessesInGuest) ([]types.GuestProcessInfo, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return nil, f
	}
	want := map[int64]bool{}
	for _, pid := range req.Pids {
		want[pid] = true
	}
	var list []types.GuestProcessInfo
	for _, p := range m.g.processes(vm.ref) {
		info := p.snapshot()
		if len(want) == 0 || want[info.Pid] {
			list = append(list, info)
		}
	}
	return list, nil
}

func (m *guestProcessManager) TerminateProcessInGuest(req *types.TerminateProcessInGuest) soap.HasFault {
	return guestReply(types.TerminateProcessInGuestResponse{}, m.terminateProcess(req))
}

// terminateProcess kills a running process and returns once it is gone.
func (m *guestProcessManager) terminateProcess(req *types.TerminateProcessInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	m.g.mu.Lock()
	p := m.g.procs[vm.ref][req.Pid]
	m.g.mu.Unlock()
	if p == nil || !p.running() {
		return &guestFault{"The process " + strconv.FormatInt(req.Pid, 10) + " was not found",
			&types.GuestProcessNotFound{Pid: req.Pid}}
	}
	p.kill()
	p.waitDone(5 * time.Second)
	return nil
}

func (m *guestProcessManager) ReadEnvironmentVariableInGuest(req *types.ReadEnvironmentVariableInGuest) soap.HasFault {
	vars, f := m.readEnvironment(req)
	return guestReply(types.ReadEnvironmentVariableInGuestResponse{Returnval: vars}, f)
}

// readEnvironment reads the login session's environment: all of it, or the names asked for.
func (m *guestProcessManager) readEnvironment(req *types.ReadEnvironmentVariableInGuest) ([]string, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return nil, f
	}
	env := vm.sessionEnv()
	if len(req.Names) == 0 {
		return env, nil
	}
	var vars []string
	for _, name := range req.Names {
		for _, kv := range env {
			if strings.HasPrefix(kv, name+"=") {
				vars = append(vars, kv)
			}
		}
	}
	return vars, nil
}

// sortedPids returns the keys of a process table in order.
func sortedPids(m map[int64]*guestProc) []int64 {
	pids := make([]int64, 0, len(m))
	for pid := range m {
		pids = append(pids, pid)
	}
	sort.Slice(pids, func(i, j int) bool { return pids[i] < pids[j] })
	return pids
}
