// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"vmrunsim/hostile"
)

// The hostile-server suite: vmrun against a server that lies, stalls, floods and breaks HTTP and
// TLS (package vmrunsim/hostile sits between vmrun and the simulator and does the sabotage). The
// rules every case checks:
//
//   - exit 255 with exactly one "Error:" line on stdout, preceded by "Unable to connect to host."
//     when the failure is while connecting or logging in (the exact text wherever the rules fix
//     it: docs/behaviour.md#connecting);
//   - no raw control character in stdout or stderr: no byte < 0x20 but \n and \t, no DEL, no C1
//     control, no bidi control, valid UTF-8;
//   - done within --timeout + 2 s (a transfer's data phase: its stall window on top);
//   - peak RSS under 64 MiB (logged only under AddressSanitizer, whose quarantine it measures);
//   - nothing left behind: no file in vmrun's HOME, no file or temporary in a transfer's target
//     directory;
//   - and the server really did it: the proxy's rule fired (or the raw server accepted).

const (
	hostileTimeout     = 5               // --timeout of most cases, seconds
	hostileRSSLimitKiB = int64(64 << 10) // 64 MiB
	// A guard for the shared machine, not an assertion: without it a vmrun that inflates a gzip
	// bomb would take gigabytes before the RSS check could fail it. 1 GiB of address space is
	// far above what a well-behaved vmrun maps (and is not set under AddressSanitizer, which maps
	// terabytes of shadow memory).
	hostileAddressSpaceLimit = 1 << 30
)

// Texts of the rules ({P} is the server's host:port, {T} the --timeout).
const (
	hInvalid  = "The server at {P} sent an invalid reply"
	hTimedOut = "The operation timed out after {T} seconds"
)

func hStatus(code int) string { return "The server at {P} answered HTTP " + strconv.Itoa(code) }

// hConn is a failure while connecting or logging in.
func hConn(reason string) []string { return []string{msgUnableToConnect, "Error: " + reason} }

// hErr is a failure after login.
func hErr(reason string) []string { return []string{"Error: " + reason} }

// hostileRun is one vmrun run of a hostile case.
type hostileRun struct {
	result
	rssKiB int64
	home   string
}

// runHostile runs vmrun like runVmrun (fresh HOME, clean environment, no terminal, stdin from
// /dev/null), measured by testkit's rusage helper, which reports vmrun's peak RSS and applies the
// address-space guard. A vmrun still running after limit is killed and the case fails as a hang.
func runHostile(t *testing.T, limit time.Duration, args ...string) hostileRun {
	t.Helper()
	home := t.TempDir()
	xdg := filepath.Join(home, "xdg-config")
	if err := os.MkdirAll(xdg, 0o700); err != nil {
		t.Fatal(err)
	}
	p := vmrunProgram(t, vmrunEnviron(home, xdg), args...)
	p.Measured = true
	if os.Getenv("VMRUN_SANITIZED") == "" {
		p.ASLimit = hostileAddressSpaceLimit
	}
	p.Describe = func(r result) string { return hostileDescribe(hostileRun{result: r, home: home}) }
	r := p.Run(t, limit)
	return hostileRun{result: r, rssKiB: r.RSSKiB, home: home}
}

// rawControls lists what stdout or stderr must never carry: bytes < 0x20 other than \n and \t,
// DEL, invalid UTF-8, C1 controls (U+0080..U+009F) and bidi controls.
func hostileRawControls(s string) []string {
	var bad []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad = append(bad, fmt.Sprintf("invalid UTF-8 byte 0x%02x at %d", s[i], i))
		case (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f:
			bad = append(bad, fmt.Sprintf("control 0x%02x at %d", r, i))
		case r >= 0x80 && r <= 0x9f:
			bad = append(bad, fmt.Sprintf("C1 control U+%04X at %d", r, i))
		case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			bad = append(bad, fmt.Sprintf("bidi control U+%04X at %d", r, i))
		}
		i += size
		if len(bad) > 5 {
			bad = append(bad, "...")
			break
		}
	}
	return bad
}

// The rules write escapes as \xNN and \uNNNN without fixing the case of the hex digits.
var hostileEscapeRE = regexp.MustCompile(`\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}`)

func hostileFoldEscapes(s string) string {
	return hostileEscapeRE.ReplaceAllStringFunc(s, strings.ToLower)
}

// errorLines counts stdout lines that start with "Error:".
func hostileErrorLines(stdout string) int {
	n := 0
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "Error:") {
			n++
		}
	}
	return n
}

// filesUnder lists the regular files (and anything else that is not a directory) under dir.
func hostileFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// hostileRSSLimit is the bound on vmrun's peak RSS: 64 MiB, or none under AddressSanitizer.
func hostileRSSLimit() int64 {
	if os.Getenv("VMRUN_SANITIZED") != "" {
		return math.MaxInt64
	}
	return hostileRSSLimitKiB
}

func hostileProxy(t *testing.T, upstream string, rules ...hostile.Rule) *hostile.Proxy {
	t.Helper()
	p, err := hostile.NewProxy(upstream, rules...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}
