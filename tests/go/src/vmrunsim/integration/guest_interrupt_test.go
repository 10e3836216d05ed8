// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmrunsim/sim"
)

// An interrupted transfer leaves no partial host file, keeps an existing one, and exits 255 with
// an Error: line (docs/behaviour.md#guest-transfers): the connection dropping mid-download.
func TestGuestDownloadCutShort(t *testing.T) {
	forEachGuestModel(t, func(c *sim.Config) { c.GuestDownloadCut = 1 << 20 }, func(h *harness) {
		vmx := h.vmPath()
		h.waitTools(vmx)
		h.must(h.s.WriteGuestFile(vmx, "/tmp/big.bin", bytes.Repeat([]byte("x"), 4<<20), 0o644))
		dir := t.TempDir()
		dst := filepath.Join(dir, "big.bin")
		h.must(os.WriteFile(dst, []byte("old contents"), 0o644))

		h.g("CopyFileFromGuestToHost", vmx, "/tmp/big.bin", dst).ExpectError(t,
			"Error: The connection to "+h.transferAuthority(vmx)+" was cut during the transfer")
		expectOnly(t, dir, "big.bin")
		if got, _ := os.ReadFile(dst); string(got) != "old contents" {
			t.Errorf("the existing host file changed: %q", got)
		}
	})
}

// SIGTERM during a (slow) download: `Error: The operation was cancelled`, exit 255, no file left.
func TestGuestDownloadInterrupted(t *testing.T) {
	forEachGuestModel(t, func(c *sim.Config) { c.GuestDownloadRate = 1 << 20 }, func(h *harness) {
		vmx := h.vmPath()
		h.waitTools(vmx)
		h.must(h.s.WriteGuestFile(vmx, "/tmp/slow.bin", bytes.Repeat([]byte("y"), 16<<20), 0o644))
		dir := t.TempDir()
		dst := filepath.Join(dir, "slow.bin")

		ctx, cancel := context.WithTimeout(context.Background(), runLimit)
		defer cancel()
		cmd := exec.CommandContext(ctx, vmrunBin(t), h.gargs("CopyFileFromGuestToHost", vmx, "/tmp/slow.bin", dst)...)
		h.must(os.MkdirAll(h.xdg, 0o700))
		cmd.Env = vmrunEnviron(h.home, h.xdg)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		h.must(cmd.Start())
		// The transfer is under way once its temporary file exists beside the destination.
		deadline := time.Now().Add(20 * time.Second)
		for len(hostDirNames(t, dir)) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no temporary file appeared in %s", dir)
			}
			time.Sleep(20 * time.Millisecond)
		}
		h.must(cmd.Process.Signal(syscall.SIGTERM))
		_ = cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != 255 || stdout.String() != "Error: The operation was cancelled\n" {
			t.Errorf("exit %d, stdout %q, stderr %q; want 255 and the cancelled error", code, stdout.String(), stderr.String())
		}
		expectOnly(t, dir)
	})
}

// expectOnly checks that dir holds exactly these names (no temporary or partial file).
func expectOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	if got := hostDirNames(t, dir); strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
