// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A host source that is not a regular file is refused before connecting, with its reason on
// stderr, and opening it cannot block (a FIFO with no writer would wait forever).
func TestCopyFromHostRefusesNonRegularFiles(t *testing.T) {
	h := newHarness(t, "esx", nil)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0600); err != nil {
		t.Fatal(err)
	}
	vmx := h.vmPath()
	for _, c := range []struct{ source, reason string }{
		{fifo, "Is a FIFO, not a regular file"},
		{"/dev/null", "Is a device, not a regular file"},
		{dir, "Is a directory"},
		{filepath.Join(dir, "missing"), "No such file or directory"},
	} {
		h.s.ResetCalls()
		r := h.g("CopyFileFromHostToGuest", vmx, c.source, "/tmp/x")
		r.ExpectError(t, msgFileNotFound)
		if !strings.Contains(r.Stderr, c.reason) {
			t.Errorf("%s: stderr lacks %q:\n%s", c.source, c.reason, r.Describe())
		}
		if calls := h.s.Calls(); len(calls) != 0 {
			t.Errorf("%s: refused after SOAP calls %v, want none", c.source, calls)
		}
	}
}
