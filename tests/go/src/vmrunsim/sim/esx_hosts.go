// SPDX-License-Identifier: Apache-2.0

package sim

// ESXi hosts behind vCenter, as a client meets them in guest file transfers. A real vCenter's
// InitiateFileTransfer{To,From}Guest returns a URL naming the ESXi host that runs the VM by its
// inventory name (https://esx3.example:443/guestFile?...), a name the client often cannot resolve,
// and that host serves its own self-signed certificate, not vCenter's. vCenter reports the host's
// certificate (HostConfigInfo.certificate, PEM bytes, and summary.config.sslThumbprint, SHA-1) and
// its management vnic (config.virtualNicManagerInfo.netConfig) so a client can reach and trust it.
//
// In the vc model every HostSystem gets its own HTTPS listener on 127.0.0.1 (vcsim's management
// vnic address for every host) with a certificate of its own, serving /guestFile; transfer URLs
// name the host as https://<inventory name>:<its port>/guestFile?.... The esx model keeps "*".

import (
	"bytes"
	"crypto/tls"
	"encoding/pem"
	stdxml "encoding/xml"
	"fmt"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// esxHost is one HostSystem's own HTTPS listener.
type esxHost struct {
	name string
	port int
	srv  *http.Server
	der  []byte // the certificate it serves

	mu        sync.Mutex
	transfers int // requests served
}

type esxHosts struct {
	mu     sync.Mutex
	byHost map[types.ManagedObjectReference]*esxHost
}

// startHosts gives every HostSystem of a vc model its listener and reports its certificate
// through vCenter's properties.
func (g *guestOps) startHosts() error {
	g.hosts = &esxHosts{byHost: map[types.ManagedObjectReference]*esxHost{}}
	if g.s.Model != "vc" {
		return nil
	}
	for _, obj := range g.s.reg.All("HostSystem") {
		host := obj.(*simulator.HostSystem)
		cert, der, err := newCertificate()
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		h := &esxHost{name: host.Name, port: ln.Addr().(*net.TCPAddr).Port, der: der}
		mux := http.NewServeMux()
		mux.HandleFunc("/guestFile", func(w http.ResponseWriter, r *http.Request) {
			h.mu.Lock()
			h.transfers++
			h.mu.Unlock()
			g.serveTransfer(w, r)
		})
		h.srv = &http.Server{
			Handler:   mux,
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}},
			ErrorLog:  log.New(ioutil.Discard, "", 0), // refused handshakes are expected
		}
		g.hosts.byHost[host.Self] = h
		g.s.setHostCertificate(host.Self, der)
		g.s.wg.Add(1)
		go func() {
			defer g.s.wg.Done()
			_ = h.srv.Serve(tls.NewListener(ln, h.srv.TLSConfig))
		}()
	}
	return nil
}

func (g *guestOps) stopHosts() {
	if g.hosts == nil {
		return
	}
	for _, h := range g.hosts.byHost {
		_ = h.srv.Close()
	}
}

// setHostCertificate makes vCenter report `der` as the host's certificate.
func (s *Sim) setHostCertificate(ref types.ManagedObjectReference, der []byte) {
	sha1Hex, _ := thumbprints(der)
	s.reg.WithLock(ref, func() {
		host := s.reg.Get(ref).(*simulator.HostSystem)
		if host.Config == nil {
			return
		}
		host.Config.Certificate = pemEncode(der)
		host.Summary.Config.SslThumbprint = sha1Hex
	})
}

// transferBase is where the transfer URLs for a VM point: its host's name and port (vc), "*" (esx).
func (g *guestOps) transferBase(vm types.ManagedObjectReference) string {
	var hostRef *types.ManagedObjectReference
	if obj, ok := g.s.reg.Get(vm).(*simulator.VirtualMachine); ok {
		g.s.reg.WithLock(obj, func() { hostRef = obj.Runtime.Host })
	}
	if hostRef != nil {
		if h := g.hosts.byHost[*hostRef]; h != nil {
			return "https://" + h.name + ":" + strconv.Itoa(h.port)
		}
	}
	return "https://*"
}

// EsxHost describes the host that serves a VM's guest transfers in the vc model.
type EsxHost struct {
	Name             string
	Addr             string // 127.0.0.1:PORT
	ThumbprintSHA1   string
	ThumbprintSHA256 string
}

// hostOf finds the listener of the host running a VM (by name or vmx path); nil in the esx model.
func (s *Sim) hostOf(nameOrPath string) (*esxHost, types.ManagedObjectReference, error) {
	found, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil, types.ManagedObjectReference{}, err
	}
	g := s.guest()
	var ref *types.ManagedObjectReference
	if vm, ok := s.reg.Get(found.Ref).(*simulator.VirtualMachine); ok {
		s.reg.WithLock(vm, func() { ref = vm.Runtime.Host })
	}
	if g == nil || ref == nil {
		return nil, types.ManagedObjectReference{}, fmt.Errorf("sim: %s has no host", nameOrPath)
	}
	return g.hosts.byHost[*ref], *ref, nil
}

// HostOfVM returns the host serving a VM's guest transfers (vc model; false in the esx model).
func (s *Sim) HostOfVM(nameOrPath string) (EsxHost, bool) {
	h, _, err := s.hostOf(nameOrPath)
	if err != nil || h == nil {
		return EsxHost{}, false
	}
	sha1Hex, sha256Hex := thumbprints(h.der)
	return EsxHost{Name: h.name, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(h.port)),
		ThumbprintSHA1: sha1Hex, ThumbprintSHA256: sha256Hex}, true
}

// HostTransfers returns how many guest transfer requests a VM's host has served.
func (s *Sim) HostTransfers(nameOrPath string) int {
	h, _, err := s.hostOf(nameOrPath)
	if err != nil || h == nil {
		return 0
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.transfers
}

// ForgeHostCertificate makes vCenter report, for a VM's host, a certificate the host does not
// serve (an inventory that lies or is out of date); with sslOnly, only a forged SHA-1
// summary.config.sslThumbprint and no config.certificate.
func (s *Sim) ForgeHostCertificate(nameOrPath string, sslOnly bool) error {
	_, ref, err := s.hostOf(nameOrPath)
	if err != nil {
		return err
	}
	_, der, err := newCertificate()
	if err != nil {
		return err
	}
	s.setHostCertificate(ref, der)
	if sslOnly {
		s.reg.WithLock(ref, func() {
			s.reg.Get(ref).(*simulator.HostSystem).Config.Certificate = nil
		})
	}
	return nil
}

// ReportedHostThumbprints returns the thumbprints vCenter reports for a VM's host: of
// config.certificate (SHA-256 and SHA-1, empty when it has none) and summary.config.sslThumbprint
// (as ThumbprintSHA1 when there is no certificate).
func (s *Sim) ReportedHostThumbprints(nameOrPath string) EsxHost {
	_, ref, err := s.hostOf(nameOrPath)
	if err != nil {
		return EsxHost{}
	}
	var out EsxHost
	s.reg.WithLock(ref, func() {
		host := s.reg.Get(ref).(*simulator.HostSystem)
		out.Name = host.Name
		if block, _ := pem.Decode(host.Config.Certificate); block != nil {
			out.ThumbprintSHA1, out.ThumbprintSHA256 = thumbprints(block.Bytes)
		} else {
			out.ThumbprintSHA1 = host.Summary.Config.SslThumbprint
		}
	})
	return out
}

// vcsim writes a []byte property (HostConfigInfo.certificate) as one <byte> element holding the
// whole text; the WSDL has xsd:byte[], and a real server sends one <byte> element per byte, as a
// signed decimal. realByteArrays rewrites a reply into that form.
var byteArrayText = regexp.MustCompile(`<byte>([^<]{2,})</byte>`)

func realByteArrays(reply []byte) []byte {
	if !bytes.Contains(reply, []byte("ArrayOfByte")) {
		return reply
	}
	return byteArrayText.ReplaceAllFunc(reply, func(m []byte) []byte {
		var text string
		if stdxml.Unmarshal([]byte("<x>"+string(byteArrayText.FindSubmatch(m)[1])+"</x>"), &text) != nil {
			return m
		}
		var out bytes.Buffer
		for _, b := range []byte(text) {
			out.WriteString("<byte>" + strconv.Itoa(int(int8(b))) + "</byte>")
		}
		return out.Bytes()
	})
}
