// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"net"
	"testing"

	"vmrunsim/hostile"
)

// Hostile servers below HTTP: what answers the TCP connection is not a TLS server. The host was
// reached (the TCP connection was accepted), so what it then sends, or its closing, is an invalid
// reply; only a server that never answers the handshake is a connect failure, a timeout.
func TestHostileConnect(t *testing.T) {
	vmrunBin(t)
	for _, c := range []struct {
		hostileCase
		behave func(net.Conn, <-chan struct{}) // nil: a plain-HTTP server
	}{
		{hostileCase{name: "close right after accept", want: hConn(hInvalid)}, hostile.CloseAtOnce},
		{hostileCase{name: "garbage instead of a ServerHello", want: hConn(hInvalid)}, hostile.GarbageHello},
		// The handshake's own limit is min(--timeout, 30) s, the same moment as the command's:
		// either text is the rules' (docs/behaviour.md#connecting and docs/behaviour.md#limits).
		{hostileCase{name: "accept and never speak", want: hConn("Cannot connect to {P}: Timed out after {T} seconds"),
			alt: hConn(hTimedOut)}, hostile.NeverSpeak},
		{hostileCase{name: "plain HTTP instead of TLS", want: hConn(hInvalid)}, nil},
	} {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var addr string
			var accepted func() int
			if c.behave != nil {
				s, err := hostile.NewRawServer(c.behave)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(s.Close)
				addr, accepted = s.Addr, s.Accepted
			} else {
				s, err := hostile.NewPlainHTTPServer()
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(s.Close)
				addr, accepted = s.Addr, s.Accepted
			}
			r := c.run(t, c.args("https://"+addr+"/sdk", "--insecure", "list"))
			checkHostile(t, c.hostileCase, r, addr, accepted(), "raw server "+addr, nil, "")
		})
	}
}
