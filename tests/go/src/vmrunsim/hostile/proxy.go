// SPDX-License-Identifier: Apache-2.0

// Package hostile is a sabotaging HTTPS proxy for vmrun's hostile-server tests.
//
// A Proxy listens on 127.0.0.1 with its own fresh self-signed certificate and forwards every
// request to an upstream HTTPS server (the simulator; its certificate is not checked). Rules pick
// one SOAP call (by the method named in the request body, optionally only its n-th occurrence) or
// one plain HTTP path (/sdk/vimServiceVersions.xml, /guestFile) and apply a Sabotage instead of,
// or around, the forwarding: canned replies, broken HTTP framing through http.Hijacker (resets,
// bad chunk sizes, short bodies), bombs, drips and silence. The Proxy counts what it saw per
// method or path and how often a rule fired, so that a test can tell that the server really did
// what the case says, and the length and SHA-256 of every PUT body as far as it read it (Uploads).
//
// RawServer (raw.go) covers what happens before HTTP: a TCP listener that closes at once, answers
// a ClientHello with garbage, never speaks, or speaks plain HTTP.
//
// Everything listens on 127.0.0.1 only; Close stops every goroutine, listener and connection.
package hostile

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
)

// A Sabotage answers one matched request. It owns the exchange: it may forward it (Forward,
// Upstream), answer it itself, hijack the connection, or never answer. It must return once
// Done() is closed.
type Sabotage func(x *Exchange)

// Rule says which request to sabotage. Exactly one of Method and Path is set.
type Rule struct {
	// Method is a SOAP method name as the request body's first Body child names it
	// ("RetrievePropertiesEx", "Login", ...).
	Method string
	// Path is a plain HTTP path prefix ("/sdk/vimServiceVersions.xml"; "/guestFile" also
	// matches "/guestFile<anything>").
	Path string
	// Nth limits the rule to the n-th matching request (1-based); 0 means every one. Every one is
	// the robust choice: libcurl may resend a request on a fresh connection when a reused one
	// answered nothing, and the resent request must meet the same server.
	Nth int
	// Do is the sabotage.
	Do Sabotage
}

func (r Rule) String() string {
	what := r.Method
	if what == "" {
		what = r.Path
	}
	if r.Nth > 0 {
		return fmt.Sprintf("%s #%d", what, r.Nth)
	}
	return what
}

// Proxy is a running sabotaging proxy.
type Proxy struct {
	Addr             string // 127.0.0.1:PORT
	URL              string // https://127.0.0.1:PORT/sdk
	ThumbprintSHA256 string // of its certificate, upper-case hex joined by ':'

	target    string // upstream base URL, "https://127.0.0.1:PORT"
	rules     []Rule
	transport *http.Transport
	srv       *http.Server
	ln        net.Listener

	done      chan struct{}
	firstFire chan struct{} // closed when a rule fires for the first time
	closeOnce sync.Once
	wg        sync.WaitGroup // the server, handlers and sabotages

	mu       sync.Mutex
	closing  bool
	seen     map[string]int // SOAP method or plain path -> requests seen
	fired    map[string]int // rule -> times applied
	requests []string       // "POST /sdk Login", "GET /guestFile", in order
	uploads  []recordedUpload
	hijacked map[net.Conn]struct{}
}

// NewProxy starts a proxy in front of upstream (a base URL such as "https://127.0.0.1:8989"; any
// path is ignored) applying the first matching rule to each request.
func NewProxy(upstream string, rules ...Rule) (*Proxy, error) {
	for _, r := range rules {
		if (r.Method == "") == (r.Path == "") || r.Do == nil {
			return nil, fmt.Errorf("hostile: rule %q needs exactly one of Method and Path, and a sabotage", r)
		}
	}
	target := upstream
	if i := strings.Index(target, "://"); i >= 0 {
		if j := strings.IndexByte(target[i+3:], '/'); j >= 0 {
			target = target[:i+3+j]
		}
	}
	cert, thumb, err := newCertificate()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		Addr:             ln.Addr().String(),
		ThumbprintSHA256: thumb,
		target:           target,
		rules:            rules,
		transport: &http.Transport{
			TLSClientConfig:     &tls.Config{InsecureSkipVerify: true}, // the simulator's own certificate
			DisableCompression:  true,                                  // relay bytes as the upstream sends them
			MaxIdleConnsPerHost: 8,
			ForceAttemptHTTP2:   false,
		},
		ln:        ln,
		done:      make(chan struct{}),
		firstFire: make(chan struct{}),
		seen:      map[string]int{},
		fired:     map[string]int{},
		hijacked:  map[net.Conn]struct{}{},
	}
	p.URL = "https://" + p.Addr + "/sdk"
	p.srv = &http.Server{
		Handler: http.HandlerFunc(p.serve),
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{cert},
			NextProtos:   []string{"http/1.1"},
		},
		ErrorLog: log.New(ioutil.Discard, "", 0),
	}
	tlsLn := tls.NewListener(ln, p.srv.TLSConfig)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_ = p.srv.Serve(tlsLn)
	}()
	return p, nil
}

// Close stops the proxy: every sabotage is told to stop, every connection (hijacked ones too)
// is closed, and Close returns when all of the proxy's goroutines have ended.
func (p *Proxy) Close() {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closing = true // no handler joins p.wg from now on
		p.mu.Unlock()
		close(p.done)
		_ = p.srv.Close()
		p.mu.Lock()
		for c := range p.hijacked {
			_ = c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
		p.transport.CloseIdleConnections()
	})
}

// Seen is how many requests for this SOAP method or plain path the proxy received.
func (p *Proxy) Seen(methodOrPath string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[methodOrPath]
}

// Fired is how many times any rule was applied.
func (p *Proxy) Fired() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, v := range p.fired {
		n += v
	}
	return n
}

// FirstFired is closed once a rule has fired.
func (p *Proxy) FirstFired() <-chan struct{} { return p.firstFire }

// Requests lists every request received, in order ("POST /sdk Login", "GET /guestFile").
func (p *Proxy) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Describe is a one-line account for failure messages.
func (p *Proxy) Describe() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("proxy %s: rules fired %v; requests %v", p.Addr, p.fired, p.requests)
}

func isSOAP(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/sdk" || r.URL.Path == "/sdk/vimService")
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		return
	}
	p.wg.Add(2) // this handler and its watcher
	p.mu.Unlock()
	defer p.wg.Done()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		defer p.wg.Done()
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	x := &Exchange{W: w, R: r, p: p, ctx: ctx}
	key := r.URL.Path
	if isSOAP(r) {
		body, err := ioutil.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err != nil {
			return
		}
		x.Body = body
		x.Method = MethodOf(body)
		key = x.Method
	}
	p.mu.Lock()
	p.seen[key]++
	n := p.seen[key]
	entry := r.Method + " " + r.URL.Path
	if x.Method != "" {
		entry += " " + x.Method
	}
	p.requests = append(p.requests, entry)
	if r.Method == http.MethodPut {
		record := newBodyRecord(r.Body)
		r.Body = record
		p.uploads = append(p.uploads, recordedUpload{path: r.URL.Path, record: record})
	}
	var rule *Rule
	for i := range p.rules {
		if p.rules[i].matches(x, key) && (p.rules[i].Nth == 0 || p.rules[i].Nth == n) {
			rule = &p.rules[i]
			p.fired[rule.String()]++
			if p.fired[rule.String()] == 1 && len(p.fired) == 1 {
				close(p.firstFire)
			}
			break
		}
	}
	p.mu.Unlock()
	if rule != nil {
		rule.Do(x)
		return
	}
	x.Forward()
}

func (r *Rule) matches(x *Exchange, key string) bool {
	if r.Method != "" {
		return x.Method == r.Method
	}
	return x.Method == "" && strings.HasPrefix(key, r.Path)
}

// MethodOf is the local name of the first child of a SOAP envelope's Body, "(unparsable)" when
// there is none.
func MethodOf(body []byte) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	inBody := false
	for {
		tok, err := d.Token()
		if err != nil {
			return "(unparsable)"
		}
		if se, ok := tok.(xml.StartElement); ok {
			if inBody {
				return se.Name.Local
			}
			inBody = se.Name.Local == "Body"
		}
	}
}
