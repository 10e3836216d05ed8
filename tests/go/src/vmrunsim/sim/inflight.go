// SPDX-License-Identifier: Apache-2.0

package sim

// Calls in flight together. A real host answers the calls of one session side by side when the
// client sends them on several connections, and so does vcsim; what a test wants to know is
// whether the client did. The simulator counts, per SOAP method, the calls it is answering at
// the same time and keeps the most it ever saw. Since a client's calls seldom overlap by chance
// on loopback, a test can also gather the next calls of a method: each one waits, before it is
// answered, until n of them are in flight at once, and then they all go on (later ones do not
// wait). A client that sends them one at a time never gets there: the first one waits out the
// limit, the gathering is given up (Gathered reports false) and every call goes on, so that the
// client ends instead of hanging.

import (
	"sync"
	"time"
)

type flights struct {
	mu      sync.Mutex
	now     map[string]int // method -> calls being answered now
	most    map[string]int // method -> the most answered at once
	gathers map[string]*gathering
}

// gathering holds the calls of one method until n are in flight.
type gathering struct {
	n     int
	limit time.Duration
	timer *time.Timer   // started by the first call that waits
	open  chan struct{} // closed when n were in flight or the limit passed
	met   bool          // n were in flight
}

func (f *flights) init() {
	if f.now == nil {
		f.now, f.most, f.gathers = map[string]int{}, map[string]int{}, map[string]*gathering{}
	}
}

// inFlight counts a call of method from now until the returned function is called, after it was
// let go by a gathering of its method (at once when there is none).
func (s *Sim) inFlight(method string) (done func()) {
	f := &s.flights
	f.mu.Lock()
	f.init()
	f.now[method]++
	if f.now[method] > f.most[method] {
		f.most[method] = f.now[method]
	}
	g := f.gathers[method]
	if g != nil && !isClosed(g.open) {
		if f.now[method] >= g.n {
			g.met = true
			close(g.open)
			if g.timer != nil {
				g.timer.Stop()
			}
		} else if g.timer == nil {
			g.timer = time.AfterFunc(g.limit, func() { s.giveUp(g) })
		}
	}
	f.mu.Unlock()
	done = func() {
		f.mu.Lock()
		f.now[method]--
		f.mu.Unlock()
	}
	if g != nil {
		select {
		case <-g.open:
		case <-s.ctx.Done():
		}
	}
	return done
}

func (s *Sim) giveUp(g *gathering) {
	s.flights.mu.Lock()
	defer s.flights.mu.Unlock()
	if !isClosed(g.open) {
		close(g.open)
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// GatherCalls makes the next calls of method wait, before they are answered, until n of them are
// in flight at once; then they, and any later ones, go on. When limit passes after the first one
// arrived and fewer than n are in flight, the gathering is given up: the waiting calls go on and
// Gathered(method) reports false.
func (s *Sim) GatherCalls(method string, n int, limit time.Duration) {
	f := &s.flights
	f.mu.Lock()
	defer f.mu.Unlock()
	f.init()
	f.gathers[method] = &gathering{n: n, limit: limit, open: make(chan struct{})}
}

// Gathered reports whether the gathering of method's calls (GatherCalls) saw n in flight at once.
func (s *Sim) Gathered(method string) bool {
	f := &s.flights
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.gathers[method]
	return g != nil && g.met
}

// MostInFlight returns the most calls of method that the simulator was answering at once since
// Start.
func (s *Sim) MostInFlight(method string) int {
	f := &s.flights
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.most[method]
}
