// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"errors"
	"io"
	"io/ioutil"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The proxy's own tests: each sabotage really does to the bytes on the wire what its case says.

const guestFileSize = 64 << 10

// upstream is a small stand-in for the simulator: SOAP replies naming the method, a versions
// file and a guest file (and a PUT of one, read whole).
func upstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case isSOAP(r):
			body, _ := ioutil.ReadAll(r.Body)
			m := MethodOf(body)
			w.Header().Set("Content-Type", xmlType)
			_, _ = w.Write(Envelope(responseOpen(m) + "ok-" + m + "-" + strings.Repeat("x", 200) + responseClose(m)))
		case r.URL.Path == "/sdk/vimServiceVersions.xml":
			_, _ = w.Write([]byte(`<namespaces version="1.0"><namespace><name>urn:vim25</name><version>8.0.3.0</version></namespace></namespaces>`))
		case r.URL.Path == "/guestFile" && r.Method == http.MethodPut:
			_, _ = io.Copy(ioutil.Discard, r.Body)
		case r.URL.Path == "/guestFile":
			w.Header().Set("Content-Length", strconv.Itoa(guestFileSize))
			_, _ = w.Write(GarbageBytes(guestFileSize))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func proxy(t *testing.T, rules ...Rule) *Proxy {
	t.Helper()
	p, err := NewProxy(upstream(t).URL+"/sdk", rules...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func soapRequest(method string) []byte {
	return Envelope(`<` + method + ` xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr</_this></` + method + `>`)
}

// rawExchange sends one request over TLS and returns every byte of the reply until the server
// closes, an error, or the deadline (the error tells which).
func rawExchange(t *testing.T, addr, request string, deadline time.Duration) ([]byte, error) {
	t.Helper()
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(deadline))
	var got bytes.Buffer
	_, err = io.Copy(&got, c)
	return got.Bytes(), err
}

func soapPost(method string) string {
	body := soapRequest(method)
	return "POST /sdk HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n" + string(body)
}

func plainGet(path string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"
}

func client() *http.Client {
	return &http.Client{
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

func post(t *testing.T, p *Proxy, method string) (*http.Response, error) {
	t.Helper()
	return client().Post(p.URL, "text/xml", bytes.NewReader(soapRequest(method)))
}

func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }

func TestMethodOf(t *testing.T) {
	if m := MethodOf(soapRequest("RetrievePropertiesEx")); m != "RetrievePropertiesEx" {
		t.Errorf("got %q", m)
	}
	if m := MethodOf([]byte("not xml")); m != "(unparsable)" {
		t.Errorf("got %q", m)
	}
}

func TestPassThroughAndCounts(t *testing.T) {
	p := proxy(t, Rule{Method: "Login", Nth: 2, Do: Empty()})
	for i := 1; i <= 3; i++ {
		res, err := post(t, p, "Login")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := ioutil.ReadAll(res.Body)
		res.Body.Close()
		sabotaged := i == 2
		if got := len(body) == 0; got != sabotaged {
			t.Errorf("Login #%d: body %q", i, body)
		}
	}
	if p.Seen("Login") != 3 || p.Fired() != 1 {
		t.Errorf("seen %d, fired %d: %s", p.Seen("Login"), p.Fired(), p.Describe())
	}
	res, err := client().Get("https://" + p.Addr + "/guestFile?id=1")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(ioutil.Discard, res.Body)
	res.Body.Close()
	if n != guestFileSize || p.Seen("/guestFile") != 1 {
		t.Errorf("guest file: %d bytes, seen %d", n, p.Seen("/guestFile"))
	}
}

func TestCannedReplies(t *testing.T) {
	for _, tc := range []struct {
		do     Sabotage
		status int
		check  func(h http.Header, body []byte) bool
	}{
		{Garbage(4096), 200, func(_ http.Header, b []byte) bool { return len(b) == 4096 && !bytes.Contains(b, []byte("Envelope")) }},
		{Empty(), 200, func(_ http.Header, b []byte) bool { return len(b) == 0 }},
		{HTMLPage(500), 500, func(h http.Header, b []byte) bool {
			return strings.HasPrefix(h.Get("Content-Type"), "text/html") && bytes.HasPrefix(b, []byte("<!DOCTYPE html>"))
		}},
		{HTMLPage(200), 200, func(h http.Header, b []byte) bool { return bytes.Contains(b, []byte("<html>")) }},
		{HTMLPage(503), 503, func(h http.Header, b []byte) bool { return bytes.Contains(b, []byte("Service Unavailable")) }},
		{Redirect(302, "https://127.0.0.1:1/elsewhere"), 302, func(h http.Header, _ []byte) bool {
			return h.Get("Location") == "https://127.0.0.1:1/elsewhere"
		}},
		{Truncated(), 200, func(_ http.Header, b []byte) bool {
			return bytes.Contains(b, []byte("<soapenv:Envelope")) && !bytes.Contains(b, []byte("</soapenv:Envelope>"))
		}},
		{Fault("a\nb"), 500, func(_ http.Header, b []byte) bool {
			return bytes.Contains(b, []byte("<faultstring>a\nb</faultstring>"))
		}},
		{Rewrite("ok-Login", "changed"), 200, func(_ http.Header, b []byte) bool { return bytes.Contains(b, []byte(">changed-")) }},
		{HugeHeader(300 << 10), 200, func(h http.Header, b []byte) bool {
			return len(h.Get("X-Hostile-Filler"))+len("X-Hostile-Filler: ") == 300<<10 && bytes.Contains(b, []byte("ok-Login"))
		}},
		{WrongResponse(), 200, func(_ http.Header, b []byte) bool { return bytes.Contains(b, []byte("<LogoutResponse")) }},
	} {
		p := proxy(t, Rule{Method: "Login", Do: tc.do})
		res, err := post(t, p, "Login")
		if err != nil {
			t.Fatal(err)
		}
		body, err := ioutil.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != tc.status || !tc.check(res.Header, body) {
			t.Errorf("%d %v %q (err %v)", res.StatusCode, res.Header, body, err)
		}
	}
}

func TestFramingSabotages(t *testing.T) {
	t.Run("reset mid-body, Content-Length", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: ResetMidBody(false)})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if !isReset(err) || !bytes.Contains(got, []byte("Content-Length: ")) || !bytes.Contains(got, []byte("<soapenv:Envelope")) ||
			bytes.Contains(got, []byte("</soapenv:Envelope>")) {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("reset mid-body, chunked", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: ResetMidBody(true)})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if !isReset(err) || !bytes.Contains(got, []byte("Transfer-Encoding: chunked")) || bytes.Contains(got, []byte("\r\n0\r\n")) {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("reset before reply", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: ResetBeforeReply()})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if !isReset(err) || len(got) != 0 {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("close before reply", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: CloseBeforeReply()})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if err != nil || len(got) != 0 {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("bad chunk size", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: BadChunkSize("zz")})
		res, err := post(t, p, "Login")
		if err != nil {
			t.Fatal(err)
		}
		_, err = ioutil.ReadAll(res.Body)
		res.Body.Close()
		if err == nil || !strings.Contains(err.Error(), "chunk") {
			t.Errorf("reading a body with a bad chunk size: %v", err)
		}
	})
	t.Run("chunk size overflow", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: BadChunkSize("fffffffffffffffff0")})
		got, _ := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if !bytes.Contains(got, []byte("\r\nfffffffffffffffff0\r\n")) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("Content-Length larger than the body", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: ShortBody(1000)})
		res, err := post(t, p, "Login")
		if err != nil {
			t.Fatal(err)
		}
		body, err := ioutil.ReadAll(res.Body)
		res.Body.Close()
		if err != io.ErrUnexpectedEOF || res.ContentLength != int64(len(body)+1000) {
			t.Errorf("err %v, Content-Length %d, body %d bytes", err, res.ContentLength, len(body))
		}
	})
	t.Run("two Content-Lengths", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: DuplicateContentLength()})
		got, _ := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if strings.Count(string(got), "Content-Length: ") != 2 {
			t.Errorf("got %q", got)
		}
	})
	t.Run("bad status line", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: BadStatusLine()})
		got, _ := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if !bytes.HasPrefix(got, []byte("HTTP/1.1 2OO OK\r\n")) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("HTTP/0.9", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: HTTP09()})
		got, err := rawExchange(t, p.Addr, soapPost("Login"), 5*time.Second)
		if err != nil || !bytes.HasPrefix(got, []byte("<?xml")) {
			t.Errorf("err %v, got %q", err, got)
		}
	})
	t.Run("bogus gzip", func(t *testing.T) {
		p := proxy(t, Rule{Method: "Login", Do: BogusGzip()})
		res, err := post(t, p, "Login")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := ioutil.ReadAll(res.Body)
		res.Body.Close()
		_, gzErr := gzip.NewReader(bytes.NewReader(body))
		if res.Header.Get("Content-Encoding") != "gzip" || gzErr == nil {
			t.Errorf("Content-Encoding %q, gzip error %v", res.Header.Get("Content-Encoding"), gzErr)
		}
	})
}
