// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"io/ioutil"
	"path"
	"path/filepath"
	"testing"
	"time"

	"vmrunsim/hostile"
	"vmrunsim/testkit"
)

// Hostile guest-file uploads (CopyFileFromHostToGuest): the /guestFile PUT cut short on the
// connection the SOAP calls used before it (ESXi serves both on one), as a host closing an idle
// connection just then would, or a hostile one on purpose. libcurl would send such a PUT again
// with the body read on from where the first try stopped; vmrun must instead start over from a
// fresh InitiateFileTransferToGuest URL and the file's first byte, once, and end within the
// rules' time. The proxy records every PUT body as far as it read it: each must be the file
// from offset 0. The guest file is the whole file after success and untouched after a failure.
func TestHostileUpload(t *testing.T) {
	h := newHarness(t, "esx", nil)
	vmx := h.vmPath()
	h.waitTools(vmx)
	const size = 8 << 20
	file := hostile.GarbageBytes(size)
	src := filepath.Join(t.TempDir(), "upload.bin")
	h.must(ioutil.WriteFile(src, file, 0o644))
	old := []byte("the guest file before the upload\n")

	cut := func(nth int, after int64, reset bool) []hostile.Rule {
		return []hostile.Rule{{Path: "/guestFile", Nth: nth, Do: hostile.CutUpload(after, reset)}}
	}
	const secs = 10
	for i, c := range []struct {
		hostileCase
		uploads []int64 // each PUT body's length as the proxy read it
	}{
		// Cut once: the start over succeeds.
		{hostileCase: hostileCase{name: "reset after 4 MiB of the first PUT", rules: cut(1, 4<<20, true), ok: true},
			uploads: []int64{4 << 20, size}},
		{hostileCase: hostileCase{name: "first PUT closed without a reply", rules: cut(1, size, false), ok: true},
			uploads: []int64{size, size}},
		{hostileCase: hostileCase{name: "reset before a byte of the first PUT", rules: cut(1, 0, true), ok: true},
			uploads: []int64{0, size}},
		// Cut every time: one start over, then the error.
		{hostileCase: hostileCase{name: "reset after 4 MiB of every PUT", rules: cut(0, 4<<20, true),
			want: hErr("The connection to {P} was cut during the transfer")}, uploads: []int64{4 << 20, 4 << 20}},
		{hostileCase: hostileCase{name: "every PUT closed without a reply", rules: cut(0, size, false),
			want: hErr("The connection to {P} was cut during the transfer")}, uploads: []int64{size, size}},
		{hostileCase: hostileCase{name: "reset before a byte of every PUT", rules: cut(0, 0, true),
			want: hErr("The connection to {P} was cut during the transfer")}, uploads: []int64{0, 0}},
		// The start over meets a server that stops reading: the stall limit still ends it, one
		// window after the second PUT began.
		{hostileCase: hostileCase{name: "reset after 4 MiB, then silence", rules: append(cut(1, 4<<20, true),
			hostile.Rule{Path: "/guestFile", Nth: 2, Do: hostile.Silence()}),
			want: hErr("The transfer to {P} stalled: less than 1 KiB in {T} seconds"), timeout: 3, data: 3 * time.Second},
			uploads: []int64{4 << 20, 0}},
	} {
		c, dir := c, fmt.Sprintf("/tmp/upload-%d", i)
		if c.timeout == 0 {
			c.timeout = secs
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			guestPath := path.Join(dir, "upload.bin")
			h.must(h.s.WriteGuestFile(vmx, guestPath, old, 0o644))
			p := hostileProxy(t, h.s.URL, c.rules...)
			r := c.run(t, c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, "-gu", guestUser, "-gp", guestPass,
				"CopyFileFromHostToGuest", vmx, src, guestPath))
			checkHostile(t, c.hostileCase, r, p.Addr, p.Fired(), p.Describe(), nil, "")
			testkit.CheckUploads(t, p.Uploads(), file, c.uploads)
			if n := p.Seen("InitiateFileTransferToGuest"); n != len(c.uploads) {
				t.Errorf("%d transfer URLs asked for, want one for each of the %d PUTs", n, len(c.uploads))
			}
			want := old
			if c.ok {
				want = file
			}
			testkit.CheckGuestUpload(t, h.s, vmx, guestPath, want)
		})
	}
}
