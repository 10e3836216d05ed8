// SPDX-License-Identifier: Apache-2.0

package sim

// The in-flight accounting: calls sent side by side are gathered and counted together; a call
// sent alone waits out the gathering's limit, which is then given up.

import (
	"crypto/tls"
	"io/ioutil"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const serviceContentCall = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
	`<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this>` +
	`</RetrieveServiceContent></soapenv:Body></soapenv:Envelope>`

// postServiceContent sends n RetrieveServiceContent calls at once, each on a connection of its
// own, and waits for every answer.
func postServiceContent(t *testing.T, s *Sim, n int) {
	t.Helper()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
		MaxIdleConnsPerHost: n}}
	defer hc.CloseIdleConnections()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := hc.Post(s.URL, "text/xml", strings.NewReader(serviceContentCall))
			if err != nil {
				errs <- err
				return
			}
			_, _ = ioutil.ReadAll(res.Body)
			res.Body.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestGatherCallsInFlight(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	// A limit no test run reaches: the four calls meet long before.
	s.GatherCalls("RetrieveServiceContent", 4, time.Minute)
	postServiceContent(t, s, 4)
	if !s.Gathered("RetrieveServiceContent") {
		t.Error("four calls sent at once were not gathered")
	}
	if got := s.MostInFlight("RetrieveServiceContent"); got != 4 {
		t.Errorf("most in flight: %d, want 4", got)
	}
	// Later calls are not held.
	postServiceContent(t, s, 1)
	if got := s.MostInFlight("Login"); got != 0 {
		t.Errorf("Login in flight: %d, want 0", got)
	}
}

func TestGatherCallsGivesUp(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	s.GatherCalls("RetrieveServiceContent", 2, 50*time.Millisecond)
	postServiceContent(t, s, 1) // returns: the gathering is given up
	if s.Gathered("RetrieveServiceContent") {
		t.Error("one call reported as gathered with another")
	}
	if got := s.MostInFlight("RetrieveServiceContent"); got != 1 {
		t.Errorf("most in flight: %d, want 1", got)
	}
}
