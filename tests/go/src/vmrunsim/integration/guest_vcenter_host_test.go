// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"io/ioutil"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmrunsim/hostile"
)

// Guest file transfers through vCenter (docs/behaviour.md#guest-transfers-vcenter):
// the URL names the ESXi host by its inventory name (not resolvable here), served on the host's
// own listener with its own certificate. vmrun connects to the management address vCenter
// reports and accepts exactly the certificate vCenter reports, whatever --tls says, and never
// records it in known_hosts.
func TestGuestTransferThroughVCenterHost(t *testing.T) {
	h := newHarness(t, "vc", nil)
	vmx := h.vmPath()
	h.waitTools(vmx)
	host, ok := h.s.HostOfVM(vmx)
	if !ok {
		t.Fatal("the vc model has no host listener for the VM")
	}
	hostAuthority := h.transferAuthority(vmx)
	if _, err := net.LookupHost(host.Name); err == nil {
		t.Fatalf("%s resolves here: the test would not show that vmrun uses the management address", host.Name)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src.bin")
	data := hostile.GarbageBytes(1<<20 + 3)
	h.must(ioutil.WriteFile(src, data, 0o644))
	guest := func(opts []string, verbArgs ...string) result {
		t.Helper()
		args := append(h.conn(opts...), "-gu", guestUser, "-gp", guestPass)
		return h.vmrun(append(args, verbArgs...)...)
	}
	served := h.s.HostTransfers(vmx)

	// vCenter pinned, --tls=strict: both directions work through the host's listener.
	strict := []string{"--tls=strict", "--thumbprint=" + h.s.ThumbprintSHA256}
	guest(strict, "CopyFileFromHostToGuest", vmx, src, "/home/user/up.bin").ExpectOK(t)
	if got, err := h.s.ReadGuestFile(vmx, "/home/user/up.bin"); err != nil || !bytes.Equal(got, data) {
		t.Errorf("host -> guest: contents differ (%d bytes, %v)", len(got), err)
	}
	back := filepath.Join(dir, "back.bin")
	guest(strict, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", back).ExpectOK(t)
	if got, err := ioutil.ReadFile(back); err != nil || !bytes.Equal(got, data) {
		t.Errorf("guest -> host: contents differ (%d bytes, %v)", len(got), err)
	}
	if got := h.s.HostTransfers(vmx) - served; got != 2 {
		t.Errorf("the host's own listener served %d transfers, want 2", got)
	}

	// Trust on first use: vCenter is recorded, the host never is.
	guest(nil, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", back).ExpectOK(t)
	kh := readKnownHosts(t, knownHostsPath(h))
	if want := h.s.Addr + " " + h.s.ThumbprintSHA256 + "\n"; kh != want {
		t.Errorf("known_hosts after a transfer through vCenter:\n%q\nwant only vCenter's line\n%q", kh, want)
	}

	// A cached session binds vCenter's certificate only: the host's differs, and is accepted.
	h.sessionCache = true
	for i := 0; i < 2; i++ {
		guest(strict, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", back).ExpectOK(t)
	}
	h.sessionCache = false

	// vCenter reports a certificate the host does not serve: refused, naming both thumbprints,
	// and nothing is written on either side.
	h.must(h.s.ForgeHostCertificate(vmx, false))
	forged, _ := h.s.HostOfVM(vmx) // what the host really serves is unchanged
	reported := h.s.ReportedHostThumbprints(vmx)
	never := filepath.Join(dir, "never.bin")
	wantMismatch := func(alg, expected, presented string) string {
		return "Error: The certificate of " + hostAuthority + " does not match the thumbprint vCenter reports: expected " +
			alg + " " + expected + ", presented " + alg + " " + presented
	}
	guest(strict, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", never).
		ExpectError(t, wantMismatch("SHA256", reported.ThumbprintSHA256, forged.ThumbprintSHA256))
	guest(nil, "CopyFileFromHostToGuest", vmx, src, "/home/user/never.bin").
		ExpectError(t, wantMismatch("SHA256", reported.ThumbprintSHA256, forged.ThumbprintSHA256))
	if _, err := os.Stat(never); !os.IsNotExist(err) {
		t.Errorf("a refused download left %s (%v)", never, err)
	}
	if _, err := h.s.ReadGuestFile(vmx, "/home/user/never.bin"); err == nil {
		t.Error("a refused upload wrote the guest file")
	}
	// Only the SHA-1 sslThumbprint reported (older hosts): compared as SHA-1.
	h.must(h.s.ForgeHostCertificate(vmx, true))
	reported = h.s.ReportedHostThumbprints(vmx)
	guest(nil, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", never).
		ExpectError(t, wantMismatch("SHA1", reported.ThumbprintSHA1, forged.ThumbprintSHA1))
	// --tls=insecure checks nothing, here too.
	guest([]string{"--tls=insecure"}, "CopyFileFromGuestToHost", vmx, "/home/user/up.bin", never).ExpectOK(t)
	if kh2 := readKnownHosts(t, knownHostsPath(h)); kh2 != kh || strings.Contains(kh2, host.Name) {
		t.Errorf("known_hosts changed:\n%q", kh2)
	}
}
