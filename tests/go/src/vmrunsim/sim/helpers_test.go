// SPDX-License-Identifier: Apache-2.0

package sim

// Helpers of the simulator's own tests: run a test once per model, start a Sim per test, log in
// over the real wire, name a SOAP fault, look a string up.

import (
	"context"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/vim25/soap"

	"vmrunsim/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func start(t *testing.T, cfg Config) *Sim {
	t.Helper()
	if cfg.User == "" {
		cfg.User, cfg.Password = "root", "Sup3r secret"
	}
	s, err := Start(cfg)
	testkit.Started(t, cfg.Model+" sim", s, err)
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
func forEachModel(t *testing.T, f func(t *testing.T, model string)) { testkit.ForEachModel(t, f) }

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

func contains(list []string, s string) bool { return testkit.Contains(list, s) }
