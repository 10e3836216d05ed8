// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bufio"
	"io/ioutil"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Connection failures (docs/behaviour.md#connecting). Only loopback addresses are used.

// freePort returns a loopback port that nothing listens on (listen, note the port, close).
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// runAgainst runs "vmrun -T <model> -h <addr> -u -p <longOpts> list" in a fresh HOME.
func runAgainst(t *testing.T, model, addr string, longOpts ...string) result {
	t.Helper()
	home := t.TempDir()
	args := append([]string{"-T", model, "-h", addr, "-u", testUser, "-p", testPass}, longOpts...)
	return runVmrun(t, home, filepath.Join(home, "xdg"), append(args, "list")...)
}

func TestConnectionRefused(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			vmrunBin(t)
			addr := freePort(t)
			r := runAgainst(t, model, addr, "--insecure")
			r.ExpectError(t, msgUnableToConnect, "Error: Cannot connect to "+addr+": Connection refused")
			if r.Elapsed > 10*time.Second {
				t.Errorf("connection refused took %v", r.Elapsed)
			}
		})
	}
}

// A host that accepts TCP connections and never answers: --timeout bounds the connect.
func TestUnresponsiveHost(t *testing.T) {
	for _, model := range models {
		t.Run(model, func(t *testing.T) {
			vmrunBin(t)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var conns []net.Conn
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					mu.Lock()
					conns = append(conns, c) // held open, never answered
					mu.Unlock()
				}
			}()
			defer func() {
				ln.Close()
				mu.Lock()
				for _, c := range conns {
					c.Close()
				}
				mu.Unlock()
			}()
			addr := ln.Addr().String()
			r := runAgainst(t, model, addr, "--insecure", "--timeout=2")
			r.ExpectError(t, msgUnableToConnect, "Error: Cannot connect to "+addr+": Timed out after 2 seconds")
			if r.Elapsed > 20*time.Second {
				t.Errorf("timeout of 2 s took %v", r.Elapsed)
			}
		})
	}
}

// A TLS server on loopback whose replies are not SOAP: "sent an invalid reply".
func TestInvalidReplies(t *testing.T) {
	const truncatedEnvelope = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><RetrieveServiceContentResponse xmlns="urn:vim25"><returnval><rootFolder type="Folder">ha-folder-root</rootFolder><propertyCollector type="PropertyCollector">ha-property-coll`
	cases := map[string]http.HandlerFunc{
		"garbage": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			_, _ = w.Write([]byte("\x00\xff\xfe this is not SOAP {]>< \x01\x02"))
		},
		"html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><head><title>It works</title></head><body><h1>It works!</h1></body></html>\n"))
		},
		"truncated-envelope": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			_, _ = w.Write([]byte(truncatedEnvelope))
		},
		"truncated-transfer": func(w http.ResponseWriter, r *http.Request) {
			// Promise 4096 bytes, send part of an envelope, close the connection.
			_, _ = ioutil.ReadAll(r.Body)
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 4096\r\n\r\n"+truncatedEnvelope)
		},
	}
	for name, handler := range cases {
		handler := handler
		t.Run(name, func(t *testing.T) {
			vmrunBin(t)
			srv := httptest.NewUnstartedServer(handler)
			srv.StartTLS() // listens on 127.0.0.1
			defer srv.Close()
			addr := strings.TrimPrefix(srv.URL, "https://")
			for _, model := range models {
				r := runAgainst(t, model, addr, "--insecure", "--timeout=10")
				r.ExpectError(t, msgUnableToConnect, "Error: The server at "+addr+" sent an invalid reply")
			}
		})
	}
}

func writeRaw(w *bufio.ReadWriter, s string) {
	_, _ = w.WriteString(s)
	_ = w.Flush()
}
