// SPDX-License-Identifier: Apache-2.0

package sim

// Guest operations: a GuestOperationsManager backend that behaves like a real ESXi
// host's, without Docker.
//
//   - Every VM has a guest root directory on the test machine (Config.GuestDir, default a per-Sim
//     temporary directory removed at Close), holding a small Linux-like tree: /tmp, /var/tmp,
//     /home/<user>, /root, /etc (passwd, group, hostname), and /usr, /bin, /lib… taken read-only
//     from the test machine so that /bin/sh and the usual tools work. The root is the VM's disk:
//     it survives power cycles; only processes die with the power.
//   - Guest programs run as real local processes confined to that root with bubblewrap (bwrap:
//     the root bound as "/", /usr read-only, own pid namespace, uid/gid of the guest user, killed
//     with the Sim). Without bwrap (Config.GuestSandbox "none", or bwrap not installed) they run
//     unconfined with the guest root's host paths substituted for programPath and
//     workingDirectory: good enough for a demo, not for the integration suite, which insists on
//     bwrap (Sim.GuestSandbox).
//   - Every guest path is resolved inside the guest's own namespace (guest_paths.go): symbolic
//     links are followed as the guest would see them, so no file method can reach outside the
//     root and the read-only system directories.
//   - The methods are served by objects registered at the stock managers' MoRefs
//     (guestOperationsProcessManager, guestOperationsFileManager) plus a GuestAuthManager at
//     guestOperationsAuthManager, which is set as GuestOperationsManager.authManager (stock vcsim
//     leaves it unset). Each checks, in a real host's order: the VM exists
//     (ManagedObjectNotFound), is powered on (InvalidPowerState with existingState), Tools run
//     (GuestOperationsUnavailable, see tools.go), the guest login is right (InvalidGuestLogin).
//   - Transfers (guest_transfer.go) use one-time URLs https://*/guestFile?id=N&token=HEX served by
//     our own handler on the Sim's listener, streamed both ways.
//
// Sim.Start sets the backend up before serving, so the authManager property is there before any
// client reads the guest managers.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/ioutil"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

const (
	defaultGuestUser     = "user"
	defaultGuestPassword = "userpw"
	// defaultGuestListMax is ListFilesInGuest's default maxResults and the server's cap on it.
	defaultGuestListMax = 50
	// guestProcessKeep is how long an exited process stays in ListProcessesInGuest (real Tools:
	// "if queried within 5 minutes after it completes").
	guestProcessKeep = 5 * time.Minute
	// guestTransferTTL is how long a transfer URL stays valid (real hosts: 10 minutes).
	guestTransferTTL = 10 * time.Minute
)

var (
	guestAuthManagerRef = types.ManagedObjectReference{Type: "GuestAuthManager", Value: "guestOperationsAuthManager"}
	guestFileManagerRef = types.ManagedObjectReference{Type: "GuestFileManager", Value: "guestOperationsFileManager"}
	guestProcManagerRef = types.ManagedObjectReference{Type: "GuestProcessManager", Value: "guestOperationsProcessManager"}
)

// guestOps is one Sim's guest-operations backend.
type guestOps struct {
	s       *Sim
	dir     string // parent of the guest roots
	ownDir  bool   // dir is ours: removed at Close
	sandbox string // "bwrap" or "none"
	bwrap   string // path of the bwrap binary
	listMax int
	mounts  []guestMount // read-only directories of the test machine seen in every guest
	links   map[string]string
	ref     types.ManagedObjectReference // as a registry handler

	mu        sync.Mutex
	user      string
	password  string
	roots     map[string]string // vmx path -> guest root (host path)
	procs     map[types.ManagedObjectReference]map[int64]*guestProc
	nextPid   int64
	transfers map[string]*guestTransfer // id -> transfer
	nextXfer  int
	hosts     *esxHosts // the vc model's ESXi hosts, each with its own listener
	closed    bool
}

var (
	guestMu    sync.Mutex
	guestBySim = map[*Sim]*guestOps{}
)

// guest returns the Sim's guest backend, setting it up on first use. It returns nil once the Sim
// is closing.
func (s *Sim) guest() *guestOps {
	guestMu.Lock()
	defer guestMu.Unlock()
	if g := guestBySim[s]; g != nil {
		return g
	}
	if s.ctx.Err() != nil {
		return nil
	}
	g, err := newGuestOps(s)
	if err != nil {
		panic("sim: guest operations: " + err.Error())
	}
	guestBySim[s] = g
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		<-s.ctx.Done()
		g.shutdown()
		guestMu.Lock()
		delete(guestBySim, s)
		guestMu.Unlock()
	}()
	return g
}

func newGuestOps(s *Sim) (*guestOps, error) {
	cfg := s.cfg
	g := &guestOps{
		s:         s,
		listMax:   cfg.GuestListMax,
		user:      cfg.GuestUser,
		password:  cfg.GuestPassword,
		ref:       types.ManagedObjectReference{Type: "VmrunSimGuestOps", Value: "vmrunsim-guest"},
		roots:     map[string]string{},
		procs:     map[types.ManagedObjectReference]map[int64]*guestProc{},
		nextPid:   1000,
		transfers: map[string]*guestTransfer{},
	}
	if g.user == "" {
		g.user = defaultGuestUser
	}
	if g.password == "" {
		g.password = defaultGuestPassword
	}
	if g.listMax <= 0 {
		g.listMax = defaultGuestListMax
	}
	switch cfg.GuestSandbox {
	case "", "bwrap":
		if p, err := exec.LookPath("bwrap"); err == nil {
			g.sandbox, g.bwrap = "bwrap", p
		} else if cfg.GuestSandbox == "bwrap" {
			return nil, fmt.Errorf("GuestSandbox bwrap: bubblewrap is not installed (%v)", err)
		} else {
			g.sandbox = "none"
		}
	case "none":
		g.sandbox = "none"
	default:
		return nil, fmt.Errorf("unknown GuestSandbox %q (want bwrap or none)", cfg.GuestSandbox)
	}
	g.mounts, g.links = systemMounts()
	if cfg.GuestDir != "" {
		if err := os.MkdirAll(cfg.GuestDir, 0o755); err != nil {
			return nil, err
		}
		g.dir = cfg.GuestDir
	} else {
		d, err := ioutil.TempDir("", "vmrunsim-guests-")
		if err != nil {
			return nil, err
		}
		g.dir, g.ownDir = d, true
	}

	reg := s.reg
	reg.Put(&guestAuthManager{GuestAuthManager: mo.GuestAuthManager{Self: guestAuthManagerRef}, g: g})
	reg.Put(&guestFileManager{GuestFileManager: mo.GuestFileManager{Self: guestFileManagerRef}, g: g})
	reg.Put(&guestProcessManager{GuestProcessManager: mo.GuestProcessManager{Self: guestProcManagerRef}, g: g})
	gomRef := *s.client.ServiceContent.GuestOperationsManager
	reg.WithLock(gomRef, func() {
		if gom, ok := reg.Get(gomRef).(*simulator.GuestOperationsManager); ok {
			ref := guestAuthManagerRef
			gom.AuthManager = &ref
			reg.Update(gom, []types.PropertyChange{{Name: "authManager", Val: ref}})
		}
	})
	reg.AddHandler(g)
	s.mux.HandleFunc("/guestFile", g.serveTransfer)
	if err := g.startHosts(); err != nil {
		g.stopHosts()
		return nil, err
	}
	return g, nil
}

// shutdown kills every guest process, forgets transfers and removes our temporary directory.
func (g *guestOps) shutdown() {
	g.s.reg.RemoveHandler(g)
	g.stopHosts()
	g.mu.Lock()
	g.closed = true
	var all []*guestProc
	for _, m := range g.procs {
		for _, p := range m {
			all = append(all, p)
		}
	}
	g.procs = map[types.ManagedObjectReference]map[int64]*guestProc{}
	g.transfers = map[string]*guestTransfer{}
	g.mu.Unlock()
	for _, p := range all {
		p.kill()
	}
	for _, p := range all {
		p.waitDone(5 * time.Second)
	}
	if g.ownDir {
		_ = os.RemoveAll(g.dir)
	}
}

// Registry handler: power-off, suspend (and the power-off half of a reset) end the guest's
// processes and invalidate its transfer URLs, as on a real host.
func (g *guestOps) Reference() types.ManagedObjectReference { return g.ref }
func (g *guestOps) PutObject(mo.Reference)                  {}
func (g *guestOps) RemoveObject(ref types.ManagedObjectReference) {
	if ref.Type == "VirtualMachine" {
		g.powerDown(ref)
	}
}
func (g *guestOps) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	ref := obj.Reference()
	if ref.Type != "VirtualMachine" {
		return
	}
	for _, ch := range changes {
		if ch.Name != "runtime.powerState" {
			continue
		}
		if state, _ := ch.Val.(types.VirtualMachinePowerState); state != types.VirtualMachinePowerStatePoweredOn {
			g.powerDown(ref)
		}
	}
}

func (g *guestOps) powerDown(ref types.ManagedObjectReference) {
	g.mu.Lock()
	procs := g.procs[ref]
	delete(g.procs, ref)
	for id, t := range g.transfers {
		if t.vm == ref {
			delete(g.transfers, id)
		}
	}
	g.mu.Unlock()
	for _, p := range procs {
		p.kill()
	}
}

func (g *guestOps) credentials() (string, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.user, g.password
}

// randomHex returns n random bytes in hex: transfer tokens and temporary file names.
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
