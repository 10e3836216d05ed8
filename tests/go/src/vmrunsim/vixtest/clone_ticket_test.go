// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"context"
	"net/url"
	"testing"

	"github.com/vmware/govmomi"
	gsession "github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/vim25/soap"
)

// VixHost_Connect with no user name and a clone ticket as the password clones the session the
// ticket came from (CloneSession); a ticket serves once, and a used or made-up one is refused as
// a wrong login.
func TestConnectCloneTicket(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		ctx := context.Background()
		u, err := soap.ParseURL(h.hostName())
		h.must(err)
		u.User = url.UserPassword(testUser, testPass)
		c, err := govmomi.NewClient(ctx, u, true)
		h.must(err)
		ticket, err := gsession.NewManager(c.Client).AcquireCloneTicket(ctx)
		h.must(err)

		env := h.environ(h.vmPath(), "VIX_TEST_USER=", "VIX_TEST_PASSWORD="+ticket)
		h.run(env, "vix_connect").Expect(t, 0, "connect: ok", "handle type: 2", "after disconnect: 0")
		h.run(env, "vix_connect").Expect(t, 0, "connect: error 35")
		env = h.environ(h.vmPath(), "VIX_TEST_USER=", "VIX_TEST_PASSWORD=no-such-ticket")
		h.run(env, "vix_connect").Expect(t, 0, "connect: error 35")

		// The clone was logged out on disconnect: only the session it was cloned from is left.
		if n := h.s.Sessions(); n != 1 {
			t.Errorf("%d session(s) logged in, want 1 (the govmomi client's)", n)
		}
		h.must(c.Logout(ctx))
	})
}
