// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"errors"
	"io"
	"io/ioutil"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The proxy's bombs, stalls and raw servers, checked on the wire.

func TestBombs(t *testing.T) {
	t.Run("huge reply", func(t *testing.T) {
		p := proxy(t, Rule{Method: "RetrievePropertiesEx", Do: Huge("RetrievePropertiesEx", 100<<20)})
		res, err := post(t, p, "RetrievePropertiesEx")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		br := bufio.NewReaderSize(res.Body, 1<<20)
		peek, _ := br.Peek(600)
		head := append([]byte(nil), peek...)
		var tail tailWriter
		n, err := io.Copy(&tail, br)
		if err != nil || n < 100<<20 || n != res.ContentLength || !bytes.Contains(head, []byte("<RetrievePropertiesExResponse")) ||
			!bytes.HasSuffix(tail.last, []byte("</RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>")) {
			t.Errorf("%d bytes (Content-Length %d), err %v, head %q, tail %q", n, res.ContentLength, err, head, tail.last)
		}
	})
	t.Run("gzip bomb", func(t *testing.T) {
		p := proxy(t, Rule{Method: "RetrievePropertiesEx", Do: GzipBombReply()})
		res, err := post(t, p, "RetrievePropertiesEx")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := ioutil.ReadAll(res.Body)
		res.Body.Close()
		if len(body) > 2<<20 || res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%d bytes, Content-Encoding %q", len(body), res.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var tail tailWriter
		n, err := io.Copy(&tail, zr)
		_, want := GzipBomb()
		if err != nil || n != want || n < 1<<30 ||
			!bytes.HasSuffix(tail.last, []byte("</RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>")) {
			t.Errorf("inflated %d bytes (want %d), err %v (the gzip trailer's CRC and size are checked)", n, want, err)
		}
		t.Logf("gzip bomb: %d bytes inflate to %d", len(body), n)
	})
	t.Run("entity bomb, XXE, deep nesting", func(t *testing.T) {
		if b := string(EntityBomb("RetrievePropertiesEx")); !strings.Contains(b, `<!ENTITY lol9 "&lol8;&lol8;`) ||
			!strings.Contains(b, ">&lol9;</val>") {
			t.Errorf("entity bomb: %s", b)
		}
		if b := string(XXE("/etc/passwd")); !strings.Contains(b, `<!ENTITY xxe SYSTEM "file:///etc/passwd">`) ||
			!strings.Contains(b, "<faultstring>&xxe;</faultstring>") {
			t.Errorf("XXE: %s", b)
		}
		if b := string(DeepNesting("RetrievePropertiesEx", 100000)); strings.Count(b, "<a>") != 100000 || strings.Count(b, "</a>") != 100000 {
			t.Errorf("deep nesting: %d levels", strings.Count(b, "<a>"))
		}
	})
	t.Run("huge error page", func(t *testing.T) {
		p := proxy(t, Rule{Path: "/guestFile", Do: HugeErrorPage(500, 10<<20)})
		res, err := client().Get("https://" + p.Addr + "/guestFile?id=1")
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(ioutil.Discard, res.Body)
		res.Body.Close()
		if err != nil || n != 10<<20 || res.StatusCode != 500 {
			t.Errorf("%d, %d bytes, %v", res.StatusCode, n, err)
		}
	})
}

type tailWriter struct{ last []byte }

func (w *tailWriter) Write(b []byte) (int, error) {
	w.last = append(w.last, b...)
	if len(w.last) > 4096 {
		w.last = append([]byte(nil), w.last[len(w.last)-4096:]...)
	}
	return len(b), nil
}

// Stalls: the deadlines below bound the test; the server's pace is what is checked.
func TestStalls(t *testing.T) {
	t.Run("silence", func(t *testing.T) {
		p := proxy(t, Rule{Path: "/sdk/vimServiceVersions.xml", Do: Silence()})
		got, err := rawExchange(t, p.Addr, plainGet("/sdk/vimServiceVersions.xml"), 1500*time.Millisecond)
		var ne net.Error
		if len(got) != 0 || !errors.As(err, &ne) || !ne.Timeout() || p.Fired() != 1 {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("drip", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: Drip(time.Second, false)})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 2500*time.Millisecond)
		if len(got) < 1 || len(got) > 3 || !bytes.HasPrefix([]byte("HTTP/1.1 200"), got) {
			t.Errorf("after 2.5 s: %q (err %v)", got, err)
		}
	})
	t.Run("drip after the headers", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: Drip(time.Second, true)})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 2500*time.Millisecond)
		i := bytes.Index(got, []byte("\r\n\r\n"))
		if i < 0 || len(got)-i-4 < 1 || len(got)-i-4 > 3 {
			t.Errorf("after 2.5 s: %q (err %v)", got, err)
		}
	})
	t.Run("trickle", func(t *testing.T) {
		p := proxy(t, Rule{Path: "/guestFile", Do: Trickle(2)})
		got, err := rawExchange(t, p.Addr, plainGet("/guestFile?id=1"), 2500*time.Millisecond)
		i := bytes.Index(got, []byte("\r\n\r\n"))
		if i < 0 || !bytes.Contains(got[:i], []byte("Content-Length: "+strconv.Itoa(guestFileSize))) ||
			len(got)-i-4 < 2 || len(got)-i-4 > 6 {
			t.Errorf("after 2.5 s: %q (err %v)", got, err)
		}
	})
}

func TestRawServers(t *testing.T) {
	hello := func(addr string) error {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true})
		_ = tc.SetDeadline(time.Now().Add(1500 * time.Millisecond))
		return tc.Handshake()
	}
	for _, tc := range []struct {
		name   string
		behave func(net.Conn, <-chan struct{})
		want   func(error) bool
	}{
		// A ClientHello that reaches the socket before the close turns the FIN into a reset:
		// either is the peer hanging up without a word.
		{"close at once", CloseAtOnce, func(err error) bool {
			return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
		}},
		{"garbage hello", GarbageHello, func(err error) bool { return err != nil && strings.Contains(err.Error(), "tls:") }},
		{"never speak", NeverSpeak, func(err error) bool {
			var ne net.Error
			return errors.As(err, &ne) && ne.Timeout()
		}},
	} {
		s, err := NewRawServer(tc.behave)
		if err != nil {
			t.Fatal(err)
		}
		err = hello(s.Addr)
		if !tc.want(err) || s.Accepted() != 1 {
			t.Errorf("%s: handshake error %v, accepted %d", tc.name, err, s.Accepted())
		}
		s.Close()
	}
	s, err := NewPlainHTTPServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := hello(s.Addr); err == nil || s.Accepted() != 1 {
		t.Errorf("plain HTTP: handshake error %v, accepted %d", err, s.Accepted())
	}
	res, err := http.Get("http://" + s.Addr + "/sdk")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("plain HTTP GET: %v", err)
	}
	res.Body.Close()
}

func TestCloseEndsStalledExchanges(t *testing.T) {
	p, err := NewProxy(upstream(t).URL, Rule{Method: "Login", Do: Silence()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := tls.Dial("tcp", p.Addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, soapPost("Login"))
	select {
	case <-p.FirstFired():
	case <-time.After(5 * time.Second):
		t.Fatal("the proxy never saw the request")
	}
	closed := make(chan struct{})
	go func() { p.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a silent exchange")
	}
}
