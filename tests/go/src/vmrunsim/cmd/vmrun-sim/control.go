// SPDX-License-Identifier: Apache-2.0

package main

// The control endpoint (-control): plain HTTP on loopback, apart from the simulated server, so
// that a benchmark can count the SOAP calls of one command without those requests being counted
// or traced themselves.
//
//	GET  /calls  {"total": N, "calls": {"Login": 1, ...}, "http": ["GET /sdk/vimServiceVersions.xml"], "connections": N}
//	POST /reset  clears the counters (204)
//
// Counters are those of sim.Sim.Calls, HTTPRequests and Connections since start or the last reset.

import (
	"encoding/json"
	"net/http"
)

// accounting is what the control endpoint reads and resets (*sim.Sim).
type accounting interface {
	Calls() []string
	HTTPRequests() []string
	Connections() int
	ResetCalls()
}

type callCounts struct {
	Total       int            `json:"total"`
	Calls       map[string]int `json:"calls"`
	HTTP        []string       `json:"http"`
	Connections int            `json:"connections"`
}

func controlHandler(a accounting) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/calls", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		calls := a.Calls()
		out := callCounts{Total: len(calls), Calls: map[string]int{}, HTTP: a.HTTPRequests(), Connections: a.Connections()}
		for _, c := range calls {
			out.Calls[c]++
		}
		if out.HTTP == nil {
			out.HTTP = []string{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		a.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}
