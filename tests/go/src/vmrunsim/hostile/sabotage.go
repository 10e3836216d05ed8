// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The sabotages. Those that need the genuine reply get it from the upstream first; those that
// break HTTP framing hijack the connection and write exact bytes.

const xmlType = `text/xml; charset=utf-8`

// Respond answers with status, these headers ("Name: value") and body; Content-Length is set.
func Respond(status int, body []byte, headers ...string) Sabotage {
	return func(x *Exchange) {
		for _, h := range headers {
			i := strings.IndexByte(h, ':')
			x.W.Header().Add(h[:i], strings.TrimSpace(h[i+1:]))
		}
		x.W.Header().Set("Content-Length", strconv.Itoa(len(body)))
		x.W.WriteHeader(status)
		_, _ = x.W.Write(body)
	}
}

// XMLReply answers with status and body as text/xml.
func XMLReply(status int, body []byte) Sabotage {
	return Respond(status, body, "Content-Type: "+xmlType)
}

// Fault answers HTTP 500 with a SystemError fault whose faultstring is used as given.
func Fault(faultstring string) Sabotage {
	return XMLReply(http.StatusInternalServerError, FaultBody(faultstring))
}

// HTMLPage answers status with an HTML page, as a reverse proxy in front of a host does.
func HTMLPage(status int) Sabotage {
	page := fmt.Sprintf("<!DOCTYPE html>\n<html><head><title>%d %s</title></head>\n"+
		"<body><h1>%s</h1><p>The proxy could not handle the request.<br>Try again later.</p></body></html>\n",
		status, http.StatusText(status), http.StatusText(status))
	return Respond(status, []byte(page), "Content-Type: text/html; charset=utf-8")
}

// Redirect answers a 3xx pointing elsewhere.
func Redirect(status int, location string) Sabotage {
	return Respond(status, []byte("<html><body>Moved</body></html>\n"),
		"Location: "+location, "Content-Type: text/html")
}

// GarbageBytes is n deterministic bytes of every value (no XML in sight).
func GarbageBytes(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// Garbage answers 200 text/xml with n bytes of garbage.
func Garbage(n int) Sabotage { return XMLReply(http.StatusOK, GarbageBytes(n)) }

// Empty answers 200 text/xml with an empty body.
func Empty() Sabotage { return XMLReply(http.StatusOK, nil) }

// upstreamOr502 fetches the genuine reply; on failure it answers 502 itself and reports false.
func (x *Exchange) upstreamOr502() (int, http.Header, []byte, bool) {
	status, header, body, err := x.UpstreamReply()
	if err != nil {
		http.Error(x.W, "hostile proxy: upstream: "+err.Error(), http.StatusBadGateway)
		return 0, nil, nil, false
	}
	return status, header, body, true
}

func contentType(h http.Header) string {
	if ct := h.Get("Content-Type"); ct != "" {
		return ct
	}
	return xmlType
}

// Truncated answers the genuine reply cut in half, with a Content-Length that matches the cut:
// the framing is right, the XML ends in the middle.
func Truncated() Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		Respond(status, body[:len(body)/2], "Content-Type: "+contentType(header))(x)
	}
}

// Rewrite forwards the exchange and replaces old with new in the reply body.
func Rewrite(old, new string) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		body = bytes.Replace(body, []byte(old), []byte(new), -1)
		copyHeader(x.W.Header(), header)
		x.W.Header().Set("Content-Length", strconv.Itoa(len(body)))
		x.W.WriteHeader(status)
		_, _ = x.W.Write(body)
	}
}

// ResetMidBody announces the genuine reply (Content-Length, or chunked), sends half of it and
// resets the connection (TCP RST).
func ResetMidBody(chunked bool) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		half := body[:len(body)/2]
		if chunked {
			_ = raw.Send(append(Head(status, "Content-Type: "+contentType(header), "Transfer-Encoding: chunked"),
				[]byte(fmt.Sprintf("%x\r\n%s\r\n", len(half), half))...))
		} else {
			_ = raw.Send(append(Head(status, "Content-Type: "+contentType(header),
				"Content-Length: "+strconv.Itoa(len(body))), half...))
		}
		raw.Reset()
	}
}

// ResetBeforeReply reads the request and resets the connection without a byte of reply.
func ResetBeforeReply() Sabotage {
	return func(x *Exchange) {
		if raw, err := x.Hijack(); err == nil {
			raw.Reset()
		}
	}
}

// CloseBeforeReply reads the request and closes the connection cleanly without a byte of reply.
func CloseBeforeReply() Sabotage {
	return func(x *Exchange) {
		if raw, err := x.Hijack(); err == nil {
			raw.Close()
		}
	}
}

// BadChunkSize answers chunked: a good first chunk (the start of the genuine reply), then a
// chunk whose size line is size ("zz", or a hex number too big for 64 bits), then closes.
func BadChunkSize(size string) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		first := body[:len(body)/2]
		out := append(Head(status, "Content-Type: "+contentType(header), "Transfer-Encoding: chunked"),
			[]byte(fmt.Sprintf("%x\r\n%s\r\n%s\r\n", len(first), first, size))...)
		out = append(out, body[len(first):]...)
		_ = raw.Send(append(out, "\r\n0\r\n\r\n"...))
		raw.Close()
	}
}

// HugeHeader forwards the genuine reply with one extra header line of n bytes.
func HugeHeader(n int) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		copyHeader(x.W.Header(), header)
		x.W.Header().Set("X-Hostile-Filler", strings.Repeat("a", n-len("X-Hostile-Filler: ")))
		x.W.Header().Set("Content-Length", strconv.Itoa(len(body)))
		x.W.WriteHeader(status)
		_, _ = x.W.Write(body)
	}
}

// ShortBody announces Content-Length = the genuine body plus missing bytes, sends the body and
// closes the connection cleanly.
func ShortBody(missing int) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		_ = raw.Send(append(Head(status, "Content-Type: "+contentType(header),
			"Content-Length: "+strconv.Itoa(len(body)+missing)), body...))
		raw.Close()
	}
}

// DuplicateContentLength answers the genuine reply under two different Content-Length headers
// (the true one first), then closes the connection.
func DuplicateContentLength() Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		_ = raw.Send(append(Head(status, "Content-Type: "+contentType(header),
			"Content-Length: "+strconv.Itoa(len(body)), "Content-Length: "+strconv.Itoa(len(body)+100)), body...))
		raw.Close()
	}
}

// BadStatusLine answers the genuine reply under the status line "HTTP/1.1 2OO OK" (letters O),
// then closes.
func BadStatusLine() Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		_ = status
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		_ = raw.Send(append([]byte("HTTP/1.1 2OO OK\r\nContent-Type: "+contentType(header)+"\r\nContent-Length: "+
			strconv.Itoa(len(body))+"\r\n\r\n"), body...))
		raw.Close()
	}
}

// HTTP09 answers the genuine body with no status line and no headers (HTTP/0.9), then closes.
func HTTP09() Sabotage {
	return func(x *Exchange) {
		_, _, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		_ = raw.Send(body)
		raw.Close()
	}
}

// Huge streams a 200 reply to method of about size bytes of small valid-looking objects.
func Huge(method string, size int64) Sabotage {
	return func(x *Exchange) {
		h := NewHugeReply(method, size)
		x.W.Header().Set("Content-Type", xmlType)
		x.W.Header().Set("Content-Length", strconv.FormatInt(h.Length(), 10))
		x.W.WriteHeader(http.StatusOK)
		_, _ = h.WriteTo(x.W, x.Done())
	}
}

// HugeErrorPage streams status with an HTML page of size bytes.
func HugeErrorPage(status int, size int64) Sabotage {
	return func(x *Exchange) {
		x.W.Header().Set("Content-Type", "text/html")
		x.W.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		x.W.WriteHeader(status)
		line := []byte(strings.Repeat("<p>error</p>", 5) + "\n")
		block := bytes.Repeat(line, (64<<10)/len(line))
		for left := size; left > 0; {
			select {
			case <-x.Done():
				return
			default:
			}
			n := int64(len(block))
			if left < n {
				n = left
			}
			if _, err := x.W.Write(block[:n]); err != nil {
				return
			}
			left -= n
		}
	}
}

// GzipBombReply answers 200, Content-Encoding: gzip, with GzipBomb (1 MB that inflates to 1 GiB).
func GzipBombReply() Sabotage {
	return func(x *Exchange) {
		body, _ := GzipBomb()
		Respond(http.StatusOK, body, "Content-Type: "+xmlType, "Content-Encoding: gzip")(x)
	}
}

// BogusGzip answers the genuine (plain) reply labelled Content-Encoding: gzip.
func BogusGzip() Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		Respond(status, body, "Content-Type: "+contentType(header), "Content-Encoding: gzip")(x)
	}
}

// Silence reads the request and never answers (until the client leaves or the proxy closes).
func Silence() Sabotage {
	return func(x *Exchange) { <-x.Done() }
}

// Drip sends the genuine reply one byte per interval. With headersFirst the status line and
// headers go at once and only the body drips; otherwise everything does, status line included.
func Drip(interval time.Duration, headersFirst bool) Sabotage {
	return func(x *Exchange) {
		status, header, body, ok := x.upstreamOr502()
		if !ok {
			return
		}
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		defer raw.Close()
		head := Head(status, "Content-Type: "+contentType(header), "Content-Length: "+strconv.Itoa(len(body)))
		drip := append(head, body...)
		if headersFirst {
			if raw.Send(head) != nil {
				return
			}
			drip = body
		}
		for _, b := range drip {
			if !x.Wait(interval) || raw.Send([]byte{b}) != nil {
				return
			}
		}
	}
}

// Trickle relays the genuine reply with its status and Content-Length at once, then the body
// perSecond bytes each second.
func Trickle(perSecond int) Sabotage {
	return func(x *Exchange) {
		res, err := x.Upstream()
		if err != nil {
			http.Error(x.W, "hostile proxy: upstream: "+err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		copyHeader(x.W.Header(), res.Header)
		x.W.WriteHeader(res.StatusCode)
		fw := flushWriter{x.W}
		fw.w.(http.Flusher).Flush()
		buf := make([]byte, perSecond)
		for x.Wait(time.Second) {
			n, err := io.ReadFull(res.Body, buf)
			if n > 0 {
				if _, werr := fw.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
}

// WrongResponse answers 200 with a well-formed reply to another method (LogoutResponse).
func WrongResponse() Sabotage {
	return XMLReply(http.StatusOK, Envelope(`<LogoutResponse xmlns="urn:vim25"></LogoutResponse>`))
}
