// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"fmt"
	"io/ioutil"
	"path/filepath"
	"testing"
	"time"

	"vmrunsim/hostile"
	"vmrunsim/testkit"
)

// VixVM_CopyFileFromHostToGuest whose PUT is cut on the connection the SOAP calls used before it,
// through the hostile proxy in front of the ESXi model (through vCenter the PUT goes to the host's
// own listener, past a proxy in front of vCenter). libcurl would send such a PUT again with the
// body read on from where the first try stopped, and the job waited for the server to give up:
// 440 s against its 300 s deadline. The job must start over once from a fresh transfer URL and the
// file's first byte. The proxy records every PUT body as far as it read it: each must be the file
// from offset 0. The guest file is the whole file after success and untouched after a failure.
func TestGuestUploadCut(t *testing.T) {
	h := newHarness(t, "esx", nil)
	s := h.s
	if sb := s.GuestSandbox(); sb != "bwrap" {
		t.Fatalf("guest tests need bubblewrap (bwrap), sandbox is %q: run scripts/install-deps.sh", sb)
	}
	user, pass := s.GuestCredentials()
	vmx := h.vmPath()

	const size = 8 << 20
	file := hostile.GarbageBytes(size)
	src := filepath.Join(t.TempDir(), "upload.bin")
	h.must(ioutil.WriteFile(src, file, 0o644))
	old := []byte("the guest file before the upload\n")
	cut := func(nth int, after int64, reset bool) hostile.Rule {
		return hostile.Rule{Path: "/guestFile", Nth: nth, Do: hostile.CutUpload(after, reset)}
	}
	for i, c := range []struct {
		name    string
		rule    hostile.Rule
		result  string  // the copy's line
		uploads []int64 // each PUT body's length as the proxy read it
	}{
		{"reset after 4 MiB of the first PUT", cut(1, 4<<20, true), "copy-to: ok", []int64{4 << 20, size}},
		{"first PUT closed without a reply", cut(1, size, false), "copy-to: ok", []int64{size, size}},
		{"reset before a byte of the first PUT", cut(1, 0, true), "copy-to: ok", []int64{0, size}},
		{"reset after 4 MiB of every PUT", cut(0, 4<<20, true), "copy-to: error 18000", []int64{4 << 20, 4 << 20}},
		{"every PUT closed without a reply", cut(0, size, false), "copy-to: error 18000", []int64{size, size}},
		{"reset before a byte of every PUT", cut(0, 0, true), "copy-to: error 18000", []int64{0, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			guestPath := fmt.Sprintf("/tmp/upload-%d/upload.bin", i)
			h.must(s.WriteGuestFile(vmx, guestPath, old, 0o644))
			p, err := hostile.NewProxy(s.URL, c.rule)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			start := time.Now()
			r := h.run(h.environ(vmx, "VIX_TEST_HOST="+p.URL), "vix_guest", "login", user, pass,
				"copy-to", src, guestPath)
			elapsed := time.Since(start)
			r.Expect(t, 0, "connect: ok", "open: ok", "login: ok", c.result)
			// A drop is seen at once, so no limit may be waited on: the smallest, libvix's connect
			// limit (30 s), bounds the whole scenario, far inside the job's 300 s deadline.
			if elapsed >= 30*time.Second {
				t.Errorf("the scenario took %v: it waited on a limit", elapsed)
			}
			if p.Fired() == 0 {
				t.Errorf("the proxy never cut a PUT: %s", p.Describe())
			}
			testkit.CheckUploads(t, p.Uploads(), file, c.uploads)
			want := old
			if c.result == "copy-to: ok" {
				want = file
			}
			testkit.CheckGuestUpload(t, s, vmx, guestPath, want)
		})
	}
}
