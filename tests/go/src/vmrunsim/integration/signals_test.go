// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"vmrunsim/hostile"
)

// A signal at any point asks vmrun to stop: the call or wait under way ends, a started task is
// cancelled (CancelTask), what the command made is removed, the session logged out, and vmrun
// prints `Error: The operation was cancelled` and exits 255 (docs/behaviour.md#signals).

const msgCancelled = "Error: The operation was cancelled"

// signalReach bounds how long vmrun may take from the signal to its exit: curl looks at the
// signal at least once a second, then CancelTask and Logout run (each within a short grace).
const signalReach = 5 * time.Second

// started is a vmrun process that runs while the test waits for the moment to signal it.
type started struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	args           []string
	cancel         context.CancelFunc
	exited         chan struct{} // closed once the process has ended and been reaped
}

// startVmrun starts vmrun like runVmrun (clean environment, no terminal) without waiting for it.
func (h *harness) startVmrun(args ...string) *started {
	h.t.Helper()
	h.must(os.MkdirAll(h.xdg, 0o700))
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	p := &started{args: args, cancel: cancel, exited: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, vmrunBin(h.t), args...)
	p.cmd.Env = vmrunEnviron(h.home, h.xdg)
	if h.sessionCache {
		p.cmd.Env = cachedEnviron(h.home, h.xdg)
	}
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	h.must(p.cmd.Start())
	go func() {
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	h.t.Cleanup(func() {
		cancel()
		<-p.exited
	})
	return p
}

// signalAndWait sends sig once `ready` has received (or failed the test if vmrun ended or
// nothing happened first), then waits for the exit and returns what vmrun did.
func (p *started) signalAndWait(t *testing.T, ready <-chan struct{}, sig syscall.Signal) result {
	t.Helper()
	select {
	case <-ready:
	case <-p.exited:
		t.Fatalf("vmrun %s ended before the point to signal\nstdout:\n%s\nstderr:\n%s",
			quoteArgs(p.args), p.stdout.String(), p.stderr.String())
	case <-time.After(runLimit / 2):
		p.cancel()
		<-p.exited
		t.Fatalf("vmrun %s never reached the point to signal\nstdout:\n%s\nstderr:\n%s",
			quoteArgs(p.args), p.stdout.String(), p.stderr.String())
	}
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	<-p.exited
	r := result{Name: "vmrun", Args: p.args, Stdout: p.stdout.String(), Stderr: p.stderr.String(), Elapsed: time.Since(signalled),
		Code: p.cmd.ProcessState.ExitCode()}
	if r.Elapsed > signalReach {
		t.Errorf("vmrun took %v to end after %v, want under %v\n%s", r.Elapsed, sig, signalReach, r.Describe())
	}
	return r
}

// A signal while the server does not answer (a call that hangs): the call is abandoned, the
// session still logged out.
func TestSignalDuringHungCall(t *testing.T) {
	h := newHarness(t, "esx", nil)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			p := hostileProxy(t, h.s.URL, hostileOn("RetrievePropertiesEx", hostile.Silence())...)
			h.s.ResetCalls()
			run := h.startVmrun("-T", "esx", "-h", p.URL, "-u", testUser, "-p", testPass,
				"--thumbprint="+p.ThumbprintSHA256, "--timeout=60", "list")
			r := run.signalAndWait(t, p.FirstFired(), sig)
			r.ExpectError(t, msgCancelled)
			h.expectLoggedOut(r)
			if p.Seen("Logout") != 1 {
				t.Errorf("Logout went through the proxy %d times, want 1; %s", p.Seen("Logout"), p.Describe())
			}
		})
	}
}

// A signal while vmrun waits for a task the host is still running: the task is cancelled, and
// a clone it was making is gone, files and all.
func TestSignalDuringTaskWait(t *testing.T) {
	for _, c := range []struct {
		model, method string
		sig           syscall.Signal
	}{
		{"vc", "CloneVM_Task", syscall.SIGINT},
		{"esx", "CopyVirtualDisk_Task", syscall.SIGTERM},
	} {
		t.Run(c.model, func(t *testing.T) {
			h := newHarness(t, c.model, nil)
			h.prepareClone()
			src := h.vmPath()
			h.must(h.s.PowerOff(src))
			before := h.cloneState(src)
			held := h.s.HoldTasks(c.method)
			h.s.ResetCalls()
			run := h.startVmrun(append(h.conn("--insecure", "--timeout=60"),
				"clone", src, "[LocalDS_0] cut/cut.vmx", "full")...)
			r := run.signalAndWait(t, held, c.sig)
			r.ExpectError(t, msgCancelled)
			if got := h.s.CancelledTasks(); !reflect.DeepEqual(got, []string{c.method}) {
				t.Errorf("cancelled tasks %v, want [%s]; calls %v", got, c.method, h.s.Calls())
			}
			expectSettleWait(t, h.s.Calls())
			h.expectUnchanged(before, src, r)
			h.expectLoggedOut(r)
		})
	}
}

// expectSettleWait checks that after CancelTask vmrun read the task again (the simulator ends a
// cancelled task at once, its rollback done) before it went on.
func expectSettleWait(t *testing.T, calls []string) {
	t.Helper()
	for i, c := range calls {
		if c == "CancelTask" {
			if rest := calls[i+1:]; len(rest) == 0 || rest[0] != "RetrieveProperties" {
				t.Errorf("after CancelTask %v, want the task read to see it ended (RetrieveProperties)", rest)
			}
			return
		}
	}
	t.Errorf("no CancelTask in %v", calls)
}

// A host that takes its time to undo a cancelled clone: vmrun waits (within the cleanup grace)
// for the task to end, so the clone is gone when it exits.
func TestSignalWaitsForRollback(t *testing.T) {
	h := newHarness(t, "vc", nil)
	h.prepareClone()
	src := h.vmPath()
	h.must(h.s.PowerOff(src))
	before := h.cloneState(src)
	held := h.s.HoldTasks("CloneVM_Task")
	rolling := h.s.SlowRollbacks()
	h.s.ResetCalls()
	run := h.startVmrun(append(h.conn("--insecure", "--timeout=60"),
		"clone", src, "[LocalDS_0] slow/slow.vmx", "full")...)
	go func() {
		<-rolling
		// CancelTask is not answered yet; then come the read that finds the task still running
		// and a watch of it: the rollback ends while vmrun waits.
		<-h.s.CallNumberSeen("WaitForUpdatesEx", count(h.s.Calls(), "WaitForUpdatesEx")+1)
		h.s.FinishRollbacks()
	}()
	r := run.signalAndWait(t, held, syscall.SIGINT)
	r.ExpectError(t, msgCancelled)
	h.expectUnchanged(before, src, r)
	h.expectLoggedOut(r)
}

// --timeout running out while a task runs cancels the task as a signal does.
func TestTimeoutCancelsTask(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	if h.s.PowerState(vmx) != "poweredOff" {
		h.must(h.s.PowerOff(vmx))
	}
	h.s.HoldTasks("PowerOnVM_Task")
	h.s.ResetCalls()
	r := h.vmrun(append(h.conn("--insecure", "--timeout=2"), "start", vmx)...)
	r.ExpectError(t, "Error: The operation timed out after 2 seconds")
	if got := h.s.CancelledTasks(); !reflect.DeepEqual(got, []string{"PowerOnVM_Task"}) {
		t.Errorf("cancelled tasks %v, want [PowerOnVM_Task]; calls %v", got, h.s.Calls())
	}
	expectSettleWait(t, h.s.Calls())
	h.expectLoggedOut(r)
	if r.Elapsed > 4*time.Second {
		t.Errorf("vmrun took %v with --timeout=2", r.Elapsed)
	}
}

// Ctrl-C at the hidden password prompt, on a real pseudo-terminal: the terminal's echo comes
// back, nothing was sent to the server.
func TestSignalAtHiddenPrompt(t *testing.T) {
	h := newHarness(t, "esx", nil)
	pty, tty := openPty(t)
	h.must(os.MkdirAll(h.xdg, 0o700))
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	args := []string{"-T", "esx", "-h", h.s.URL, "-u", testUser, "--insecure", "list"}
	cmd := exec.CommandContext(ctx, vmrunBin(t), args...)
	cmd.Env = vmrunEnviron(h.home, h.xdg)
	// The pty becomes vmrun's controlling terminal (its /dev/tty) and it the foreground group,
	// so ^C typed on the terminal reaches it as SIGINT.
	cmd.Stdin = tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	h.s.ResetCalls()
	h.must(cmd.Start())
	tty.Close()

	seen := readUntil(t, pty, "Host password: ")
	if echoOn(t, pty) {
		t.Errorf("echo is on at the hidden prompt (terminal shows %q)", seen)
	}
	if _, err := pty.Write([]byte{0x03}); err != nil { // ^C
		t.Fatal(err)
	}
	_ = cmd.Wait()
	r := result{Name: "vmrun", Args: args, Stdout: stdout.String(), Stderr: stderr.String(), Code: cmd.ProcessState.ExitCode()}
	r.ExpectError(t, msgCancelled)
	if !echoOn(t, pty) {
		t.Errorf("vmrun left the terminal's echo off\n%s", r.Describe())
	}
	if calls := h.s.Calls(); len(calls) != 0 {
		t.Errorf("SOAP calls %v made after a cancelled prompt", calls)
	}
}

// openPty opens a new pseudo-terminal pair: the master (the test's side) and the slave.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	if err := ioctl(master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); err != nil {
		t.Fatalf("unlocking the pty: %v", err)
	}
	var n uint32
	if err := ioctl(master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); err != nil {
		t.Fatalf("naming the pty: %v", err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return master, slave
}

// readUntil reads the terminal's output until it holds want (vmrun's prompt).
func readUntil(t *testing.T, pty *os.File, want string) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 256)
		for !strings.Contains(string(seen), want) {
			n, err := pty.Read(buf)
			if err != nil {
				break
			}
			seen = append(seen, buf[:n]...)
		}
		got <- string(seen)
	}()
	select {
	case s := <-got:
		if !strings.Contains(s, want) {
			t.Fatalf("the terminal shows %q, never %q", s, want)
		}
		return s
	case <-time.After(runLimit / 2):
		t.Fatalf("no %q on the terminal", want)
	}
	return ""
}

// echoOn reads the terminal's ECHO flag (the master sees the slave's settings).
func echoOn(t *testing.T, pty *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(pty.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); err != nil {
		t.Fatalf("reading the terminal's settings: %v", err)
	}
	return tio.Lflag&syscall.ECHO != 0
}

func ioctl(fd, request, arg uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, request, arg); errno != 0 {
		return errno
	}
	return nil
}
