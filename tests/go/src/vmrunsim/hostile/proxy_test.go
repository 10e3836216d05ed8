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
// file and a guest file.
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
		{"close at once", CloseAtOnce, func(err error) bool { return errors.Is(err, io.EOF) }},
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
