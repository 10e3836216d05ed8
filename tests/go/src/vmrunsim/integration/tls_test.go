// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"io/ioutil"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TLS trust (docs/behaviour.md#tls, docs/behaviour.md#connecting, docs/behaviour.md#tls-notices).

func knownHostsPath(h *harness) string {
	return filepath.Join(h.xdg, "vmrun", "known_hosts")
}

func readKnownHosts(t *testing.T, path string) string {
	t.Helper()
	b, err := ioutil.ReadFile(path)
	if err != nil {
		t.Fatalf("known_hosts: %v", err)
	}
	return string(b)
}

func listOutput(h *harness) []string {
	running := h.s.RunningVMPaths()
	return append([]string{"Total running VMs: " + strconv.Itoa(len(running))}, running...)
}

// First use: trusted and recorded; a changed certificate on the same host:port is refused.
func TestTLSTrustOnFirstUse(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		kh := knownHostsPath(h)
		first := h.s.ThumbprintSHA256

		h.vmrun(append(h.conn(), "list")...).Expect(t, 0, listOutput(h)...)
		wantLine := h.s.Addr + " " + first + "\n"
		if got := readKnownHosts(t, kh); got != wantLine {
			t.Fatalf("known_hosts after first use:\n%q\nwant\n%q", got, wantLine)
		}
		st, err := os.Stat(kh)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0600 {
			t.Errorf("known_hosts mode %o, want 600", st.Mode().Perm())
		}

		// Same certificate again: accepted, file unchanged.
		h.vmrun(append(h.conn(), "list")...).Expect(t, 0, listOutput(h)...)
		if got := readKnownHosts(t, kh); got != wantLine {
			t.Errorf("known_hosts changed on second use:\n%q", got)
		}

		// Same port, new certificate: refused with both thumbprints, hint on stderr.
		h.restart()
		second := h.s.ThumbprintSHA256
		if second == first {
			t.Fatal("restarted sim kept its certificate")
		}
		r := h.vmrun(append(h.conn(), "list")...)
		r.ExpectError(t, msgUnableToConnect,
			"Error: The certificate of "+h.s.Addr+" does not match the trusted thumbprint: expected SHA256 "+first+", presented SHA256 "+second)
		hint := "To trust the new certificate, remove this line from " + kh + ":\n" + h.s.Addr + " " + first + "\n"
		if !strings.Contains(r.Stderr, hint) {
			t.Errorf("stderr lacks the removal hint %q:\n%s", hint, r.Describe())
		}
		if got := readKnownHosts(t, kh); got != wantLine {
			t.Errorf("known_hosts changed by a refused connection:\n%q", got)
		}
		if len(h.s.Calls()) != 0 {
			t.Errorf("SOAP calls sent to an untrusted server: %v", h.s.Calls())
		}

		// --insecure skips the check and leaves known_hosts alone.
		h.run("list").Expect(t, 0, listOutput(h)...)
		if got := readKnownHosts(t, kh); got != wantLine {
			t.Errorf("known_hosts changed by an --insecure run:\n%q", got)
		}
	})
}

// --thumbprint pins, --tls=strict, --ca-file.
func TestTLSPinsAndStrict(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		s256, s1 := h.s.ThumbprintSHA256, h.s.ThumbprintSHA1
		wrong256 := flipFirstByte(s256)
		wrong1 := flipFirstByte(s1)
		notMatch := "Error: The certificate of " + h.s.Addr + " does not match the trusted thumbprint: "

		// Each case in a fresh HOME, so nothing is trusted beforehand.
		fresh := func(longOpts ...string) result {
			home := t.TempDir()
			return runVmrun(t, home, filepath.Join(home, "xdg"), append(h.conn(longOpts...), "list")...)
		}

		fresh("--thumbprint="+wrong256).ExpectError(t, msgUnableToConnect,
			notMatch+"expected SHA256 "+wrong256+", presented SHA256 "+s256)
		fresh("--thumbprint="+wrong1).ExpectError(t, msgUnableToConnect,
			notMatch+"expected SHA1 "+wrong1+", presented SHA1 "+s1)

		for _, pin := range []string{
			s256,
			strings.ToLower(s256),
			strings.ReplaceAll(s256, ":", ""),
			strings.ToLower(strings.ReplaceAll(s256, ":", "")),
			s1,
			strings.ToLower(s1),
			strings.ReplaceAll(s1, ":", ""),
			strings.ToLower(strings.ReplaceAll(s1, ":", "")),
		} {
			r := fresh("--thumbprint=" + pin)
			if r.Code != 0 {
				t.Errorf("right pin %s refused:\n%s", pin, r.Describe())
			}
		}

		fresh("--tls=strict").ExpectError(t, msgUnableToConnect,
			"Error: The certificate of "+h.s.Addr+" is not trusted (SHA256 "+s256+")")
		fresh("--tls=strict", "--thumbprint="+s256).Expect(t, 0, listOutput(h)...)

		ca := filepath.Join(t.TempDir(), "sim-ca.pem")
		h.must(ioutil.WriteFile(ca, h.s.CertPEM, 0600))
		fresh("--tls=strict", "--ca-file="+ca).Expect(t, 0, listOutput(h)...)
		fresh("--tls=tofu").Expect(t, 0, listOutput(h)...)
		fresh("--tls=insecure").Expect(t, 0, listOutput(h)...)
	})
}

// flipFirstByte returns a thumbprint of the same form that differs in its first byte.
func flipFirstByte(tp string) string {
	if strings.HasPrefix(tp, "00") {
		return "11" + tp[2:]
	}
	return "00" + tp[2:]
}
