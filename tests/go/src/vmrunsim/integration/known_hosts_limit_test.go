// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"os"
	"path/filepath"
	"testing"
)

// A known_hosts far larger than any real one (100 MB) is refused after reading its first 4 MiB:
// one clear line naming it, in the memory bound of hostile input (not under AddressSanitizer),
// and the file left as it was.
func TestKnownHostsTooLarge(t *testing.T) {
	h := newHarness(t, "esx", nil)
	path := filepath.Join(h.xdg, "vmrun", "known_hosts")
	h.must(os.MkdirAll(filepath.Dir(path), 0o700))
	h.must(os.WriteFile(path, []byte("elsewhere:443 AA\n"), 0o600))
	h.must(os.Truncate(path, 100*1000*1000)) // sparse: cheap to make
	r, peakKiB := h.vmrunEnv(nil, append(h.conn(), "list")...)
	r.ExpectError(t, msgUnableToConnect, "Error: "+path+" is larger than 4 MiB: not read")
	if limit := hostileRSSLimit(); peakKiB > limit {
		t.Errorf("vmrun peaked at %d KiB reading a 100 MB known_hosts, want under %d KiB", peakKiB, limit)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != 100*1000*1000 {
		t.Errorf("known_hosts changed: %v %v", info, err)
	}
	if h.s.CallCount("Login") != 0 {
		t.Errorf("logged in past an unread known_hosts: %v", h.s.Calls())
	}
}
