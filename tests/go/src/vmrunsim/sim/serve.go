// SPDX-License-Identifier: Apache-2.0

package sim

// Serving requests: every request is counted (SOAP method, plain HTTP request) and, when asked,
// traced and dumped; a SOAP method with a hook (hooks.go) is answered by it, any other by the
// stock simulator, with a real host's login fault text.

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"io/ioutil"
	"net/http"
	"path/filepath"
	"strings"
	"time"
)

// ServeHTTP does the accounting and the SOAP-level fixes, then hands over to the simulator.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isSOAP := r.Method == http.MethodPost && (r.URL.Path == "/sdk" || r.URL.Path == "/sdk/vimService")
	if !isSOAP {
		entry := r.Method + " " + r.URL.Path
		s.mu.Lock()
		s.requests = append(s.requests, entry)
		s.plain = append(s.plain, entry)
		s.mu.Unlock()
		if r.URL.Path == "/sdk/vimServiceVersions.xml" {
			s.roundTrip(r, entry) // a client's first round trip when it negotiates the version
		}
		if s.checkDcPath(w, r) {
			s.mux.ServeHTTP(w, r)
		}
		return
	}
	body, _ := ioutil.ReadAll(r.Body)
	_ = r.Body.Close()
	call := parseSOAP(body)
	name := call.Method
	if name == "" {
		name = "(unparsable)"
	}
	s.dumpRequest(name, body)
	entry := "POST " + r.URL.Path + " " + name
	s.mu.Lock()
	s.calls = append(s.calls, name)
	s.requests = append(s.requests, entry)
	for _, ch := range s.awaited[name] {
		close(ch)
	}
	delete(s.awaited, name)
	s.counted = s.closeCounted(s.counted)
	s.mu.Unlock()
	s.roundTrip(r, entry)
	defer s.inFlight(name)()

	status := http.StatusOK
	answer := func(w http.ResponseWriter) []byte {
		if f, ok := s.takeTaskFault(call.Method); ok {
			return s.replyFailedTask(w, call, f) // task_faults.go
		}
		if hook, ok := soapHooks[call.Method]; ok {
			return hook(s, w, r, call, body)
		}
		rec := s.forward(w, r, body)
		out := realByteArrays(rec.body.Bytes())
		if call.Method == "Login" && rec.status == http.StatusInternalServerError && bytes.Contains(out, []byte("InvalidLogin")) {
			// A real host's InvalidLogin faultstring (vcsim says "Login failure").
			out = bytes.Replace(out, []byte("<faultstring>Login failure</faultstring>"),
				[]byte("<faultstring>"+loginFaultString+"</faultstring>"), 1)
		}
		rec.flush(out)
		status = rec.status
		return out
	}
	var out []byte
	switch {
	case s.isHeld(call):
		out = s.heldReply(w, call, answer) // tasks.go: the task reads queued for now
	case isTaskMethod(call.Method):
		out = s.taskReply(w, call, answer) // recent_tasks.go: listed by its VM before the reply
	default:
		out = answer(w)
	}
	s.trace(name, status, body, out)
}

// roundTrip waits out Config.Latency before a round trip is answered. It stops waiting when the
// client hangs up or the Sim closes, so that Close never waits for it.
func (s *Sim) roundTrip(r *http.Request, entry string) {
	if s.cfg.Latency <= 0 {
		return
	}
	if s.cfg.onLatency != nil {
		s.cfg.onLatency(entry)
	}
	t := time.NewTimer(s.cfg.Latency)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.ctx.Done():
	}
}

func (s *Sim) trace(method string, status int, req, res []byte) {
	if s.cfg.Trace == nil {
		return
	}
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	fmt.Fprintf(s.cfg.Trace, "=== %s %s (HTTP %d)\n--- request\n%s\n--- response\n%s\n",
		time.Now().Format("15:04:05.000"), method, status, req, res)
}

// Calls returns the SOAP method names received since Start or the last ResetCalls, in order.
func (s *Sim) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

// HTTPRequests returns the plain (non-SOAP) HTTP requests, as "METHOD /path", in order.
func (s *Sim) HTTPRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.plain...)
}

// Requests returns every request in order: "POST /sdk <Method>" for SOAP, "METHOD /path" otherwise.
func (s *Sim) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Connections returns the number of TCP connections accepted since Start or the last ResetCalls.
func (s *Sim) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// ResetCalls clears the call, request and connection accounting.
func (s *Sim) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.requests, s.plain, s.conns = nil, nil, nil, 0
}

// CallSeen returns a channel closed when the simulator next receives a call of method, so a test
// can act at that point of a client's work without sleeping.
func (s *Sim) CallSeen(method string) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.awaited == nil {
		s.awaited = map[string][]chan struct{}{}
	}
	ch := make(chan struct{})
	s.awaited[method] = append(s.awaited[method], ch)
	return ch
}

// countedWait is a CallNumberSeen waiter.
type countedWait struct {
	method string
	n      int
	ch     chan struct{}
}

// CallNumberSeen returns a channel closed once the simulator has received the n-th call of
// method since Start or the last ResetCalls (at once if it has), so a test can act after a
// client's later call (a wait that is under way again) without sleeping.
func (s *Sim) CallNumberSeen(method string, n int) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := countedWait{method, n, make(chan struct{})}
	s.counted = s.closeCounted(append(s.counted, w))
	return w.ch
}

// closeCounted closes the waiters whose call has come and returns the others; s.mu is held.
func (s *Sim) closeCounted(waiters []countedWait) []countedWait {
	var left []countedWait
	for _, w := range waiters {
		seen := 0
		for _, c := range s.calls {
			if c == w.method {
				seen++
			}
		}
		if seen >= w.n {
			close(w.ch)
		} else {
			left = append(left, w)
		}
	}
	return left
}

// CallCount returns how many times the SOAP method was called.
func (s *Sim) CallCount(method string) int {
	n := 0
	for _, c := range s.Calls() {
		if c == method {
			n++
		}
	}
	return n
}

// Describe is a one-line summary, handy in test failure messages.
func (s *Sim) Describe() string {
	return fmt.Sprintf("%s sim at %s (calls: %s)", s.Model, s.URL, strings.Join(s.Calls(), ", "))
}

// dumpRequest keeps a copy of a request envelope; identical requests share one file.
func (s *Sim) dumpRequest(method string, body []byte) {
	if s.cfg.RequestDump == "" {
		return
	}
	sum := sha1.Sum(body)
	name := fmt.Sprintf("%s-%x.xml", method, sum[:8])
	_ = ioutil.WriteFile(filepath.Join(s.cfg.RequestDump, name), body, 0o644)
}
