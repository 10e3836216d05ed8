// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"bytes"
	"crypto/tls"
	"io"
	"io/ioutil"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A PUT body is recorded as far as the proxy read it: all of a forwarded one, the part before
// the cut of a sabotaged one; a cut hangs up without a byte of reply.
func TestUploads(t *testing.T) {
	body := GarbageBytes(guestFileSize)
	put := "PUT /guestFile?id=1 HTTP/1.1\r\nHost: x\r\nContent-Length: " + strconv.Itoa(len(body)) +
		"\r\n\r\n" + string(body)
	expect := func(t *testing.T, p *Proxy, length int64) {
		t.Helper()
		u := p.Uploads()
		if len(u) != 1 || u[0].Path != "/guestFile" || u[0].Length != length || !u[0].StartsFile(body) {
			t.Errorf("uploads %+v, want one of the body's first %d bytes", u, length)
		}
		if (Upload{Length: length, SHA256: u[0].SHA256}).StartsFile(body[1:]) {
			t.Errorf("StartsFile accepts the body from offset 1")
		}
	}
	t.Run("forwarded", func(t *testing.T) {
		p := proxy(t)
		req, err := http.NewRequest(http.MethodPut, "https://"+p.Addr+"/guestFile?id=1", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res, err := client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(ioutil.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("status %d", res.StatusCode)
		}
		expect(t, p, int64(len(body)))
	})
	t.Run("reset after 1000 bytes", func(t *testing.T) {
		p := proxy(t, Rule{Path: "/guestFile", Do: CutUpload(1000, true)})
		got, err, werr := sendingExchange(t, p.Addr, put, 5*time.Second)
		if !(isReset(err) || isReset(werr)) || len(got) != 0 {
			t.Errorf("err %v (writing: %v), got %q", err, werr, got)
		}
		expect(t, p, 1000)
	})
	t.Run("closed after the whole body", func(t *testing.T) {
		p := proxy(t, Rule{Path: "/guestFile", Do: CutUpload(int64(len(body))+1, false)})
		got, err, _ := sendingExchange(t, p.Addr, put, 5*time.Second)
		if err != nil || len(got) != 0 {
			t.Errorf("err %v, got %q", err, got)
		}
		expect(t, p, int64(len(body)))
	})
}

// sendingExchange is rawExchange for a request the server may cut short: it is written while the
// reply is read, and the write's error is returned too (a reset shows on whichever of the two
// met it first).
func sendingExchange(t *testing.T, addr, request string, deadline time.Duration) ([]byte, error, error) {
	t.Helper()
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	written := make(chan error, 1)
	go func() {
		_, err := io.WriteString(c, request)
		written <- err
	}()
	_ = c.SetReadDeadline(time.Now().Add(deadline))
	var got bytes.Buffer
	_, err = io.Copy(&got, c)
	_ = c.SetWriteDeadline(time.Now()) // a writer still blocked returns now
	return got.Bytes(), err, <-written
}
