// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// Arguments XML cannot carry are refused before connecting: sent, they would come back as the
// server's parser message (docs/behaviour.md#untrusted-text).
func TestArgumentsXMLCannotCarry(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		for _, bad := range []string{
			"[LocalDS_0] a\x01b/a.vmx",     // a C0 control
			"[LocalDS_0] caf\xe9/a.vmx",    // Latin-1, not UTF-8
			"[LocalDS_0] esc\x1b[2J/a.vmx", // a terminal escape
		} {
			h.s.ResetCalls()
			r := h.run("start", bad)
			r.ExpectError(t, msgInvalidParams)
			if calls := h.s.Calls(); len(calls) != 0 {
				t.Errorf("%q: refused after %d SOAP calls, want none: %v", bad, len(calls), calls)
			}
		}
		// Tab and non-ASCII UTF-8 are fine: they reach the server, which cannot find the VM (a
		// tab is shown escaped: it could line up forged columns).
		for _, ok := range []string{"[LocalDS_0] tab\there/a.vmx", "[LocalDS_0] café/a.vmx"} {
			h.run("start", ok).ExpectError(t, msgCannotOpen(strings.ReplaceAll(ok, "\t", `\x09`)))
		}
	})
}

// Whatever bytes a user or server supplies, output stays one line per message, escaped, and
// --json stays valid UTF-8.
func TestOutputIsEscaped(t *testing.T) {
	h := newHarness(t, "esx", nil)
	r := h.vmrun("bogus\nError: forged\x1b[2J")
	r.Expect(t, 255, `Error: Unrecognized command: bogus Error: forged\x1b[2J`)

	r = h.vmrun("--json", "bogus\xffverb\u202e")
	if r.Code != 255 || !utf8.ValidString(r.Stdout) || strings.Count(r.Stdout, "\n") != 1 {
		t.Fatalf("want one valid UTF-8 line and exit 255, got %s", r.Describe())
	}
	var doc struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.Describe())
	}
	if want := "Unrecognized command: bogus\\xffverb\u202e"; doc.Error.Message != want {
		t.Errorf("message %q, want %q", doc.Error.Message, want)
	}
	if strings.Contains(r.Stdout, "\u202e") {
		t.Errorf("a bidi control reached the output raw: %q", r.Stdout)
	}
}

// A value of the user's quoted in a hint cannot start a stderr line of its own: a line feed,
// tab or control character in VMRUN_TLS, VMRUN_THUMBPRINT, --timeout or -P is escaped.
func TestHintsQuoteValuesOnOneLine(t *testing.T) {
	h := newHarness(t, "esx", nil)
	forged := "x\nError: forged\t\x1b[2J"
	shown := `x Error: forged\x09\x1b[2J`
	for _, c := range []struct {
		env, args []string
		stderr    string
	}{
		{[]string{"VMRUN_TLS=" + forged}, nil,
			"vmrun: unknown TLS mode '" + shown + "' (use tofu, strict or insecure)"},
		{[]string{"VMRUN_THUMBPRINT=" + forged}, nil,
			"vmrun: '" + shown + "' is not a SHA-256 or SHA-1 thumbprint (hex bytes, colons optional)"},
		{nil, []string{"--timeout=" + forged},
			"vmrun: --timeout wants a whole number of seconds, not '" + shown + "'"},
		{nil, []string{"-P", forged},
			"vmrun: -P wants a port number (1-65535), not '" + shown + "'"},
	} {
		h.s.ResetCalls()
		args := append(append([]string{"-T", "esx", "-h", h.hostArg(), "-u", testUser, "-p", testPass}, c.args...), "list")
		r := runVmrunEnv(t, append(vmrunEnviron(h.home, h.xdg), c.env...), args...)
		r.ExpectError(t, msgInvalidParams)
		if r.Stderr != c.stderr+"\n" {
			t.Errorf("stderr %q, want %q", r.Stderr, c.stderr+"\n")
		}
		if calls := h.s.Calls(); len(calls) != 0 {
			t.Errorf("calls made: %v", calls)
		}
	}
}
