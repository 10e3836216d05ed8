// SPDX-License-Identifier: Apache-2.0

// Package sim runs the govmomi vSphere simulator (Debian's govmomi 0.24.2) as a standalone ESXi
// host or a vCenter over HTTPS on loopback, for vmrun's integration tests.
//
// On top of the stock simulator it adds a fresh self-signed certificate per Start (cert.go),
// fixed credentials with the real host's login fault text, round-trip accounting (SOAP methods,
// plain HTTP requests, TCP connections, calls in flight together: inflight.go) and an optional
// SOAP trace (serve.go), and fixes for the realism gaps that vmrun's verbs touch, each a SOAP
// hook (hooks.go) or a registry observer:
//
//   - power, Tools and the guest's IP address: tools.go; property paging: collector.go
//   - snapshots, extraConfig, hardware upgrade, the Tools installer: lifecycle.go
//   - clone, register and disks: clone_hooks.go, register_vm.go, child_disks.go, disk_files.go,
//     and the VM file writer vmx_files.go; where clones run and templates: clone_placement.go,
//     templates.go; guest customization: customization.go
//   - guest operations: guest.go and the other guest_*.go files
//   - console (screenshots, keystrokes, devices): console.go, console_devices.go
//
// Test helpers read state back and set it up through the vSphere API (api.go, lifecycle_api.go,
// datastore_api.go, placement_api.go) or directly (guest_api.go); the in-process govmomi client
// they use is invisible to the accounting.
//
// simulator.Map is a package-level global of the simulator: only one Sim can run per process at a
// time; Start refuses a second one.
package sim

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

// Config says what to simulate.
type Config struct {
	Model    string // "esx" (simulator.ESX(): standalone ESXi) or "vc" (simulator.VPX(): vCenter)
	User     string // the only accepted login; default "user"
	Password string // its password; default "pass"
	// Listen is an optional "127.0.0.1:PORT" (for restarting on the same port); default
	// 127.0.0.1 with an ephemeral port.
	Listen string
	// RequestDump, when set, names a directory that receives every distinct SOAP request
	// envelope (file "<Method>-<sha1>.xml"), for validation against the vSphere schema.
	RequestDump string
	// Trace, when set, receives one block per SOAP call: method name, request body, response body.
	Trace io.Writer
	// ToolsDelay is how long after power-on VMware Tools start running (0: at once, asynchronously).
	ToolsDelay time.Duration
	// ShutdownDelay is how long a guest shutdown (ShutdownGuest) takes before the VM is off.
	ShutdownDelay time.Duration

	// The lifecycle verbs.

	// GuestIPDelay is how long after Tools start the guest reports its IP address (0: at once).
	GuestIPDelay time.Duration

	// Guest operations.

	// GuestUser, GuestPassword: the only accepted guest login; default "user" / "userpw".
	GuestUser, GuestPassword string
	// GuestDir holds the VMs' guest root directories (one per vmx path); default a temporary
	// directory removed at Close (a given GuestDir is kept).
	GuestDir string
	// GuestSandbox: how guest programs are confined. "" = bubblewrap when installed, else none;
	// "bwrap" = bubblewrap or fail; "none" = unconfined local processes (see guest.go).
	GuestSandbox string
	// GuestListMax is ListFilesInGuest's default and maximum maxResults (default 50).
	GuestListMax int
	// GuestDownloadCut, when > 0, breaks guest-file downloads after this many bytes (the
	// connection drops, as when a network fails mid-transfer).
	GuestDownloadCut int64
	// GuestDownloadRate, when > 0, sends guest-file downloads at this many bytes per second.
	GuestDownloadRate int64

	// Scale and speed, for benchmarks.

	// Latency is added before answering each round trip to the API: every SOAP call on /sdk (or
	// /sdk/vimService) and GET /sdk/vimServiceVersions.xml, as a network and server latency would
	// delay them. Datastore and guest-file transfers (/folder, /guestFile) are not delayed: for
	// them throughput matters, not round trips. 0: no added latency.
	Latency time.Duration
	// VMs is how many VMs the inventory holds (0: the model's default, 2 on ESX and 4 on VC).
	// vcsim creates VMs per resource pool of a standalone host or cluster (one of each on VC), so on
	// VC the total is VMs rounded up to a multiple of that number of pools.
	VMs int
	// IgnoreMaxObjects makes RetrievePropertiesEx answer every object in one reply, without a
	// token, whatever maxObjects asks: what stock vcsim 0.24 does (it has no paging).
	IgnoreMaxObjects bool
	// PageLimit caps the objects of one RetrievePropertiesEx page whatever maxObjects asks (0: no
	// cap): a real server may return fewer objects than asked, and vCenter has a limit of its own.
	PageLimit int

	// DatacenterFolder puts the vc model's datacenter in a folder ("F0/DC0"), as sites that group
	// datacenters by region do: its inventory path is then not its name.
	DatacenterFolder bool

	// onLatency, when set (by this package's tests), is told of every request that Latency
	// delays, as its Requests entry, before the wait.
	onLatency func(request string)
}

// Sim is a running simulator.
type Sim struct {
	URL              string // https://127.0.0.1:PORT/sdk
	Host             string // 127.0.0.1
	Port             int
	Addr             string // 127.0.0.1:PORT
	ThumbprintSHA1   string // upper-case hex joined by ':'
	ThumbprintSHA256 string
	CertPEM          []byte // the server certificate, PEM
	Model            string // "esx" or "vc"

	cfg    Config
	model  *simulator.Model
	reg    *simulator.Registry
	client *vim25.Client // in-process client (simulator.Service as RoundTripper): no sockets, not counted
	mux    *http.ServeMux
	svc    *simulator.Service // its Listen.User is the only accepted login
	srv    *http.Server
	ln     net.Listener
	tools  *toolsTracker

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	calls    []string                   // SOAP method names, in order
	awaited  map[string][]chan struct{} // CallSeen: method -> closed at its next call
	counted  []countedWait              // CallNumberSeen: closed at a method's n-th call
	requests []string                   // every request in order: "POST /sdk Login" or "GET /sdk/vimServiceVersions.xml"
	plain    []string                   // plain HTTP requests only: "GET /sdk/vimServiceVersions.xml"
	conns    int
	traceMu  sync.Mutex

	taskFaults map[string]taskFault // FailNextTask: method -> how its next task ends (under mu)
	flights    flights              // calls in flight together (inflight.go)

	closeOnce sync.Once
}

var (
	activeMu sync.Mutex
	active   *Sim
)

const loginFaultString = "Cannot complete login due to an incorrect user name or password."

// Start creates the model's inventory and serves it over HTTPS with a new certificate.
func Start(cfg Config) (*Sim, error) {
	activeMu.Lock()
	defer activeMu.Unlock()
	if active != nil {
		return nil, errors.New("sim: another Sim is running in this process (simulator.Map is global)")
	}
	model, err := newModel(&cfg)
	if err != nil {
		return nil, err
	}
	ln, err := listen(cfg.Listen)
	if err != nil {
		return nil, err
	}
	cert, der, err := newCertificate()
	if err != nil {
		ln.Close()
		return nil, err
	}
	if err := model.Create(); err != nil {
		ln.Close()
		model.Remove()
		return nil, fmt.Errorf("sim: create model: %v", err)
	}
	s := newSim(cfg, model, ln, der)
	if err := s.connectService(cert, der); err != nil {
		ln.Close()
		s.cancel()
		model.Remove()
		return nil, err
	}
	// The realism that replaces stock objects is in place before any client can connect.
	if s.guest() == nil {
		return nil, errors.New("sim: the guest operations backend did not start")
	}
	s.consoleDevicesReady()
	s.serve(ln, cert)
	active = s
	return s, nil
}

// listen opens the Sim's TCP listener: on addr, or on a free loopback port when addr is "".
func listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sim: listen %s: %v", addr, err)
	}
	return ln, nil
}

// newModel fills in cfg's defaults and makes the govmomi model it asks for (not yet created).
func newModel(cfg *Config) (*simulator.Model, error) {
	if cfg.User == "" {
		cfg.User = "user"
	}
	if cfg.Password == "" {
		cfg.Password = "pass"
	}
	var model *simulator.Model
	switch cfg.Model {
	case "esx":
		model = simulator.ESX()
	case "vc", "vpx":
		cfg.Model = "vc"
		model = simulator.VPX()
	default:
		return nil, fmt.Errorf("sim: unknown model %q (want esx or vc)", cfg.Model)
	}
	if cfg.VMs < 0 || cfg.Latency < 0 {
		return nil, fmt.Errorf("sim: negative VMs (%d) or Latency (%v)", cfg.VMs, cfg.Latency)
	}
	if cfg.VMs > 0 {
		model.Machine = machinesPerPool(model, cfg.VMs)
	}
	if cfg.DatacenterFolder && cfg.Model == "vc" {
		model.Folder = 1
	}
	return model, nil
}

// newSim is the Sim of a created model, named by the address it listens on and its certificate.
func newSim(cfg Config, model *simulator.Model, ln net.Listener, der []byte) *Sim {
	addr := ln.Addr().(*net.TCPAddr)
	s := &Sim{
		Host:  addr.IP.String(),
		Port:  addr.Port,
		Addr:  net.JoinHostPort(addr.IP.String(), strconv.Itoa(addr.Port)),
		Model: cfg.Model,
		cfg:   cfg,
		model: model,
		reg:   simulator.Map,
		ln:    ln,
	}
	s.URL = "https://" + s.Addr + "/sdk"
	s.ThumbprintSHA1, s.ThumbprintSHA256 = thumbprints(der)
	s.CertPEM = pemEncode(der)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// connectService sets the model's service up for this Sim's address, login and certificate, and
// puts in the in-process client and the trackers that the simulator's realism builds on.
func (s *Sim) connectService(cert tls.Certificate, der []byte) error {
	svc := s.model.Service
	// The only accepted login (SessionManager.validLogin compares against Service.Listen.User).
	svc.Listen = &url.URL{Scheme: "https", Host: s.Addr, Path: "/sdk", User: url.UserPassword(s.cfg.User, s.cfg.Password)}
	svc.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.mux = newMux(svc)
	s.svc = svc
	// What simulator.Service.NewServer does besides routing, for our own listener.
	simulator.Map.SessionManager().ServiceHostName = s.Addr
	simulator.Map.SessionManager().TLSCert = func() string { return base64.StdEncoding.EncodeToString(der) }
	var err error
	s.client, err = vim25.NewClient(s.ctx, svc)
	if err != nil {
		return fmt.Errorf("sim: in-process client: %v", err)
	}
	if err := installPagingCollector(s.reg, s.client.ServiceContent.PropertyCollector); err != nil {
		return err
	}
	if s.cfg.IgnoreMaxObjects {
		ignoringMaxObjects.Store(s.reg, true)
	}
	if s.cfg.PageLimit > 0 {
		pageLimits.Store(s.reg, s.cfg.PageLimit)
	}
	s.tools = newToolsTracker(s, s.reg)
	s.tools.initAll()
	s.reg.AddHandler(s.tools)
	return nil
}

// serve answers HTTPS on ln until Close, counting the connections clients open.
func (s *Sim) serve(ln net.Listener, cert tls.Certificate) {
	s.srv = &http.Server{
		Handler: s,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{cert},
			NextProtos:   []string{"http/1.1"},
		},
		ConnState: func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				s.mu.Lock()
				s.conns++
				s.mu.Unlock()
			}
		},
		ErrorLog: log.New(ioutil.Discard, "", 0), // TLS handshake refusals by the client are expected
	}
	tlsLn := tls.NewListener(ln, s.srv.TLSConfig)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.srv.Serve(tlsLn)
	}()
}

// machinesPerPool is the Model.Machine that gives at least total VMs (and fewer than total plus
// the number of pools): Model.Create makes Machine VMs for each standalone host's pool, each
// cluster's root pool and each vApp, in every datacenter; the ESX model has one host and no
// datacenters to count.
func machinesPerPool(m *simulator.Model, total int) int {
	pools := 1
	if m.Datacenter > 0 {
		pools = m.Datacenter * (m.Host + m.Cluster*(1+m.App))
	}
	if pools < 1 {
		pools = 1
	}
	return (total + pools - 1) / pools
}

// newMux routes like simulator.Service.NewServer (which we cannot use: it makes its own listener
// and http.Server, and we need ours for the port, the certificate and connection accounting).
func newMux(svc *simulator.Service) *http.ServeMux {
	svc.ServeMux = nil
	svc.RegisterSDK(simulator.Map) // "/sdk" -> svc.ServeSDK
	mux := svc.ServeMux
	mux.HandleFunc("/sdk/vimService", func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/sdk"
		svc.ServeSDK(w, r)
	})
	mux.HandleFunc("/sdk/vimServiceVersions.xml", svc.ServiceVersions)
	mux.HandleFunc("/folder/", svc.ServeDatastore)
	mux.HandleFunc("/guestFile/", simulator.ServeGuest)
	mux.HandleFunc("/nfc/", simulator.ServeNFC)
	mux.HandleFunc("/about", svc.About)
	return mux
}

// goAfter runs f after d in a goroutine that Close waits for (and cancels if still sleeping).
func (s *Sim) goAfter(d time.Duration, f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
			}
		}
		select {
		case <-s.ctx.Done():
			return
		default:
		}
		f()
	}()
}

// Close stops the server (dropping open connections), stops pending Tools/shutdown timers and
// removes the model's temporary datastore directories. It is safe to call twice.
func (s *Sim) Close() {
	s.closeOnce.Do(func() {
		_ = s.srv.Close()
		s.cancel()
		s.wg.Wait()
		s.reg.RemoveHandler(s.tools)
		ignoringMaxObjects.Delete(s.reg)
		pageLimits.Delete(s.reg)
		s.model.Remove()
		activeMu.Lock()
		if active == s {
			active = nil
		}
		activeMu.Unlock()
	})
}
