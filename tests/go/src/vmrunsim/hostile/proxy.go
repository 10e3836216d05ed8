// Package hostile is a sabotaging HTTPS proxy for vmrun's hostile-server tests.
//
// A Proxy listens on 127.0.0.1 with its own fresh self-signed certificate and forwards every
// request to an upstream HTTPS server (the simulator; its certificate is not checked). Rules pick
// one SOAP call (by the method named in the request body, optionally only its n-th occurrence) or
// one plain HTTP path (/sdk/vimServiceVersions.xml, /guestFile) and apply a Sabotage instead of,
// or around, the forwarding: canned replies, broken HTTP framing through http.Hijacker (resets,
// bad chunk sizes, short bodies), bombs, drips and silence. The Proxy counts what it saw per
// method or path and how often a rule fired, so that a test can tell that the server really did
// what the case says.
//
// RawServer (raw.go) covers what happens before HTTP: a TCP listener that closes at once, answers
// a ClientHello with garbage, never speaks, or speaks plain HTTP.
//
// Everything listens on 127.0.0.1 only; Close stops every goroutine, listener and connection.
package hostile

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
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

// Exchange is one request being sabotaged.
type Exchange struct {
	W      http.ResponseWriter
	R      *http.Request
	Body   []byte // the SOAP request body (nil for plain HTTP requests)
	Method string // the SOAP method ("" for plain HTTP requests)

	p   *Proxy
	ctx context.Context
}

// Done is closed when the proxy closes or the client's connection goes away (the latter only
// while the connection is not hijacked).
func (x *Exchange) Done() <-chan struct{} { return x.ctx.Done() }

// Wait waits d (a server's own pace, not synchronisation) unless the exchange ends first; it
// reports whether the whole d passed.
func (x *Exchange) Wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-x.ctx.Done():
		return false
	}
}

var hopByHop = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true, "Proxy-Authorization": true,
	"Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "Accept-Encoding": true,
}

// Upstream sends the request to the upstream server and returns its response; the caller closes
// the body.
func (x *Exchange) Upstream() (*http.Response, error) {
	var body io.Reader = x.R.Body
	length := x.R.ContentLength
	if x.Body != nil {
		body, length = bytes.NewReader(x.Body), int64(len(x.Body))
	}
	req, err := http.NewRequestWithContext(x.ctx, x.R.Method, x.p.target+x.R.URL.RequestURI(), body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = length
	for k, vs := range x.R.Header {
		if !hopByHop[k] {
			req.Header[k] = append([]string(nil), vs...)
		}
	}
	return x.p.transport.RoundTrip(req)
}

// UpstreamReply is the upstream's complete reply (at most 64 MiB of body).
func (x *Exchange) UpstreamReply() (int, http.Header, []byte, error) {
	res, err := x.Upstream()
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	body, err := ioutil.ReadAll(io.LimitReader(res.Body, 64<<20))
	return res.StatusCode, res.Header, body, err
}

// Forward relays the exchange unchanged (the body streamed).
func (x *Exchange) Forward() {
	res, err := x.Upstream()
	if err != nil {
		http.Error(x.W, "hostile proxy: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	copyHeader(x.W.Header(), res.Header)
	x.W.WriteHeader(res.StatusCode)
	_, _ = io.Copy(flushWriter{x.W}, res.Body)
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		if !hopByHop[k] {
			dst[k] = append([]string(nil), vs...)
		}
	}
}

type flushWriter struct{ w http.ResponseWriter }

func (f flushWriter) Write(b []byte) (int, error) {
	n, err := f.w.Write(b)
	if fl, ok := f.w.(http.Flusher); ok {
		fl.Flush()
	}
	return n, err
}

// Raw is a hijacked client connection: bytes go out exactly as written.
type Raw struct {
	Conn net.Conn // the TLS connection
	TCP  *net.TCPConn
	W    *bufio.Writer
	p    *Proxy
}

// Hijack takes the client connection over from the HTTP server.
func (x *Exchange) Hijack() (*Raw, error) {
	hj, ok := x.W.(http.Hijacker)
	if !ok {
		return nil, errors.New("hostile: the response writer cannot be hijacked")
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		return nil, err
	}
	raw := &Raw{Conn: conn, W: brw.Writer, p: x.p}
	if tc, ok := conn.(*tls.Conn); ok {
		raw.TCP, _ = tc.NetConn().(*net.TCPConn)
	}
	x.p.mu.Lock()
	x.p.hijacked[conn] = struct{}{}
	x.p.mu.Unlock()
	return raw, nil
}

// Send writes and flushes.
func (r *Raw) Send(b []byte) error {
	if _, err := r.W.Write(b); err != nil {
		return err
	}
	return r.W.Flush()
}

// Reset aborts the connection with a TCP RST (SO_LINGER 0, no TLS close_notify).
func (r *Raw) Reset() {
	if r.TCP != nil {
		_ = r.TCP.SetLinger(0)
		_ = r.TCP.Close()
	}
	_ = r.Conn.Close()
	r.forget()
}

// Close ends the connection cleanly (TLS close_notify, then FIN).
func (r *Raw) Close() {
	_ = r.Conn.Close()
	r.forget()
}

func (r *Raw) forget() {
	r.p.mu.Lock()
	delete(r.p.hijacked, r.Conn)
	r.p.mu.Unlock()
}

// Head serialises a status line and headers (in the given order) and the blank line.
func Head(status int, headers ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	for _, h := range headers {
		b.WriteString(h)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
