// SPDX-License-Identifier: Apache-2.0

package sim

// The benchmark options: Config.Latency delays exactly the API round trips, each by at least the
// latency; Config.VMs sizes the inventory, whose VM files can still be written.

import (
	"context"
	"crypto/tls"
	"fmt"
	"io/ioutil"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

func TestLatencyDelaysEachRoundTrip(t *testing.T) {
	const latency = 30 * time.Millisecond
	var mu sync.Mutex
	var delayed []string
	s := start(t, Config{Model: "esx", Latency: latency, onLatency: func(request string) {
		mu.Lock()
		delayed = append(delayed, request)
		mu.Unlock()
	}})
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	defer hc.CloseIdleConnections()
	get := func(path string) {
		t.Helper()
		res, err := hc.Get("https://" + s.Addr + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = ioutil.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: HTTP %d", path, res.StatusCode)
		}
	}

	began := time.Now()
	get("/sdk/vimServiceVersions.xml")
	get("/about") // not a round trip to the API: not delayed
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(began)

	var want []string
	for _, r := range s.Requests() {
		if r != "GET /about" {
			want = append(want, r)
		}
	}
	mu.Lock()
	got := append([]string(nil), delayed...)
	mu.Unlock()
	if len(want) < 4 || want[0] != "GET /sdk/vimServiceVersions.xml" || !reflect.DeepEqual(got, want) {
		t.Fatalf("delayed requests:\n got %q\nwant %q", got, want)
	}
	// The client waits for each answer before the next request, so the delays add up.
	if min := time.Duration(len(want)) * latency; elapsed < min {
		t.Fatalf("%d round trips took %v, less than %v", len(want), elapsed, min)
	}
}

func TestVMsSizesTheInventory(t *testing.T) {
	for _, tc := range []struct {
		model    string
		vms, got int
	}{
		{"esx", 0, 2}, {"esx", 7, 7}, {"vc", 0, 4}, {"vc", 7, 8}, {"vc", 8, 8},
	} {
		t.Run(fmt.Sprintf("%s-%d", tc.model, tc.vms), func(t *testing.T) {
			s := start(t, Config{Model: tc.model, VMs: tc.vms})
			if err := s.WriteVMFiles(); err != nil {
				t.Fatal(err)
			}
			vms, err := s.VMs()
			if err != nil {
				t.Fatal(err)
			}
			if len(vms) != tc.got {
				t.Fatalf("%d VMs, want %d", len(vms), tc.got)
			}
			for _, vm := range vms {
				if vm.PowerState != string(types.VirtualMachinePowerStatePoweredOn) {
					t.Errorf("%s: %s", vm.Name, vm.PowerState)
				}
				data, err := s.ReadFile(vm.Path)
				if err != nil || len(data) == 0 {
					t.Errorf("%s: vmx not written (%d bytes, %v)", vm.Path, len(data), err)
				}
			}
		})
	}
}

func TestVMsRejectsNegative(t *testing.T) {
	if s, err := Start(Config{Model: "esx", VMs: -1}); err == nil {
		s.Close()
		t.Fatal("VMs -1 accepted")
	}
	if s, err := Start(Config{Model: "esx", Latency: -time.Millisecond}); err == nil {
		s.Close()
		t.Fatal("negative latency accepted")
	}
}
