// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"io/ioutil"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmrunsim/hostile"
	"vmrunsim/sim"
)

// CopyFileFromHostToGuest / CopyFileFromGuestToHost (docs/behaviour.md#guest-transfers).

func TestGuestCopyFiles(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		dir := t.TempDir()
		src := filepath.Join(dir, "src.bin")
		data := hostile.GarbageBytes(3<<20 + 17)
		h.must(ioutil.WriteFile(src, data, 0o644))

		h.g("CopyFileFromHostToGuest", vmx, src, "/home/user/copy.bin").ExpectOK(t)
		if got, err := h.s.ReadGuestFile(vmx, "/home/user/copy.bin"); err != nil || !bytes.Equal(got, data) {
			t.Errorf("host -> guest: contents differ (%d bytes, %v)", len(got), err)
		}
		// The guest file is replaced by a second copy.
		small := filepath.Join(dir, "small.txt")
		h.must(ioutil.WriteFile(small, []byte("small\n"), 0o644))
		h.g("CopyFileFromHostToGuest", vmx, small, "/home/user/copy.bin").ExpectOK(t)
		h.expectGuestFile(vmx, "/home/user/copy.bin", "small\n")
		// An empty file.
		empty := filepath.Join(dir, "empty")
		h.must(ioutil.WriteFile(empty, nil, 0o644))
		h.g("CopyFileFromHostToGuest", vmx, empty, "/tmp/empty").ExpectOK(t)
		h.expectGuestFile(vmx, "/tmp/empty", "")

		h.must(h.s.WriteGuestFile(vmx, "/home/user/from.bin", data, 0o600))
		back := filepath.Join(dir, "back.bin")
		h.g("CopyFileFromGuestToHost", vmx, "/home/user/from.bin", back).ExpectOK(t)
		if got, err := ioutil.ReadFile(back); err != nil || !bytes.Equal(got, data) {
			t.Errorf("guest -> host: contents differ (%d bytes, %v)", len(got), err)
		}
		h.g("CopyFileFromGuestToHost", vmx, "/tmp/empty", filepath.Join(dir, "empty-back")).ExpectOK(t)
		if fi, err := os.Stat(filepath.Join(dir, "empty-back")); err != nil || fi.Size() != 0 {
			t.Errorf("empty file guest -> host: %v", err)
		}

		// Errors: a guest directory or file that does not exist; nothing is left behind.
		before := strings.Join(hostDirNames(t, dir), ",")
		h.g("CopyFileFromHostToGuest", vmx, src, "/home/user/nodir/copy.bin").ExpectError(t, msgFileNotFound)
		h.g("CopyFileFromGuestToHost", vmx, "/home/user/missing.bin", filepath.Join(dir, "never")).ExpectError(t, msgFileNotFound)
		h.g("CopyFileFromGuestToHost", vmx, "/home/user/nodir/x", filepath.Join(dir, "never")).ExpectError(t, msgFileNotFound)
		if after := strings.Join(hostDirNames(t, dir), ","); after != before {
			t.Errorf("failed copies left files on the host: before [%s], after [%s]", before, after)
		}
		if names, _ := h.s.GuestListDir(vmx, "/home/user"); len(names) != 2 {
			t.Errorf("guest home after the copies: %v", names)
		}
	})
}

// TestGuestCopyBigFile: 256 MiB host -> guest -> host, equal SHA-256, and vmrun's peak resident
// memory stays under 32 MiB in both directions (streamed, docs/behaviour.md#guest-transfers). Under AddressSanitizer
// (VMRUN_SANITIZED set by the asan build) the peak measures the sanitizer's quarantine of freed
// buffers, not vmrun, so it is only logged there; the normal build of the same suite enforces it.
func TestGuestCopyBigFile(t *testing.T) {
	const size = 256 << 20
	maxRSSKiB := int64(32 << 10)
	if os.Getenv("VMRUN_SANITIZED") != "" {
		maxRSSKiB = math.MaxInt64
		t.Log("sanitized build: peak RSS is logged, not bounded")
	}
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		dir := t.TempDir()
		src := filepath.Join(dir, "big.bin")
		f, err := os.Create(src)
		h.must(err)
		sum := sha256.New()
		w := io.MultiWriter(f, sum)
		block := hostile.GarbageBytes(1 << 20)
		for i := 0; i < size>>20; i++ {
			binary.LittleEndian.PutUint32(block, uint32(i)) // every MiB differs
			_, err = w.Write(block)
			h.must(err)
		}
		h.must(f.Close())
		want := sum.Sum(nil)

		r, rss := h.vmrunEnv(nil, h.gargs("CopyFileFromHostToGuest", vmx, src, "/tmp/big.bin")...)
		r.ExpectOK(t)
		t.Logf("host -> guest: %v, peak RSS %d KiB", r.Elapsed, rss)
		if rss <= 0 || rss >= maxRSSKiB {
			t.Errorf("host -> guest: vmrun's peak RSS %d KiB, want < %d KiB", rss, maxRSSKiB)
		}
		hostPath, err := h.s.GuestHostPath(vmx, "/tmp/big.bin")
		h.must(err)
		if got := fileSHA256(t, hostPath); !bytes.Equal(got, want) {
			t.Errorf("host -> guest: SHA-256 differs")
		}
		h.must(os.Remove(src))

		back := filepath.Join(dir, "back.bin")
		r, rss = h.vmrunEnv(nil, h.gargs("CopyFileFromGuestToHost", vmx, "/tmp/big.bin", back)...)
		r.ExpectOK(t)
		t.Logf("guest -> host: %v, peak RSS %d KiB", r.Elapsed, rss)
		if rss <= 0 || rss >= maxRSSKiB {
			t.Errorf("guest -> host: vmrun's peak RSS %d KiB, want < %d KiB", rss, maxRSSKiB)
		}
		if got := fileSHA256(t, back); !bytes.Equal(got, want) {
			t.Errorf("guest -> host: SHA-256 differs")
		}
	})
}

func fileSHA256(t *testing.T, p string) []byte {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return h.Sum(nil)
}

// TestGuestReleaseNotesExample is the example of the VIX 1.7 release notes, unchanged but for the
// host, the datastore path and the host-side directory:
//
//	vmrun -T esx -h https://esx.example.com:443/sdk -u root -p rootpw -gu user -gp userpw
//	  copyFileFromGuestToHost "[storage1] SUSE/SUSE.vmx" /home/user/img.db /tmp/img.db
//
// No TLS option: the simulator's certificate is trusted on first use (docs/behaviour.md#tls).
func TestGuestReleaseNotesExample(t *testing.T) {
	forEachGuestModel(t, func(c *sim.Config) { c.User, c.Password = "root", "rootpw" }, func(h *harness) {
		vmx := h.vmPath()
		img := hostile.GarbageBytes(1<<20 + 3)
		h.must(h.s.WriteGuestFile(vmx, "/home/user/img.db", img, 0o644))
		dst := filepath.Join(t.TempDir(), "img.db")
		host := "https://" + h.s.Addr + "/sdk"
		r := h.vmrun("-T", h.model, "-h", host, "-u", "root", "-p", "rootpw", "-gu", "user", "-gp", "userpw",
			"copyFileFromGuestToHost", vmx, "/home/user/img.db", dst)
		r.ExpectOK(t)
		if got, err := ioutil.ReadFile(dst); err != nil || !bytes.Equal(got, img) {
			t.Errorf("img.db: contents differ (%d bytes, %v)", len(got), err)
		}
	})
}
