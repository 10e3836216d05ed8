// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"io/ioutil"
	"net/http"
	"sync/atomic"
	"testing"

	"vmrunsim/hostile"
	"vmrunsim/testkit"
)

// Hostile datastore uploads: the file way of cloning (ESXi) PUTs the clone's vmx to
// /folder/<path>?dcPath=..&dsName=.., on the connection its SOAP calls used. A datastore URL takes
// any number of PUTs, so an upload cut before any reply starts over once to the same URL, from
// the first byte; cut again, the clone fails and its rollback removes everything it made. The
// proxy records every PUT body as far as it read it: each must be the vmx from offset 0.
func TestHostileUploadDatastore(t *testing.T) {
	h := newHarness(t, "esx", nil)
	src := h.cloneSource()
	const cutAfter = 100 // bytes of the vmx, a few KB
	for i, c := range []struct {
		hostileCase
		nth int // which PUT of the vmx is cut (0: every one)
	}{
		{hostileCase: hostileCase{name: "the vmx PUT reset once", ok: true}, nth: 1},
		{hostileCase: hostileCase{name: "the vmx PUT reset every time",
			want: hErr("The connection to {P} was cut during the transfer")}},
	} {
		name := "up" + string(rune('1'+i))
		dst := "[LocalDS_0] " + name + "/" + name + ".vmx"
		c.timeout = 10
		c.rules = []hostile.Rule{{Path: "/folder/" + name + "/" + name + ".vmx", Do: cutNthPut(c.nth, cutAfter)}}
		t.Run(c.name, func(t *testing.T) {
			before := h.cloneState(src)
			p := hostileProxy(t, h.s.URL, c.rules...)
			r := c.run(t, c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, "clone", src, dst, "full"))
			checkHostile(t, c.hostileCase, r, p.Addr, p.Fired(), p.Describe(), nil, "")
			uploads := p.Uploads()
			if len(uploads) != 2 {
				t.Errorf("%d PUTs of the vmx, want 2: %s", len(uploads), p.Describe())
			}
			if !c.ok {
				h.expectUnchanged(before, src, r.result)
				for i, u := range uploads {
					if u.Length != cutAfter {
						t.Errorf("PUT %d: %d bytes, want the %d before the cut", i+1, u.Length, cutAfter)
					}
				}
				if len(uploads) == 2 && uploads[0] != uploads[1] {
					t.Errorf("PUT bodies %+v, want the same bytes", uploads)
				}
				return
			}
			h.expectClone(dst, name)
			local, err := h.s.DatastorePath(dst)
			h.must(err)
			vmx, err := ioutil.ReadFile(local)
			h.must(err)
			testkit.CheckUploads(t, uploads, vmx, []int64{cutAfter, int64(len(vmx))})
		})
	}
}

// cutNthPut resets the n-th PUT (every one when n is 0) after `after` bytes of its body, and
// forwards every other request (the clone reads the path before it writes it).
func cutNthPut(n int, after int64) hostile.Sabotage {
	var puts int32
	return func(x *hostile.Exchange) {
		if x.R.Method != http.MethodPut {
			x.Forward()
			return
		}
		if k := atomic.AddInt32(&puts, 1); n > 0 && int(k) != n {
			x.Forward()
			return
		}
		hostile.CutUpload(after, true)(x)
	}
}
