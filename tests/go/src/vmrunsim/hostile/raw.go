// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"io"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"sync"
)

// RawServer is a TCP listener on 127.0.0.1 that does something other than TLS with each
// connection it accepts.
type RawServer struct {
	Addr string // 127.0.0.1:PORT

	ln        net.Listener
	behave    func(c net.Conn, done <-chan struct{})
	done      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup

	mu       sync.Mutex
	closing  bool
	accepted int
	conns    map[net.Conn]struct{}
}

// NewRawServer listens and hands every accepted connection to behave, which returns when it is
// done with it (the server closes it then) or when done is closed.
func NewRawServer(behave func(c net.Conn, done <-chan struct{})) (*RawServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &RawServer{Addr: ln.Addr().String(), ln: ln, behave: behave, done: make(chan struct{}),
		conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

func (s *RawServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			_ = c.Close()
			return
		}
		s.accepted++
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.behave(c, s.done)
			_ = c.Close()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// Accepted is how many connections the server accepted.
func (s *RawServer) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Close stops listening, closes every connection and waits for every goroutine.
func (s *RawServer) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closing = true
		for c := range s.conns {
			_ = c.Close()
		}
		s.mu.Unlock()
		close(s.done)
		_ = s.ln.Close()
		s.wg.Wait()
	})
}

// CloseAtOnce closes each connection right after accepting it (a FIN before any byte).
func CloseAtOnce(c net.Conn, done <-chan struct{}) {}

// GarbageHello reads the client's first bytes (its ClientHello) and answers with 4 KiB of
// garbage instead of a ServerHello, then waits for the client to give up.
func GarbageHello(c net.Conn, done <-chan struct{}) {
	buf := make([]byte, 16<<10)
	if _, err := c.Read(buf); err != nil {
		return
	}
	if _, err := c.Write(GarbageBytes(4 << 10)); err != nil {
		return
	}
	_, _ = io.Copy(ioutil.Discard, c) // until the client closes, or Close closes c
}

// NeverSpeak reads whatever the client sends and never writes a byte.
func NeverSpeak(c net.Conn, done <-chan struct{}) {
	_, _ = io.Copy(ioutil.Discard, c)
}

// PlainHTTPServer is an HTTP server without TLS on 127.0.0.1 (a host whose HTTPS port speaks
// plain HTTP); every request gets a small SOAP-looking 200.
type PlainHTTPServer struct {
	Addr string

	srv *http.Server
	wg  sync.WaitGroup

	mu      sync.Mutex
	conns   int
	handled int
}

// NewPlainHTTPServer starts one.
func NewPlainHTTPServer() (*PlainHTTPServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &PlainHTTPServer{Addr: ln.Addr().String()}
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.handled++
			s.mu.Unlock()
			w.Header().Set("Content-Type", xmlType)
			_, _ = w.Write(Envelope(`<RetrieveServiceContentResponse xmlns="urn:vim25"/>`))
		}),
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.mu.Lock()
				s.conns++
				s.mu.Unlock()
			}
		},
		ErrorLog: log.New(ioutil.Discard, "", 0),
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Accepted is how many connections it accepted.
func (s *PlainHTTPServer) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Close stops it and waits for its goroutines.
func (s *PlainHTTPServer) Close() {
	_ = s.srv.Close()
	s.wg.Wait()
}
