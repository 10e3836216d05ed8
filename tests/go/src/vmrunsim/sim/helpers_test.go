// SPDX-License-Identifier: Apache-2.0

package sim

// Helpers of the simulator's own tests: run a test once per model, start a Sim per test, log in
// over the real wire, name a SOAP fault, look a string up.

import (
	"context"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/vim25/soap"
)

func TestMain(m *testing.M) {
	log.SetOutput(ioutil.Discard) // the simulator logs every call
	os.Exit(m.Run())
}

func start(t *testing.T, cfg Config) *Sim {
	t.Helper()
	if cfg.User == "" {
		cfg.User, cfg.Password = "root", "Sup3r secret"
	}
	s, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func login(t *testing.T, s *Sim, user, pass string) (*govmomi.Client, error) {
	t.Helper()
	u, _ := url.Parse(s.URL)
	u.User = url.UserPassword(user, pass)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return govmomi.NewClient(ctx, u, true)
}

// forEachModel runs f as subtests "esx" and "vc".
func forEachModel(t *testing.T, f func(t *testing.T, model string)) {
	for _, model := range []string{"esx", "vc"} {
		model := model
		t.Run(model, func(t *testing.T) { f(t, model) })
	}
}

// faultOf returns the fault type name of a SOAP fault error ("" if not a fault).
func faultOf(err error) string {
	if err != nil && soap.IsSoapFault(err) {
		t := reflect.TypeOf(soap.ToSoapFault(err).VimFault())
		for t.Kind() == reflect.Ptr {
			t = t.Elem()
		}
		return t.Name()
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
