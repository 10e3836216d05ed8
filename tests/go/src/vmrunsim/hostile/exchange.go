// SPDX-License-Identifier: Apache-2.0

package hostile

// An Exchange: one sabotaged request, with the ways a Sabotage can answer it (forward it, read
// the upstream reply, hijack the raw connection).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/ioutil"
	"net"
	"net/http"
	"time"
)

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
	x.relayStreamed(func(body io.Reader) { _, _ = io.Copy(flushWriter{x.W}, body) })
}

// relayStreamed sends the genuine status and headers at once and lets send pass the body on as
// it arrives (502 if the upstream cannot be reached).
func (x *Exchange) relayStreamed(send func(body io.Reader)) {
	res, err := x.Upstream()
	if err != nil {
		upstreamFailed(x, err)
		return
	}
	defer res.Body.Close()
	copyHeader(x.W.Header(), res.Header)
	x.W.WriteHeader(res.StatusCode)
	send(res.Body)
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
