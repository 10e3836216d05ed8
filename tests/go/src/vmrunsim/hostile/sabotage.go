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

// genuine is the upstream's own reply to the exchange, read whole, which a sabotage then mangles.
type genuine struct {
	status int
	header http.Header
	body   []byte
}

// contentTypeLine is the genuine reply's Content-Type as a header line (text/xml if it had none).
func (g genuine) contentTypeLine() string {
	ct := g.header.Get("Content-Type")
	if ct == "" {
		ct = xmlType
	}
	return "Content-Type: " + ct
}

// upstreamFailed answers 502 for an upstream that could not be reached: the sabotage has nothing
// to mangle, and the client must still get an answer.
func upstreamFailed(x *Exchange, err error) {
	http.Error(x.W, "hostile proxy: upstream: "+err.Error(), http.StatusBadGateway)
}

// onGenuine is a sabotage that needs the genuine reply first: f gets it, or the client gets 502.
func onGenuine(f func(x *Exchange, g genuine)) Sabotage {
	return func(x *Exchange) {
		status, header, body, err := x.UpstreamReply()
		if err != nil {
			upstreamFailed(x, err)
			return
		}
		f(x, genuine{status, header, body})
	}
}

// onGenuineRaw is onGenuine for sabotages that break HTTP framing: f also gets the hijacked
// connection to write exact bytes on (and nothing happens if it cannot be hijacked).
func onGenuineRaw(f func(x *Exchange, g genuine, raw *Raw)) Sabotage {
	return onGenuine(func(x *Exchange, g genuine) {
		if raw, err := x.Hijack(); err == nil {
			f(x, g, raw)
		}
	})
}

// relay answers with the genuine status and headers and this body (Content-Length set to it).
func relay(x *Exchange, g genuine, body []byte) {
	copyHeader(x.W.Header(), g.header)
	x.W.Header().Set("Content-Length", strconv.Itoa(len(body)))
	x.W.WriteHeader(g.status)
	_, _ = x.W.Write(body)
}

// Truncated answers the genuine reply cut in half, with a Content-Length that matches the cut:
// the framing is right, the XML ends in the middle.
func Truncated() Sabotage {
	return onGenuine(func(x *Exchange, g genuine) {
		Respond(g.status, g.body[:len(g.body)/2], g.contentTypeLine())(x)
	})
}

// Rewrite forwards the exchange and replaces old with new in the reply body.
func Rewrite(old, new string) Sabotage {
	return onGenuine(func(x *Exchange, g genuine) {
		relay(x, g, bytes.Replace(g.body, []byte(old), []byte(new), -1))
	})
}

// ResetMidBody announces the genuine reply (Content-Length, or chunked), sends half of it and
// resets the connection (TCP RST).
func ResetMidBody(chunked bool) Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		half := g.body[:len(g.body)/2]
		if chunked {
			_ = raw.Send(append(Head(g.status, g.contentTypeLine(), "Transfer-Encoding: chunked"),
				[]byte(fmt.Sprintf("%x\r\n%s\r\n", len(half), half))...))
		} else {
			_ = raw.Send(append(Head(g.status, g.contentTypeLine(),
				"Content-Length: "+strconv.Itoa(len(g.body))), half...))
		}
		raw.Reset()
	})
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
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		first := g.body[:len(g.body)/2]
		out := append(Head(g.status, g.contentTypeLine(), "Transfer-Encoding: chunked"),
			[]byte(fmt.Sprintf("%x\r\n%s\r\n%s\r\n", len(first), first, size))...)
		out = append(out, g.body[len(first):]...)
		_ = raw.Send(append(out, "\r\n0\r\n\r\n"...))
		raw.Close()
	})
}

// HugeHeader forwards the genuine reply with one extra header line of n bytes.
func HugeHeader(n int) Sabotage {
	return onGenuine(func(x *Exchange, g genuine) {
		x.W.Header().Set("X-Hostile-Filler", strings.Repeat("a", n-len("X-Hostile-Filler: ")))
		relay(x, g, g.body)
	})
}

// ShortBody announces Content-Length = the genuine body plus missing bytes, sends the body and
// closes the connection cleanly.
func ShortBody(missing int) Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		_ = raw.Send(append(Head(g.status, g.contentTypeLine(),
			"Content-Length: "+strconv.Itoa(len(g.body)+missing)), g.body...))
		raw.Close()
	})
}

// DuplicateContentLength answers the genuine reply under two different Content-Length headers
// (the true one first), then closes the connection.
func DuplicateContentLength() Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		_ = raw.Send(append(Head(g.status, g.contentTypeLine(), "Content-Length: "+strconv.Itoa(len(g.body)),
			"Content-Length: "+strconv.Itoa(len(g.body)+100)), g.body...))
		raw.Close()
	})
}

// BadStatusLine answers the genuine reply under the status line "HTTP/1.1 2OO OK" (letters O),
// then closes.
func BadStatusLine() Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		_ = raw.Send(append([]byte("HTTP/1.1 2OO OK\r\n"+g.contentTypeLine()+"\r\nContent-Length: "+
			strconv.Itoa(len(g.body))+"\r\n\r\n"), g.body...))
		raw.Close()
	})
}

// HTTP09 answers the genuine body with no status line and no headers (HTTP/0.9), then closes.
func HTTP09() Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		_ = raw.Send(g.body)
		raw.Close()
	})
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
	return onGenuine(func(x *Exchange, g genuine) {
		Respond(g.status, g.body, g.contentTypeLine(), "Content-Encoding: gzip")(x)
	})
}

// Silence reads the request and never answers (until the client leaves or the proxy closes).
func Silence() Sabotage {
	return func(x *Exchange) { <-x.Done() }
}

// Drip sends the genuine reply one byte per interval. With headersFirst the status line and
// headers go at once and only the body drips; otherwise everything does, status line included.
func Drip(interval time.Duration, headersFirst bool) Sabotage {
	return onGenuineRaw(func(x *Exchange, g genuine, raw *Raw) {
		defer raw.Close()
		head := Head(g.status, g.contentTypeLine(), "Content-Length: "+strconv.Itoa(len(g.body)))
		drip := append(head, g.body...)
		if headersFirst {
			if raw.Send(head) != nil {
				return
			}
			drip = g.body
		}
		for _, b := range drip {
			if !x.Wait(interval) || raw.Send([]byte{b}) != nil {
				return
			}
		}
	})
}

// Trickle relays the genuine reply with its status and Content-Length at once, then the body
// perSecond bytes each second.
func Trickle(perSecond int) Sabotage {
	return func(x *Exchange) {
		x.relayStreamed(func(body io.Reader) {
			fw := flushWriter{x.W}
			fw.w.(http.Flusher).Flush()
			buf := make([]byte, perSecond)
			for x.Wait(time.Second) {
				n, err := io.ReadFull(body, buf)
				if n > 0 {
					if _, werr := fw.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		})
	}
}

// WrongResponse answers 200 with a well-formed reply to another method (LogoutResponse).
func WrongResponse() Sabotage {
	return XMLReply(http.StatusOK, Envelope(`<LogoutResponse xmlns="urn:vim25"></LogoutResponse>`))
}
