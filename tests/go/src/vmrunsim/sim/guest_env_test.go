// SPDX-License-Identifier: Apache-2.0

package sim

// guestEnv: a Sim with a logged-in govmomi client and its guest managers, for the tests of the
// guest-operations backend over the real wire (govmomi's guest package).

import (
	"bytes"
	"context"
	"fmt"
	"io/ioutil"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/guest"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type guestEnv struct {
	t    *testing.T
	s    *Sim
	c    *govmomi.Client
	vm   VM
	ctx  context.Context
	auth types.BaseGuestAuthentication
	fm   *guest.FileManager
	pm   *guest.ProcessManager
	am   *guest.AuthManager
}

func newGuestEnv(t *testing.T, cfg Config) *guestEnv {
	t.Helper()
	s := start(t, cfg)
	if s.GuestSandbox() != "bwrap" {
		t.Fatalf("guest programs need bubblewrap (bwrap) for confinement; install it (scripts/install-deps.sh): sandbox is %q", s.GuestSandbox())
	}
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	e := &guestEnv{t: t, s: s, c: c, ctx: context.Background(),
		auth: &types.NamePasswordAuthentication{Username: "user", Password: "userpw"}}
	if e.vm, err = s.Lookup(s.DefaultVMName()); err != nil {
		t.Fatal(err)
	}
	om := guest.NewOperationsManager(c.Client, e.vm.Ref)
	if e.fm, err = om.FileManager(e.ctx); err != nil {
		t.Fatal(err)
	}
	if e.pm, err = om.ProcessManager(e.ctx); err != nil {
		t.Fatal(err)
	}
	if e.am, err = om.AuthManager(e.ctx); err != nil {
		t.Fatalf("authManager: %v", err)
	}
	return e
}

func (e *guestEnv) wantFault(err error, kind string) {
	e.t.Helper()
	if got := faultOf(err); got != kind {
		e.t.Fatalf("want fault %s, got %q (%v)", kind, got, err)
	}
}

func (e *guestEnv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *guestEnv) upload(p string, data []byte, overwrite bool) error {
	u, err := e.fm.InitiateFileTransferToGuest(e.ctx, e.auth, p, &types.GuestPosixFileAttributes{}, int64(len(data)), overwrite)
	if err != nil {
		return err
	}
	// ESXi: host "*" without port. vCenter: the host's inventory name and its own listener's
	// port, which govmomi's TransferURL below resolves to the management IP and pins to the
	// sslThumbprint vCenter reports (as govc does).
	want := "https://*/guestFile?id="
	if host, ok := e.s.HostOfVM(e.vm.Path); ok {
		_, port, _ := net.SplitHostPort(host.Addr)
		want = "https://" + host.Name + ":" + port + "/guestFile?id="
	}
	if !strings.HasPrefix(u, want) {
		e.t.Fatalf("transfer URL %q: want the prefix %q", u, want)
	}
	tu, err := e.fm.TransferURL(e.ctx, u)
	if err != nil {
		return err
	}
	p2 := soap.DefaultUpload
	p2.ContentLength = int64(len(data))
	return e.c.Client.Upload(e.ctx, bytes.NewReader(data), tu, &p2)
}

func (e *guestEnv) download(p string) ([]byte, error) {
	info, err := e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, p)
	if err != nil {
		return nil, err
	}
	tu, err := e.fm.TransferURL(e.ctx, info.Url)
	if err != nil {
		return nil, err
	}
	rc, n, err := e.c.Client.Download(e.ctx, tu, &soap.DefaultDownload)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := ioutil.ReadAll(rc)
	if err == nil && (n != info.Size || int64(len(data)) != info.Size) {
		err = fmt.Errorf("size %d, Content-Length %d, body %d", info.Size, n, len(data))
	}
	return data, err
}

func (e *guestEnv) list(p string, max int32, pattern string) []string {
	e.t.Helper()
	var names []string
	index := int32(0)
	for {
		res, err := e.fm.ListFiles(e.ctx, e.auth, p, index, max, pattern)
		e.must(err)
		limit := max
		if limit == 0 || limit > defaultGuestListMax {
			limit = defaultGuestListMax
		}
		if int32(len(res.Files)) > limit {
			e.t.Fatalf("page of %d entries, cap %d", len(res.Files), limit)
		}
		for _, f := range res.Files {
			names = append(names, f.Path)
		}
		index += int32(len(res.Files))
		if res.Remaining == 0 {
			return names
		}
	}
}

// wait polls the process until it has exited and returns its exit code.
func (e *guestEnv) wait(pid int64) int32 {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ps, err := e.pm.ListProcesses(e.ctx, e.auth, []int64{pid})
		e.must(err)
		if len(ps) != 1 {
			e.t.Fatalf("pid %d: %d entries", pid, len(ps))
		}
		if ps[0].EndTime != nil {
			return ps[0].ExitCode
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("pid %d did not exit", pid)
	return 0
}

func (e *guestEnv) run(script string) int32 {
	e.t.Helper()
	pid, err := e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh", Arguments: "-c '" + script + "'"})
	e.must(err)
	return e.wait(pid)
}

// directURL makes a transfer URL reachable without a client's TransferURL: "*" becomes the
// simulator's address (ESXi), the host's inventory name its listener's address (vCenter).
func (e *guestEnv) directURL(u string) string {
	if host, ok := e.s.HostOfVM(e.vm.Path); ok {
		_, port, _ := net.SplitHostPort(host.Addr)
		return strings.Replace(u, host.Name+":"+port, host.Addr, 1)
	}
	return strings.Replace(u, "*", e.s.Addr, 1)
}
