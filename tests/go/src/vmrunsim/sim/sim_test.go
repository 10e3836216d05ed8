// SPDX-License-Identifier: Apache-2.0

package sim

// The harness itself over the real wire with govmomi's client: login and accounting, the
// NotAuthenticated fault, Tools and guest power, property paging, restarts.

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func TestLoginAndAccounting(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		s := start(t, Config{Model: model})
		if !strings.HasPrefix(s.URL, "https://127.0.0.1:") || s.ThumbprintSHA256 == "" || len(s.ThumbprintSHA1) != 59 {
			t.Fatalf("bad sim identity: %+v", s)
		}
		_, err := login(t, s, "root", "wrong")
		if err == nil || !strings.Contains(err.Error(), loginFaultString) {
			t.Fatalf("wrong password: %v", err)
		}
		if faultOf(err) != "InvalidLogin" {
			t.Fatalf("want InvalidLogin, got %q", faultOf(err))
		}
		s.ResetCalls()
		c, err := login(t, s, "root", "Sup3r secret")
		if err != nil {
			t.Fatal(err)
		}
		if n := s.Sessions(); n != 1 {
			t.Fatalf("sessions = %d", n)
		}
		if err := c.Logout(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := s.Sessions(); n != 0 {
			t.Fatalf("sessions after logout = %d", n)
		}
		calls := strings.Join(s.Calls(), ",")
		if !strings.HasPrefix(calls, "RetrieveServiceContent,Login") || !strings.HasSuffix(calls, "Logout") {
			t.Fatalf("calls: %s", calls)
		}
		if s.Connections() < 1 {
			t.Fatalf("connections: %d", s.Connections())
		}
	})
}

func TestNotAuthenticatedRetrieveProperties(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	u, _ := url.Parse(s.URL)
	sc := soap.NewClient(u, true)
	c, err := vim25.NewClient(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	var sm mo.SessionManager
	err = property.DefaultCollector(c).RetrieveOne(context.Background(), *c.ServiceContent.SessionManager, []string{"currentSession"}, &sm)
	if faultOf(err) != "NotAuthenticated" {
		t.Fatalf("want NotAuthenticated, got %v", err)
	}
	_, err = methods.RetrievePropertiesEx(context.Background(), c, &types.RetrievePropertiesEx{
		This:    c.ServiceContent.PropertyCollector,
		SpecSet: []types.PropertyFilterSpec{{PropSet: []types.PropertySpec{{Type: "Folder", PathSet: []string{"name"}}}, ObjectSet: []types.ObjectSpec{{Obj: c.ServiceContent.RootFolder}}}},
	})
	if faultOf(err) != "NotAuthenticated" {
		t.Fatalf("Ex: want NotAuthenticated, got %v", err)
	}
}

func TestToolsAndGuestPower(t *testing.T) {
	s := start(t, Config{Model: "esx", ShutdownDelay: 300 * time.Millisecond, ToolsDelay: 100 * time.Millisecond})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	path := s.VMPath(s.DefaultVMName())
	if got := s.ToolsRunningStatus(path); got != "guestToolsRunning" {
		t.Fatalf("tools at start: %q", got)
	}
	vmInfo, _ := s.Lookup(path)
	vm := object.NewVirtualMachine(c.Client, vmInfo.Ref)

	// No Tools: ToolsUnavailable, VM stays on.
	if err := s.SetToolsInstalled(path, false); err != nil {
		t.Fatal(err)
	}
	err = vm.ShutdownGuest(ctx)
	if faultOf(err) != "ToolsUnavailable" {
		t.Fatalf("shutdown without tools: %v", err)
	}
	err = vm.RebootGuest(ctx)
	if faultOf(err) != "ToolsUnavailable" {
		t.Fatalf("reboot without tools: %v", err)
	}
	if s.PowerState(path) != "poweredOn" {
		t.Fatal("VM should still be on")
	}
	_ = s.SetToolsInstalled(path, true)
	if err := s.WaitToolsRunning(path, 5*time.Second); err != nil {
		t.Fatal(err)
	}

	// Reboot: returns, VM stays on, Tools come back.
	if err := vm.RebootGuest(ctx); err != nil {
		t.Fatal(err)
	}
	if s.PowerState(path) != "poweredOn" {
		t.Fatal("VM should be on after RebootGuest")
	}
	if err := s.WaitToolsRunning(path, 5*time.Second); err != nil {
		t.Fatal(err)
	}

	// Shutdown: returns at once, VM goes off later.
	if err := vm.ShutdownGuest(ctx); err != nil {
		t.Fatal(err)
	}
	if s.PowerState(path) != "poweredOn" {
		t.Fatal("VM went off before ShutdownDelay")
	}
	if err := s.WaitPowerState(path, "poweredOff", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if got := s.ToolsRunningStatus(path); got != "guestToolsNotRunning" {
		t.Fatalf("tools after power off: %q", got)
	}
	err = vm.ShutdownGuest(ctx)
	if faultOf(err) != "InvalidPowerState" {
		t.Fatalf("shutdown when off: %v", err)
	}

	// Power on: Tools follow after ToolsDelay, seen through WaitForUpdatesEx too.
	if err := s.PowerOn(path); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err = property.Wait(wctx, property.DefaultCollector(c.Client), vmInfo.Ref, []string{"guest.toolsRunningStatus"}, func(pc []types.PropertyChange) bool {
		for _, ch := range pc {
			if ch.Val == "guestToolsRunning" {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("WaitForUpdates on tools: %v", err)
	}

	// defaultPowerOps.
	if ops, _ := s.DefaultPowerOps(path); ops != nil {
		t.Fatalf("stock defaultPowerOps should be unset: %+v", ops)
	}
	if err := s.SetDefaultPowerOps(path, "soft", "hard", "preset"); err != nil {
		t.Fatal(err)
	}
	var m mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"config.defaultPowerOps"}, &m); err != nil {
		t.Fatal(err)
	}
	if m.Config.DefaultPowerOps.PowerOffType != "soft" || m.Config.DefaultPowerOps.ResetType != "hard" {
		t.Fatalf("defaultPowerOps over the wire: %+v", m.Config.DefaultPowerOps)
	}
}

func TestPaging(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
	if err != nil {
		t.Fatal(err)
	}
	req := &types.RetrievePropertiesEx{
		This: c.ServiceContent.PropertyCollector,
		SpecSet: []types.PropertyFilterSpec{{
			PropSet: []types.PropertySpec{{Type: "VirtualMachine", PathSet: []string{"name"}}},
			ObjectSet: []types.ObjectSpec{{Obj: v.Reference(), Skip: types.NewBool(true), SelectSet: []types.BaseSelectionSpec{
				&types.TraversalSpec{Type: "ContainerView", Path: "view"},
			}}},
		}},
		Options: types.RetrieveOptions{MaxObjects: 1},
	}
	res, err := methods.RetrievePropertiesEx(ctx, c.Client, req)
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.Returnval.Objects)
	token := res.Returnval.Token
	pages := 1
	for token != "" {
		cres, err := methods.ContinueRetrievePropertiesEx(ctx, c.Client, &types.ContinueRetrievePropertiesEx{This: req.This, Token: token})
		if err != nil {
			t.Fatal(err)
		}
		n += len(cres.Returnval.Objects)
		token = cres.Returnval.Token
		pages++
	}
	if n != 4 || pages != 4 {
		t.Fatalf("paging: %d objects in %d pages", n, pages)
	}
	// Cancel.
	res, _ = methods.RetrievePropertiesEx(ctx, c.Client, req)
	if _, err := methods.CancelRetrievePropertiesEx(ctx, c.Client, &types.CancelRetrievePropertiesEx{This: req.This, Token: res.Returnval.Token}); err != nil {
		t.Fatal(err)
	}
	_, err = methods.ContinueRetrievePropertiesEx(ctx, c.Client, &types.ContinueRetrievePropertiesEx{This: req.This, Token: res.Returnval.Token})
	if faultOf(err) != "InvalidArgument" {
		t.Fatalf("continue after cancel: %v", err)
	}
}

func TestRestartSamePortNewCertificate(t *testing.T) {
	s1, err := Start(Config{Model: "esx"})
	if err != nil {
		t.Fatal(err)
	}
	addr, thumb := s1.Addr, s1.ThumbprintSHA256
	dir, _ := s1.DatastorePath("[LocalDS_0] x")
	s1.Close()
	if _, err := os.Stat(strings.TrimSuffix(dir, "/x")); !os.IsNotExist(err) {
		t.Fatalf("datastore dir not removed: %v", err)
	}
	s2 := start(t, Config{Model: "esx", Listen: addr})
	if s2.Addr != addr || s2.ThumbprintSHA256 == thumb {
		t.Fatalf("restart: %s %s vs %s %s", s2.Addr, s2.ThumbprintSHA256, addr, thumb)
	}
	if _, err := Start(Config{Model: "esx"}); err == nil {
		t.Fatal("second concurrent Start should fail")
	}
}
