// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Program is one run of a program under test.
type Program struct {
	Name string   // how messages name it ("vmrun", a scenario program)
	Path string   // the executable
	Args []string // its arguments
	Env  []string // its whole environment
	// Setsid starts it in a new session, so that there is no controlling terminal to prompt on.
	Setsid bool
	// Measured runs it under the rusage helper (see rusage.go), which reports its peak resident
	// set size in Result.RSSKiB; ASLimit, when not 0, caps its address space (bytes) there.
	Measured bool
	ASLimit  uint64
	// Describe shows a run in the hang message (Result.Describe when nil).
	Describe func(Result) string
}

// Result is what a program run did.
type Result struct {
	Name    string
	Args    []string
	Stdout  string
	Stderr  string
	Code    int
	Elapsed time.Duration
	RSSKiB  int64 // the peak resident set size, for a Measured run
}

// Run runs the program with stdin from /dev/null and kills it after limit: a hang, or a program
// that could not run at all, fails the test instead of blocking the suite.
func (p Program) Run(t *testing.T, limit time.Duration) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd, rss := p.command(ctx, t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Result{Name: p.Name, Args: p.Args, Stdout: stdout.String(), Stderr: stderr.String(), Elapsed: time.Since(start)}
	if cmd.ProcessState != nil { // nil when it could not start
		r.Code = cmd.ProcessState.ExitCode() // -1 for one killed by a signal, a hang's kill too
	}
	if ctx.Err() == context.DeadlineExceeded {
		describe := p.Describe
		if describe == nil {
			describe = Result.Describe
		}
		t.Fatalf("no exit within %v (hang): killed\n%s", limit, describe(r))
	}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("%s %s: %v", p.Name, QuoteArgs(p.Args), err)
		}
	}
	if rss != nil {
		r.RSSKiB = rss.read(t, r)
	}
	return r
}

// command is the program's command, ended when ctx is; for a Measured run the rusage helper's,
// with where it reports.
func (p Program) command(ctx context.Context, t *testing.T) (*exec.Cmd, *rusageReport) {
	t.Helper()
	var rss *rusageReport
	var cmd *exec.Cmd
	if p.Measured {
		rss = newRusageReport(t)
		cmd = rss.command(ctx, t, p)
	} else {
		cmd = exec.CommandContext(ctx, p.Path, p.Args...)
		cmd.Env = []string{} // never the test's own environment, even when p.Env is empty
	}
	cmd.Env = append(cmd.Env, p.Env...)
	if p.Setsid {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	return cmd, rss
}

// QuoteArgs shows arguments as a shell would take them, with the password hidden.
func QuoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == Password {
			a = "***"
		}
		if strings.ContainsAny(a, " \t\"'[]") || a == "" {
			a = strconv.Quote(a)
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// Describe shows the run for a failure message.
func (r Result) Describe() string {
	return r.Name + " " + QuoteArgs(r.Args) + "\nexit: " + strconv.Itoa(r.Code) + "\nstdout:\n" + r.Stdout +
		"stderr:\n" + r.Stderr
}

// Expect asserts the exit code and that stdout is exactly these lines, each ending in "\n".
func (r Result) Expect(t *testing.T, code int, lines ...string) {
	t.Helper()
	want := ""
	if len(lines) > 0 {
		want = strings.Join(lines, "\n") + "\n"
	}
	if r.Code != code || r.Stdout != want {
		t.Errorf("unexpected result\nwant exit %d, stdout:\n%s\ngot %s", code, want, r.Describe())
	}
}

// ExpectOK asserts exit 0 and no stdout (vmrun's action verbs print nothing on success).
func (r Result) ExpectOK(t *testing.T) {
	t.Helper()
	r.Expect(t, 0)
}

// ExpectError asserts exit 255 and exactly these stdout lines.
func (r Result) ExpectError(t *testing.T, lines ...string) {
	t.Helper()
	r.Expect(t, 255, lines...)
}
