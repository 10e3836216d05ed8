// SPDX-License-Identifier: Apache-2.0

package sim

// Guest logins and preconditions over the wire, and the authManager property a client reads.

import (
	"context"
	"testing"
	"time"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func TestGuestAuthAndPreconditions(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		e := newGuestEnv(t, Config{Model: model, ToolsDelay: 500 * time.Millisecond})
		e.must(e.am.ValidateCredentials(e.ctx, e.auth))
		bad := &types.NamePasswordAuthentication{Username: "user", Password: "nope"}
		e.wantFault(e.am.ValidateCredentials(e.ctx, bad), "InvalidGuestLogin")
		_, err := e.fm.ListFiles(e.ctx, bad, "/tmp", 0, 0, "")
		e.wantFault(err, "InvalidGuestLogin")
		e.s.SetGuestCredentials("alice", "pw2")
		e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "InvalidGuestLogin")
		e.must(e.am.ValidateCredentials(e.ctx, &types.NamePasswordAuthentication{Username: "alice", Password: "pw2"}))
		e.s.SetGuestCredentials("user", "userpw")

		e.must(e.s.PowerOff(e.vm.Path))
		_, err = e.fm.ListFiles(e.ctx, e.auth, "/tmp", 0, 0, "")
		e.wantFault(err, "InvalidPowerState")
		if ips, ok := soap.ToSoapFault(err).VimFault().(types.InvalidPowerState); !ok || ips.ExistingState != types.VirtualMachinePowerStatePoweredOff {
			t.Fatalf("InvalidPowerState: %#v", soap.ToSoapFault(err).VimFault())
		}
		e.must(e.s.PowerOn(e.vm.Path))
		e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "GuestOperationsUnavailable")
		e.must(e.s.WaitToolsRunning(e.vm.Path, 10*time.Second))
		e.must(e.am.ValidateCredentials(e.ctx, e.auth))
		e.must(e.s.Suspend(e.vm.Path))
		e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "InvalidPowerState")
	})
}

// A client that has only logged in sees GuestOperationsManager.authManager (the backend is set
// up by its first RetrieveServiceContent).
func TestGuestAuthManagerProperty(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	var gom mo.GuestOperationsManager
	ctx := context.Background()
	if err := property.DefaultCollector(c.Client).RetrieveOne(ctx, *c.ServiceContent.GuestOperationsManager,
		[]string{"authManager", "fileManager", "processManager"}, &gom); err != nil {
		t.Fatal(err)
	}
	if gom.AuthManager == nil || *gom.AuthManager != guestAuthManagerRef || gom.FileManager == nil || gom.ProcessManager == nil {
		t.Fatalf("guest managers: %+v", gom)
	}
}
