// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"io/ioutil"
	"path/filepath"
	"testing"
	"time"

	"vmrunsim/hostile"
)

// Hostile guest-file downloads (CopyFileFromGuestToHost): the /guestFile GET and the SOAP call
// that hands out its URL. A transfer's data phase is not bounded by --timeout, but one that moves
// less than 1 KiB in any window of --timeout seconds fails; the rules fix no text for that, only
// one Error line and no host file left. --timeout=3 keeps the stalls short.
func TestHostileTransfer(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	h.waitTools(vmx)
	const guestPath = "/tmp/hostile.bin"
	h.must(h.s.WriteGuestFile(vmx, guestPath, hostile.GarbageBytes(1<<20), 0o644))
	const secs = 3
	window := secs * time.Second // a stalled transfer's window
	for _, c := range []hostileCase{
		{name: "download trickling 2 bytes/s", rules: hostileOnPath("/guestFile", hostile.Trickle(2)), want: hErr(""), loose: true, data: window},
		{name: "download never answering", rules: hostileOnPath("/guestFile", hostile.Silence()), want: hErr(""), loose: true, data: window},
		{name: "download reset mid-body", rules: hostileOnPath("/guestFile", hostile.ResetMidBody(false)),
			want: hErr("The connection to {P} was cut during the transfer")},
		{name: "download answering 500 with an HTML page", rules: hostileOnPath("/guestFile", hostile.HTMLPage(500)),
			want: hErr("The server answered HTTP 500 for https://{P}/guestFile")},
		{name: "download answering 500 with a 100 MB page", rules: hostileOnPath("/guestFile", hostile.HugeErrorPage(500, 100<<20)),
			want: hErr("The server answered HTTP 500 for https://{P}/guestFile")},
		{name: "silence at InitiateFileTransferFromGuest", rules: hostileOn("InitiateFileTransferFromGuest", hostile.Silence()),
			want: hErr(hTimedOut)},
		// The transfer URL is server text too: with C1 and bidi controls in its path and a 404
		// for it, the Error line that names it must show them escaped.
		{name: "transfer URL with C1 and bidi controls", rules: []hostile.Rule{
			{Method: "InitiateFileTransferFromGuest", Do: hostile.Rewrite("https://*/guestFile?", "https://*/guestFile\u0085\u202e?")},
			{Path: "/guestFile", Do: hostile.HTMLPage(404)},
		}, want: hErr(""), loose: true},
	} {
		c := c
		c.timeout = secs
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := hostileProxy(t, h.s.URL, c.rules...)
			dir := t.TempDir()
			args := c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, "-gu", guestUser, "-gp", guestPass,
				"CopyFileFromGuestToHost", vmx, guestPath, filepath.Join(dir, "copy.bin"))
			r := c.run(t, args)
			checkHostile(t, c, r, p.Addr, p.Fired(), p.Describe(), nil, dir)
		})
	}
}

// The other side of the stall rule: a download that is slow but steady (4 KiB each second, far
// more than 1 KiB in any window of --timeout=2 s) outlives --timeout and must complete, because
// --timeout does not bound a transfer's data phase.
func TestHostileTransferSlowButSteady(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	h.waitTools(vmx)
	const guestPath = "/tmp/steady.bin"
	data := hostile.GarbageBytes(12 << 10) // three seconds at 4 KiB/s
	h.must(h.s.WriteGuestFile(vmx, guestPath, data, 0o644))
	c := hostileCase{name: "download at 4 KiB/s for 3 s with --timeout=2", timeout: 2, ok: true,
		rules: hostileOnPath("/guestFile", hostile.Trickle(4<<10)), data: 4 * time.Second}
	p := hostileProxy(t, h.s.URL, c.rules...)
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy.bin")
	r := c.run(t, c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, "-gu", guestUser, "-gp", guestPass,
		"CopyFileFromGuestToHost", vmx, guestPath, dst))
	checkHostile(t, c, r, p.Addr, p.Fired(), p.Describe(), nil, "")
	if r.Elapsed < 2*time.Second {
		t.Errorf("the download took %v: the proxy did not hold it past --timeout, the case proves nothing", r.Elapsed)
	}
	if got, err := ioutil.ReadFile(dst); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the host copy differs (%d bytes, %v)", len(got), err)
	}
	if names := hostDirNames(t, dir); len(names) != 1 {
		t.Errorf("%s holds %v, want only copy.bin", dir, names)
	}
}
