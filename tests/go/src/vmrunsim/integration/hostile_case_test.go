// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"vmrunsim/hostile"
)

// hostileCase is one hostile server and what vmrun must make of it.
type hostileCase struct {
	name  string
	rules []hostile.Rule // what the proxy sabotages (proxy cases)
	// want is stdout exactly, line by line ({P}: the server's host:port, {T}: --timeout,
	// {LIST}: the listing); alt is another stdout the rules equally allow (the case says why).
	want, alt []string
	// loose: the rules fix no text for the last line, only that it is one "Error: " line; want's
	// last line is then a prefix.
	loose bool
	// ok: the command succeeds (exit 0, no Error line); otherwise exit 255 and one Error line.
	ok bool
	// forbid lists texts that must not appear in stdout or stderr.
	forbid []string
	// timeout is --timeout (default hostileTimeout).
	timeout int
	// data is how long a transfer's data phase (which --timeout does not bound) may add to the
	// command's time: a stalled transfer's window (--timeout), or a slow one's duration.
	data time.Duration
	// listEdit, when set, maps each listing line to what vmrun must print for it.
	listEdit func(string) string
}

func (c hostileCase) seconds() int {
	if c.timeout > 0 {
		return c.timeout
	}
	return hostileTimeout
}

// limit is how long vmrun may take: --timeout + 2 s, and a transfer's data phase on top.
func (c hostileCase) limit() time.Duration {
	return time.Duration(c.seconds())*time.Second + 2*time.Second + c.data
}

// run runs vmrun for the case; a run that outlasts its limit by 10 s is killed (a hang).
func (c hostileCase) run(t *testing.T, args []string) hostileRun {
	t.Helper()
	return runHostile(t, c.limit()+10*time.Second, args...)
}

// args: the connection to server (a URL or host:port), the TLS option, --timeout, the verb.
func (c hostileCase) args(server, tlsOpt string, verb ...string) []string {
	return append([]string{"-T", "esx", "-h", server, "-u", testUser, "-p", testPass, tlsOpt,
		"--timeout=" + strconv.Itoa(c.seconds())}, verb...)
}

func (c hostileCase) expected(authority string, listing []string) []string {
	return expandHostile(c.want, authority, c.seconds(), listing, c.listEdit)
}

func expandHostile(lines []string, authority string, seconds int, listing []string, edit func(string) string) []string {
	var out []string
	for _, l := range lines {
		if l == "{LIST}" {
			for _, v := range listing {
				if edit != nil {
					v = edit(v)
				}
				out = append(out, v)
			}
			continue
		}
		l = strings.Replace(l, "{P}", authority, -1)
		out = append(out, strings.Replace(l, "{T}", strconv.Itoa(seconds), -1))
	}
	return out
}

func hostileJoinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// checkHostile asserts the rules for one run. fired is how often the server's sabotage happened
// (a case whose sabotage never happened proves nothing); targetDir, when set, must be empty.
func checkHostile(t *testing.T, c hostileCase, r hostileRun, authority string, fired int, server string,
	listing []string, targetDir string) {
	t.Helper()
	describe := hostileDescribe(r) + "\nelapsed: " + r.Elapsed.String() + ", peak RSS " + strconv.FormatInt(r.rssKiB, 10) +
		" KiB\n" + server
	if fired == 0 {
		t.Errorf("the server's sabotage never happened: the case did not reach it\n%s", describe)
	}

	wantCode := 255
	if c.ok {
		wantCode = 0
	}
	if r.Code != wantCode {
		t.Errorf("exit %d, want %d\n%s", r.Code, wantCode, describe)
	}

	got := hostileFoldEscapes(r.Stdout)
	want := c.expected(authority, listing)
	if c.loose {
		prefix := hostileJoinLines(want[:len(want)-1]) + want[len(want)-1]
		if !strings.HasPrefix(got, prefix) || strings.Count(got[len(prefix):], "\n") != 1 ||
			!strings.HasSuffix(got, "\n") {
			t.Errorf("stdout: want the lines\n%s\nthen %q and the rest of one line\n%s", hostileJoinLines(want[:len(want)-1]),
				want[len(want)-1], describe)
		}
	} else {
		ok := got == hostileFoldEscapes(hostileJoinLines(want))
		if !ok && c.alt != nil {
			ok = got == hostileFoldEscapes(hostileJoinLines(expandHostile(c.alt, authority, c.seconds(), listing, c.listEdit)))
		}
		if !ok {
			alt := ""
			if c.alt != nil {
				alt = "or\n" + hostileJoinLines(expandHostile(c.alt, authority, c.seconds(), listing, c.listEdit))
			}
			t.Errorf("stdout: want\n%s%s\n%s", hostileJoinLines(want), alt, describe)
		}
	}
	if n := hostileErrorLines(r.Stdout); n != 1-hostileBoolInt(c.ok) {
		t.Errorf("%d \"Error:\" lines on stdout, want %d\n%s", n, 1-hostileBoolInt(c.ok), describe)
	}

	for name, text := range map[string]string{"stdout": r.Stdout, "stderr": r.Stderr} {
		if bad := hostileRawControls(text); len(bad) > 0 {
			t.Errorf("raw control characters on %s: %s\n%s", name, strings.Join(bad, ", "), describe)
		}
		for _, f := range c.forbid {
			if strings.Contains(text, f) {
				t.Errorf("%s shows %q\n%s", name, f, describe)
			}
		}
	}

	if limit := c.limit(); r.Elapsed > limit {
		t.Errorf("took %v, want at most %v\n%s", r.Elapsed.Round(time.Millisecond), limit, describe)
	}

	t.Logf("exit %d in %v, peak RSS %d KiB", r.Code, r.Elapsed.Round(time.Millisecond), r.rssKiB)
	if r.rssKiB <= 0 || r.rssKiB >= hostileRSSLimit() {
		t.Errorf("peak RSS %d KiB, want under %d KiB\n%s", r.rssKiB, hostileRSSLimitKiB, describe)
	}

	if left := hostileFilesUnder(t, r.home); len(left) > 0 {
		t.Errorf("files left in vmrun's HOME: %v\n%s", left, describe)
	}
	if targetDir != "" {
		if left := hostileFilesUnder(t, targetDir); len(left) > 0 {
			t.Errorf("files left in the target directory: %v\n%s", left, describe)
		}
	}
}

func hostileBoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hostileDescribe is result.describe with stdout and stderr made safe for a terminal (a line that
// holds raw control characters is shown Go-quoted) and cut at 4 KiB each.
func hostileDescribe(r hostileRun) string {
	safe := func(text string) string {
		if len(text) > 4096 {
			text = text[:4096] + "\n[... " + strconv.Itoa(len(text)) + " bytes in all]\n"
		}
		lines := strings.SplitAfter(text, "\n")
		for i, l := range lines {
			if len(hostileRawControls(strings.TrimSuffix(l, "\n"))) > 0 {
				lines[i] = "(quoted) " + strconv.Quote(strings.TrimSuffix(l, "\n")) + "\n"
			}
		}
		return strings.Join(lines, "")
	}
	return "vmrun " + quoteArgs(r.Args) + "\nexit: " + strconv.Itoa(r.Code) + "\nstdout:\n" + safe(r.Stdout) +
		"stderr:\n" + safe(r.Stderr)
}
