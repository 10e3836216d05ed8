// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"encoding/json"
	"io/ioutil"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"

	"github.com/vmware/govmomi"

	"vmrunsim/sim"
)

// The control endpoint counts exactly the SOAP calls made since the last reset, by method.
func TestControlCountsCalls(t *testing.T) {
	log.SetOutput(ioutil.Discard)
	s, err := sim.Start(sim.Config{Model: "esx"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctl := httptest.NewServer(controlHandler(s))
	defer ctl.Close()

	u, _ := url.Parse(s.URL)
	u.User = url.UserPassword("user", "pass")
	if _, err := govmomi.NewClient(context.Background(), u, true); err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(ctl.URL+"/reset", "", nil)
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %v %v", res, err)
	}
	c, err := govmomi.NewClient(context.Background(), u, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, m := range s.Calls() {
		want[m]++
	}

	res, err = http.Get(ctl.URL + "/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got callCounts
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Calls["Login"] != 1 || got.Calls["Logout"] != 1 || !reflect.DeepEqual(got.Calls, want) ||
		got.Total != len(s.Calls()) || got.Connections != s.Connections() || len(got.HTTP) != 0 {
		t.Fatalf("counts %+v, want calls %v", got, want)
	}
}
